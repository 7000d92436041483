/**
 * Client for the engineering system's REST API (docs/engineering-api.openapi.yaml). Every method returns a value:
 * `{ ok: true, value }` or `{ ok: false, error }` with an EngineeringError; it never throws for upstream failures.
 */
import { SPEC_ID_PATTERN, type SpecRecord } from '../shared/spec-record';
import type { EngineeringError, EngineeringResult } from './errors';
import {
  getWithRetry,
  type EngineeringFetch,
  type EngineeringRequestInfo,
  type TransportConfig,
} from './http-transport';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SAFETY_MARGIN_MS,
} from './retry-policy';
import { SearchResponse, type SearchHit } from './schema';
import { readBatch, type SpecBatch } from './read-batch';
import { invalidResponse, validateRecord } from './validate-record';

/** Most ids per GET /specs?ids=… request (contract: more → 400 too_many_ids). */
export const BATCH_CHUNK_SIZE = 50;
/** Search limits from the contract. */
export const MAX_SEARCH_QUERY_LENGTH = 100;
export const MAX_SEARCH_LIMIT = 25;

/** Settings of createEngineeringClient. Only baseUrl, token, fetch and remainingTimeMs are required. */
export interface EngineeringClientOptions {
  /** ENG_API_BASE_URL, e.g. `https://eng.example.com/eng/api/v1` (no trailing slash needed). */
  baseUrl: string;
  /** API token, sent only as `Authorization: Bearer …`; never logged or put in errors. */
  token: string;
  /** `fetch` from @forge/api on Forge; `(...a) => globalThis.fetch(...a)` in tests. */
  fetch: EngineeringFetch;
  /** Milliseconds the invocation has left, e.g. `() => getAppContext().invocationRemainingTimeInMillis()`. */
  remainingTimeMs: () => number;
  /** Uniform [0, 1) source for backoff jitter (default Math.random). */
  random?: () => number;
  /** Waits between retries (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock in ms, for HTTP-date Retry-After and request durations (default Date.now). */
  now?: () => number;
  /** Attempts per call including the first (default 3). */
  maxAttempts?: number;
  /** Upper bound per request; cut further to the remaining time (default 8000). */
  requestTimeoutMs?: number;
  /** Time kept back from remainingTimeMs for the caller's own work (default 1000). */
  safetyMarginMs?: number;
  /** Called once per HTTP attempt (activity log, benchmark). Receives no headers. */
  onRequest?: (info: EngineeringRequestInfo) => void;
}

/** A record with the ETag to send as If-None-Match next time (null when the server sent none). */
export interface SpecWithEtag {
  record: SpecRecord;
  etag: string | null;
}

/** getSpec's value: a fresh record, or "your cached copy for this ETag is still current" (304). */
export type SpecFetch = SpecWithEtag | { notModified: true; etag: string | null };

/** The engineering system API as Spec Bridge uses it. */
export interface EngineeringClient {
  /** GET /specs/{id}; with `etag`, a 304 answer yields `{ notModified: true }`. */
  getSpec(id: string, options?: { etag?: string }): Promise<EngineeringResult<SpecFetch>>;
  /** GET /specs?ids=… in sequential chunks of 50; one malformed record only lands in `invalid`. */
  getSpecs(ids: readonly string[]): Promise<EngineeringResult<SpecBatch>>;
  /** GET /specs/{id}/revisions/{revision}: the record as it was at that revision. */
  getRevision(id: string, revision: string): Promise<EngineeringResult<SpecRecord>>;
  /** GET /search: ids and titles matching `query` (trimmed, cut to 100 chars); `limit` is clamped to 1–25. */
  search(query: string, limit?: number): Promise<EngineeringResult<SearchHit[]>>;
}

export type { SpecBatch } from './read-batch';

