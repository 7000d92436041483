/**
 * `npm run where-used`: ask a Spec Bridge installation which pages show a spec (or what a page's macros show), with a
 * Standard Webhooks-signed query, and print the answer.
 */
import { parseArgs } from 'node:util';
import { SPEC_ID_PATTERN } from '../../src/shared/spec-record';
import { LOCAL_QUERY_SECRET } from '../keys/local-bridge-secrets';
import { DEFAULT_DEV_PORT, resolveSignedTarget } from '../notify/local-dev-server';
import { sendWhereUsedQuery, type WhereUsedQueryBody } from './send-query';

export interface WhereUsedCliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

/** Environment variable read when `--secret` is not given (keeps the secret out of shell history). */
export const QUERY_SECRET_ENV = 'SPEC_BRIDGE_QUERY_SECRET';

export const WHERE_USED_USAGE = `Usage: npm run where-used -- [--url <web trigger url>] [--secret whsec_…] [--cursor <c>] [--limit <n>] SPEC-ID
       npm run where-used -- [--url …] [--secret …] --page <page id> [--macro <localId>]

Asks Spec Bridge which pages show a spec (or, with --page, what the macros on a page show now) with a signed query.

  --url <url>        the where-used query web trigger URL; defaults to the local \`npm run dev\` server's,
                     http://127.0.0.1:$PORT/x/where-used-query (PORT defaults to ${DEFAULT_DEV_PORT})
  --secret <whsec_…> the site's query secret; defaults to $${QUERY_SECRET_ENV}, then — for a 127.0.0.1 or
                     localhost URL only — to the local development query secret \`npm run dev\` uses
  --cursor <c>       the nextCursor of a previous answer
  --limit <n>        pages per answer (1–50, default 20)
  -h, --help         show this text
Exit codes: 0 when the trigger answers 200, 1 on any other answer or a network error, 2 on usage errors.`;

export async function runWhereUsedCli(argv: string[], io: WhereUsedCliIo): Promise<number> {
  const parsed = parse(argv, io.env);
  if (parsed.kind === 'help') {
    io.stdout(WHERE_USED_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr(`where-used: ${parsed.message}\n\n${WHERE_USED_USAGE}`);
    return 2;
  }
  const { url, secret, query, defaulted } = parsed;
  if (defaulted.url || defaulted.secret) {
    io.stderr(`where-used: ${defaulted.url ? `asking the local dev server, ${url}` : `asking ${url}`}${defaulted.secret ? ', signed with the local development query secret' : ''}`);
  }
  try {
    const result = await sendWhereUsedQuery({ url, secret, query, ...(io.fetch ? { fetch: io.fetch } : {}) });
    if (result.status === 200) {
      io.stdout(pretty(result.body));
      return 0;
    }
    io.stderr(`where-used: HTTP ${result.status} ${result.body}`);
    if (result.status === 401 && defaulted.secret) io.stderr('where-used: the local development query secret was refused; if `npm run dev` runs with QUERY_SECRET set, pass that secret with --secret.');
    return 1;
  } catch (error) {
    io.stderr(`where-used: could not reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
    if (defaulted.url) io.stderr('where-used: is `npm run dev` running? Start it, or give --url.');
    return 1;
  }
}

type Parsed =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'ask'; url: string; secret: string; query: WhereUsedQueryBody; defaulted: { url: boolean; secret: boolean } };

function parse(argv: string[], env: WhereUsedCliIo['env']): Parsed {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        secret: { type: 'string' },
        cursor: { type: 'string' },
        limit: { type: 'string' },
        page: { type: 'string' },
        macro: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const target = resolveSignedTarget({
    url: values.url,
    secret: values.secret,
    defaultUrl: () => `http://127.0.0.1:${env.PORT ?? DEFAULT_DEV_PORT}/x/where-used-query`,
    env,
    secretEnv: QUERY_SECRET_ENV,
    localSecret: LOCAL_QUERY_SECRET,
  });
  if (!target.ok) return { kind: 'error', message: target.message };
  const { url, secret, defaulted } = target;
  if (values.page !== undefined) {
    if (positionals.length > 0) return { kind: 'error', message: 'Give either a spec id or --page, not both.' };
    return { kind: 'ask', url, secret, defaulted, query: { query: 'macroOnPage', pageId: values.page, ...(values.macro ? { localId: values.macro } : {}) } };
  }
  const [specId, ...extra] = positionals.map((id) => id.trim().toUpperCase());
  if (!specId || extra.length > 0) return { kind: 'error', message: 'Give one spec id, e.g. SHAFT-1042.' };
  if (!SPEC_ID_PATTERN.test(specId)) return { kind: 'error', message: `Not a spec id: ${specId} (expected ${SPEC_ID_PATTERN.source}).` };
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 50)) return { kind: 'error', message: '--limit must be a whole number from 1 to 50.' };
  return { kind: 'ask', url, secret, defaulted, query: { query: 'pagesShowingSpec', specId, ...(values.cursor ? { cursor: values.cursor } : {}), ...(limit ? { limit } : {}) } };
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
