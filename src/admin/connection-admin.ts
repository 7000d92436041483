/**
 * The admin page's engineering connection: what it shows, saving and removing it, and testing a draft against the
 * engineering API. A stored token only ever travels to the URL it was entered for: a new URL needs the token again.
 */
import { fetch as forgeFetch, getAppContext } from '@forge/api';
import { z } from 'zod';
import type { AppConfig } from '../config';
import { checkBaseUrl, environmentAppliesTo, secretHint, tokenProblem } from '../domain/engineering-connection';
import { createEngineeringClient } from '../engineering/engineering-client';
import { describeEngineeringError } from '../engineering/errors';
import { deleteSiteConnection, readStoredConnection, readStoredToken, writeSiteConnection } from '../kvs/site-settings';
import { queryPage } from '../kvs/key-pages';
import { KEYS } from '../kvs/keys';
import type { ConnectionState, TestConnectionResult } from '../shared/admin-contract';
import { invalidInput, type AdminOutcome } from './admin-outcome';

const SaveInput = z.object({ baseUrl: z.string().max(2048), token: z.string().max(8192).optional() });
const TestInput = z.object({ baseUrl: z.string().max(2048).optional(), token: z.string().max(8192).optional(), sampleId: z.string().max(64).optional() });

export async function connectionState(config: AppConfig, cloudId: string | undefined): Promise<ConnectionState> {
  const allowedHosts = config.engineering.allowedOrigins.map((origin) => hostOf(origin) ?? origin);
  const stored = await readStoredConnection();
  if (stored) {
    return { status: 'connected', source: 'site', baseUrl: stored.baseUrl, tokenHint: stored.tokenHint, updatedAt: new Date(stored.updatedAt).toISOString(), updatedBy: stored.updatedBy, allowedHosts };
  }
  const { baseUrl, token } = config.engineering;
  if (baseUrl !== undefined && token !== undefined && environmentAppliesTo(config.environmentScope, cloudId)) {
    return { status: 'connected', source: 'environment', baseUrl, allowedHosts };
  }
  return { status: 'not_connected', allowedHosts };
}

export async function saveConnection(payload: unknown, accountId: string): Promise<AdminOutcome<{ baseUrl: string; tokenReplaced: boolean }>> {
  const input = SaveInput.safeParse(payload);
  if (!input.success) return invalidInput('Enter the engineering API base URL and, for a new connection, its token.');
  const url = checkBaseUrl(input.data.baseUrl);
  if (!url.ok) return invalidInput(`The base URL ${url.problem}.`);
  const typed = typedToken(input.data.token);
  if ('refused' in typed) return typed.refused;
  const { token } = typed;
  const stored = await readStoredConnection();
  if (token === undefined && (!stored || stored.baseUrl !== url.baseUrl)) {
    return invalidInput(stored ? 'Enter the API token again: a stored token is only sent to the URL it was entered for.' : 'Enter the API token.');
  }
  await writeSiteConnection(
    { baseUrl: url.baseUrl, tokenHint: token === undefined ? (stored?.tokenHint ?? '…') : secretHint(token), updatedAt: Date.now(), updatedBy: accountId },
    token,
  );
  return { ok: true, value: { baseUrl: url.baseUrl, tokenReplaced: token !== undefined } };
}

export async function removeConnection(): Promise<void> {
  await deleteSiteConnection();
}

/**
 * Reads one record with the draft (or saved) connection: the HTTP status, the time it took and the record, or the most
 * precise reason the app can see (Forge's egress refusal, a refused token, a timeout, the server's status).
 */
export async function testConnection(payload: unknown): Promise<AdminOutcome<TestConnectionResult>> {
  const input = TestInput.safeParse(payload ?? {});
  if (!input.success) return invalidInput('The test takes a base URL, a token and a spec id, each optional.');
  const stored = await readStoredConnection();
  const rawUrl = input.data.baseUrl?.trim() ? input.data.baseUrl : stored?.baseUrl;
  if (rawUrl === undefined) return invalidInput('Enter the engineering API base URL to test.');
  const url = checkBaseUrl(rawUrl);
  if (!url.ok) return invalidInput(`The base URL ${url.problem}.`);
  const checkedToken = typedToken(input.data.token);
  if ('refused' in checkedToken) return checkedToken.refused;
  const typed = checkedToken.token;
  if (typed === undefined && stored?.baseUrl !== url.baseUrl) {
    return invalidInput(stored ? 'Enter the API token: a stored token is only sent to the URL it was entered for.' : 'Enter the API token to test.');
  }
  const token = typed ?? (await readStoredToken());
  if (token === undefined) return invalidInput('Enter the API token to test.');

  let lastStatus: number | null = null;
  const client = createEngineeringClient({
    baseUrl: url.baseUrl,
    token,
    fetch: forgeFetch,
    remainingTimeMs: () => getAppContext().invocationRemainingTimeInMillis(),
    maxAttempts: 1,
    onRequest: (info) => {
      lastStatus = info.status;
    },
  });
  const startedAt = Date.now();
  const sampleId = input.data.sampleId?.trim() || (await cachedSpecId()) || (await firstSearchHit(client));
  if (sampleId === undefined) {
    const latencyMs = Date.now() - startedAt;
    return lastStatus === 200
      ? { ok: true, value: { ok: true, status: 200, latencyMs } }
      : { ok: true, value: { ok: false, latencyMs, ...(lastStatus === null ? {} : { status: lastStatus }), reason: 'The engineering API answered no search results and no spec id was given: enter a spec id to read.' } };
  }
  const read = await client.getSpec(sampleId);
  const latencyMs = Date.now() - startedAt;
  const status = lastStatus ?? undefined;
  if (read.ok && 'record' in read.value) {
    const { id, title, revision, status: lifecycle } = read.value.record;
    return { ok: true, value: { ok: true, status: status ?? 200, latencyMs, sample: { id, title, revision, status: lifecycle } } };
  }
  const reason = read.ok ? 'The engineering API answered 304 to a read without an ETag.' : describeEngineeringError(read.error);
  return { ok: true, value: { ok: false, latencyMs, ...(status === undefined ? {} : { status }), reason } };
}

/** The token the admin typed (trimmed; undefined when the field was left empty), or why it cannot travel as a header. */
function typedToken(raw: string | undefined): { token: string | undefined } | { refused: ReturnType<typeof invalidInput> } {
  const token = raw?.trim() ? raw.trim() : undefined;
  const problem = token === undefined ? undefined : tokenProblem(token);
  return problem ? { refused: invalidInput(`The API token ${problem}.`) } : { token };
}

/** A spec id this site has cached, so the test reads something real without the admin typing one. */
async function cachedSpecId(): Promise<string | undefined> {
  const page = await queryPage<unknown>(KEYS.specPrefix(), 1).catch(() => undefined);
  return page?.items[0]?.key.slice(KEYS.specPrefix().length) || undefined;
}

async function firstSearchHit(client: ReturnType<typeof createEngineeringClient>): Promise<string | undefined> {
  const found = await client.search('a', 1);
  return found.ok ? found.value[0]?.id : undefined;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