/** Builds the client. Pure wiring: no request is made until a method is called. */
export function createEngineeringClient(options: EngineeringClientOptions): EngineeringClient {
  const config: TransportConfig = {
    baseUrl: options.baseUrl,
    token: options.token,
    fetch: options.fetch,
    remainingTimeMs: options.remainingTimeMs,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    safetyMarginMs: options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS,
    ...(options.onRequest && { onRequest: options.onRequest }),
  };

  async function getSpec(id: string, opts: { etag?: string } = {}): Promise<EngineeringResult<SpecFetch>> {
    if (!SPEC_ID_PATTERN.test(id)) return fail({ kind: 'not_found', id });
    const headers: Record<string, string> = opts.etag ? { 'If-None-Match': opts.etag } : {};
    const result = await getWithRetry(config, `/specs/${encodeURIComponent(id)}`, headers);
    if (!result.ok) return result;
    if (result.status === 304) {
      return { ok: true, value: { notModified: true, etag: result.etag ?? opts.etag ?? null } };
    }
    if (result.status === 404) return fail({ kind: 'not_found', id });
    const validation = validateRecord(result.json, id);
    if (!validation.ok) return fail(validation.error);
    return { ok: true, value: { record: validation.record, etag: result.etag } };
  }

  async function getSpecs(ids: readonly string[]): Promise<EngineeringResult<SpecBatch>> {
    const wanted = [...new Set(ids)];
    const valid = wanted.filter((id) => SPEC_ID_PATTERN.test(id));
    const cannotExist = wanted.filter((id) => !SPEC_ID_PATTERN.test(id));
    const batch: SpecBatch = { found: new Map(), missing: cannotExist, invalid: new Map() };
    // Sequential on purpose: a macro needs one chunk (≤ 50 ids); several chunks come from background refreshes where
    // latency matters less than not bursting a rate-limited upstream, and we stop at the first failed chunk.
    for (let start = 0; start < valid.length; start += BATCH_CHUNK_SIZE) {
      const chunk = valid.slice(start, start + BATCH_CHUNK_SIZE);
      const result = await getWithRetry(config, `/specs?ids=${chunk.map(encodeURIComponent).join(',')}`);
      if (!result.ok) return result;
      if (result.status !== 200) return fail(unexpectedStatus(result.status));
      const read = readBatch(result.json, chunk, batch);
      if (!read.ok) return read;
    }
    return { ok: true, value: batch };
  }

  async function getRevision(id: string, revision: string): Promise<EngineeringResult<SpecRecord>> {
    if (!SPEC_ID_PATTERN.test(id) || revision.length === 0 || revision.length > 50) {
      return fail({ kind: 'not_found', id, revision });
    }
    const path = `/specs/${encodeURIComponent(id)}/revisions/${encodeURIComponent(revision)}`;
    const result = await getWithRetry(config, path);
    if (!result.ok) return result;
    if (result.status === 404) return fail({ kind: 'not_found', id, revision });
    if (result.status !== 200) return fail(unexpectedStatus(result.status));
    const validation = validateRecord(result.json, id);
    return validation.ok ? { ok: true, value: validation.record } : fail(validation.error);
  }

  async function search(query: string, limit = 10): Promise<EngineeringResult<SearchHit[]>> {
    const q = query.trim().slice(0, MAX_SEARCH_QUERY_LENGTH);
    if (q.length === 0) return { ok: true, value: [] };
    const clamped = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 10)));
    const result = await getWithRetry(config, `/search?q=${encodeURIComponent(q)}&limit=${clamped}`);
    if (!result.ok) return result;
    if (result.status !== 200) return fail(unexpectedStatus(result.status));
    const parsed = SearchResponse.safeParse(result.json);
    if (!parsed.success) return fail(invalidResponse(undefined, parsed.error.issues));
    return { ok: true, value: parsed.data.items };
  }

  return { getSpec, getSpecs, getRevision, search };
}

function fail(error: EngineeringError): { ok: false; error: EngineeringError } {
  return { ok: false, error };
}

function unexpectedStatus(status: number): EngineeringError {
  return { kind: 'unavailable', status, detail: `unexpected HTTP ${status} from this endpoint` };
}
