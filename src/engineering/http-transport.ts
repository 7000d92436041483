/**
 * One GET against the engineering API with everything around it: auth headers, a timeout bounded by the invocation's
 * remaining time, retries with full-jitter backoff on network errors and 5xx, Retry-After on 429, and a body cap.
 */
import { redactSecret, type EngineeringError } from './errors';
import { MAX_RESPONSE_BYTES, readCappedBody, type EngineeringResponse } from './read-capped-body';
import { ErrorBody, Etag } from './schema';
import {
  fullJitterDelayMs,
  parseRetryAfterMs,
  requestBudgetMs,
  toRetryAfterSeconds,
  waitFits,
} from './retry-policy';

/** What the client passes to `fetch`; a subset of RequestInit that @forge/api's fetch accepts too. */
export interface EngineeringRequestInit {
  method: 'GET';
  headers: Record<string, string>;
  signal: AbortSignal;
  redirect: 'manual';
}

/** The injected fetch: `fetch` from @forge/api on Forge, the global fetch in tests and local runs. */
export type EngineeringFetch = (url: string, init: EngineeringRequestInit) => Promise<EngineeringResponse>;

/** One attempt as reported to `onRequest` (benchmark, activity log). `status` is null when no response arrived. */
export interface EngineeringRequestInfo {
  method: 'GET';
  url: string;
  status: number | null;
  attempt: number;
  ms: number;
  failure?: 'timeout' | 'network';
}

/** Fully resolved transport settings (defaults applied by createEngineeringClient). */
export interface TransportConfig {
  baseUrl: string;
  token: string;
  fetch: EngineeringFetch;
  remainingTimeMs: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  maxAttempts: number;
  requestTimeoutMs: number;
  safetyMarginMs: number;
  onRequest?: (info: EngineeringRequestInfo) => void;
}

/** A response the caller interprets itself (200 with parsed JSON, 304, 404); everything else became an error. */
export type TransportResult =
  | { ok: true; status: 200; etag: string | null; json: unknown }
  | { ok: true; status: 304; etag: string | null }
  | { ok: true; status: 404; etag: string | null }
  | { ok: false; error: EngineeringError };

type Attempt = { final: TransportResult } | { retry: EngineeringError; waitMs: number | null };

const ERROR_BODY_BYTES = 64 * 1024;
const MAX_NETWORK_DETAIL_CHARS = 300;

/** GETs `path` (relative to the base URL), retrying transient failures while attempts and time remain. */
export async function getWithRetry(
  config: TransportConfig,
  path: string,
  headers: Record<string, string> = {},
): Promise<TransportResult> {
  const url = config.baseUrl.replace(/\/+$/, '') + path;
  let lastError: EngineeringError = { kind: 'timeout' };
  for (let attempt = 1; attempt <= config.maxAttempts; attempt++) {
    const budgetMs = requestBudgetMs(config.remainingTimeMs(), config.safetyMarginMs, config.requestTimeoutMs);
    if (budgetMs === null) return { ok: false, error: lastError };
    const outcome = await attemptOnce(config, url, headers, attempt, budgetMs);
    if ('final' in outcome) return outcome.final;
    lastError = outcome.retry;
    if (attempt === config.maxAttempts) break;
    const waitMs = outcome.waitMs ?? fullJitterDelayMs(attempt, config.random);
    if (!waitFits(waitMs, config.remainingTimeMs(), config.safetyMarginMs)) break;
    await config.sleep(waitMs);
  }
  return { ok: false, error: lastError };
}

