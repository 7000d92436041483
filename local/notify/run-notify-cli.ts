/**
 * `npm run notify`: send one signed change notice to a Spec Bridge web trigger from the command line.
 */
import { parseArgs } from 'node:util';
import { SPEC_ID_PATTERN } from '../../src/shared/spec-record';
import { MAX_SPECS_PER_NOTICE } from '../../src/domain/change-notice';
import { LOCAL_WEBHOOK_SECRET } from '../keys/local-webhook-secret';
import { localWebTriggerUrl, resolveSignedTarget } from './local-dev-server';
import { sendChangeNotice } from './send-notice';

/** Where the CLI writes and what it may read; injected so tests need no process. */
export interface NotifyCliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

/** Environment variable read when `--secret` is not given (keeps the secret out of shell history). */
export const SECRET_ENV = 'SPEC_BRIDGE_WEBHOOK_SECRET';

/** Usage text printed by `--help` and after usage errors. */
export const NOTIFY_USAGE = `Usage: npm run notify -- [--url <web trigger url>] [--secret whsec_…] [--deleted] [--id <webhook-id>] SPEC-ID…

Sends a signed change notice (Standard Webhooks) telling Spec Bridge that specs changed.

  --url <url>        the installation's web trigger URL (http or https); defaults to the
                     local \`npm run dev\` server's, http://127.0.0.1:$PORT/x/… (PORT defaults to 4000)
  --secret <whsec_…> the shared secret; defaults to $${SECRET_ENV}, then — for a 127.0.0.1 or
                     localhost URL only — to the local development secret \`npm run dev\` uses
  --deleted          send spec.deleted instead of spec.updated
  --id <id>          webhook-id to use; repeat a failed delivery's id to retry it
  -h, --help         show this text

Examples: npm run notify -- SHAFT-1042                       (the local dev server)
          npm run notify -- --url https://…/public/… --secret whsec_… S-100 S-101
Exit codes: 0 when the trigger answers 2xx, 1 on any other answer or a network error, 2 on usage errors.`;

/** Runs the CLI and returns its exit code. */
export async function runNotifyCli(argv: string[], io: NotifyCliIo): Promise<number> {
  const parsed = parseNotifyArgs(argv, io.env);
  if (parsed.kind === 'help') {
    io.stdout(NOTIFY_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr(`notify: ${parsed.message}\n\n${NOTIFY_USAGE}`);
    return 2;
  }
  const { url, secret, deleted, id, specIds, defaulted } = parsed;
  if (defaulted.url || defaulted.secret) {
    io.stdout(`notify: ${defaulted.url ? `to the local dev server, ${url}` : `to ${url}`}${defaulted.secret ? ', signed with the local development secret' : ''}`);
  }
  try {
    const result = await sendChangeNotice({
      url,
      secret,
      type: deleted ? 'spec.deleted' : 'spec.updated',
      specIds,
      ...(id ? { id } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    const line = `HTTP ${result.status} (webhook-id ${result.id}) ${result.body}`;
    if (result.status >= 200 && result.status < 300) {
      io.stdout(line);
      return 0;
    }
    io.stderr(`notify: the web trigger refused the notice: ${line}`);
    if (result.status === 401 && defaulted.secret) io.stderr('notify: the local development secret was refused; if `npm run dev` runs with WEBHOOK_SECRET set, pass that secret with --secret.');
    return 1;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    io.stderr(`notify: could not reach ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
    if (defaulted.url) io.stderr('notify: is `npm run dev` running? Start it, or give --url.');
    return 1;
  }
}

type NotifyArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'send'; url: string; secret: string; deleted: boolean; id?: string; specIds: string[]; defaulted: { url: boolean; secret: boolean } };

function parseNotifyArgs(argv: string[], env: NotifyCliIo['env']): NotifyArgs {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        secret: { type: 'string' },
        deleted: { type: 'boolean', default: false },
        id: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const target = resolveSignedTarget({ url: values.url, secret: values.secret, defaultUrl: () => localWebTriggerUrl(env), env, secretEnv: SECRET_ENV, localSecret: LOCAL_WEBHOOK_SECRET });
  if (!target.ok) return { kind: 'error', message: target.message };
  const { url, secret, defaulted } = target;
  const specIds = [...new Set(positionals.map((id) => id.trim().toUpperCase()))];
  if (specIds.length === 0) return { kind: 'error', message: 'Give at least one spec id, e.g. S-100.' };
  if (specIds.length > MAX_SPECS_PER_NOTICE) {
    return { kind: 'error', message: `At most ${MAX_SPECS_PER_NOTICE} spec ids per notice; got ${specIds.length}.` };
  }
  const invalid = specIds.filter((id) => !SPEC_ID_PATTERN.test(id));
  if (invalid.length > 0) {
    return { kind: 'error', message: `Not spec ids: ${invalid.join(', ')} (expected ${SPEC_ID_PATTERN.source}).` };
  }
  return { kind: 'send', url, secret, deleted: values.deleted, specIds, defaulted, ...(values.id ? { id: values.id } : {}) };
}