async function attemptOnce(
  config: TransportConfig,
  url: string,
  headers: Record<string, string>,
  attempt: number,
  budgetMs: number,
): Promise<Attempt> {
  const signal = AbortSignal.timeout(budgetMs);
  const startedAt = config.now();
  let status: number | null = null;
  let outcome: Attempt;
  let failure: 'timeout' | 'network' | undefined;
  try {
    const response = await config.fetch(url, {
      method: 'GET',
      headers: { ...headers, Accept: 'application/json', Authorization: `Bearer ${config.token}` },
      signal,
      redirect: 'manual',
    });
    status = response.status;
    outcome = await interpret(config, response);
  } catch (error) {
    // The same signal covers the body read, so an abort there is a timeout too.
    failure = signal.aborted ? 'timeout' : 'network';
    // Redacted before it is clipped: a clip first could leave the start of a long token (a header error quotes it).
    const detail = redactSecret(describeNetworkError(error), config.token).slice(0, MAX_NETWORK_DETAIL_CHARS);
    outcome = signal.aborted
      ? { final: { ok: false, error: { kind: 'timeout' } } }
      : isEgressRefusal(error)
        ? { final: { ok: false, error: { kind: 'unavailable', detail: EGRESS_REFUSED } } }
        : { retry: { kind: 'unavailable', detail }, waitMs: null };
  }
  const ms = config.now() - startedAt;
  const info: EngineeringRequestInfo = { method: 'GET', url, status: failure ? null : status, attempt, ms };
  notify(config, failure ? { ...info, failure } : info);
  return outcome;
}

// An observability hook must never change the outcome of a request, so its own failures are dropped.
function notify(config: TransportConfig, info: EngineeringRequestInfo): void {
  try {
    config.onRequest?.(info);
  } catch {
    // ignored on purpose
  }
}

async function interpret(config: TransportConfig, response: EngineeringResponse): Promise<Attempt> {
  const { status } = response;
  const etagHeader = Etag.safeParse(response.headers.get('etag'));
  const etag = etagHeader.success ? etagHeader.data : null;
  if (status === 200) {
    const body = await readCappedBody(response, MAX_RESPONSE_BYTES);
    if (!body.ok) return { final: { ok: false, error: { kind: 'invalid_response', detail: body.detail, tooLarge: true } } };
    const json = parseJson(body.text);
    if (json === undefined) {
      const detail = 'response body is not valid JSON (truncated?)';
      return { final: { ok: false, error: { kind: 'invalid_response', detail } } };
    }
    return { final: { ok: true, status, etag, json } };
  }
  if (status === 304 || status === 404 || status === 401 || status === 403 || status === 429) {
    // These bodies carry nothing the client needs; release the connection.
    await response.body?.cancel().catch(() => undefined);
  }
  if (status === 304) return { final: { ok: true, status, etag } };
  if (status === 404) return { final: { ok: true, status, etag } };
  if (status === 401 || status === 403) return { final: { ok: false, error: { kind: 'unauthorized' } } };
  const waitMs = parseRetryAfterMs(response.headers.get('retry-after'), config.now());
  if (status === 429) {
    // Without a usable Retry-After the loop backs off with jitter, and a caller that gives up is told "1 s".
    return { retry: { kind: 'rate_limited', retryAfterSeconds: toRetryAfterSeconds(waitMs ?? 0) }, waitMs };
  }
  const detail = redactSecret(await errorDetail(response), config.token);
  if (status >= 500) {
    // A 503 may say when to come back; otherwise the loop backs off with jitter.
    return { retry: { kind: 'unavailable', status, detail }, waitMs };
  }
  return { final: { ok: false, error: { kind: 'unavailable', status, detail } } };
}

async function errorDetail(response: EngineeringResponse): Promise<string> {
  const fallback = `HTTP ${response.status}`;
  const body = await readCappedBody(response, ERROR_BODY_BYTES).catch(() => null);
  if (!body?.ok) return fallback;
  const parsed = ErrorBody.safeParse(parseJson(body.text));
  return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : fallback;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Retrying cannot help when Forge's egress rules refuse the host; the deployment must allow it. */
const EGRESS_REFUSED =
  "Forge does not allow Spec Bridge to reach this host: deploy with ENG_API_ORIGIN set to the engineering API's origin (manifest egress)";

// @forge/api's NotAllowedError family (ExternalEndpointNotAllowedError) carries this name.
function isEgressRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === 'REQUEST_EGRESS_ALLOWLIST_ERR';
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  const name = error instanceof Error ? error.message : 'request failed';
  return `network error: ${name}${code}`;
}
