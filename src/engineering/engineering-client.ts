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
const LONE_SURROGATES = /\p{Cs}/gu;

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
  /** ENG_LINK_HOSTS: a record whose link points elsewhere is invalid; any host when absent. */
  linkHosts?: readonly string[];
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

/** Extra requests one getSpecs call may make to read a too-large batch answer in smaller parts. */
const MAX_SPLIT_REQUESTS = 16;

/** Builds the client. Pure wiring: no request is made until a method is called. */
export function createEngineeringClient(options: EngineeringClientOptions): EngineeringClient {
  const rules = { ...(options.linkHosts ? { linkHosts: options.linkHosts } : {}) };
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
    const validation = validateRecord(result.json, id, rules);
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
    const splits = { left: MAX_SPLIT_REQUESTS };
    for (let start = 0; start < valid.length; start += BATCH_CHUNK_SIZE) {
      const read = await readChunk(valid.slice(start, start + BATCH_CHUNK_SIZE), batch, splits);
      if (!read.ok) return read;
    }
    return { ok: true, value: batch };
  }

  /**
   * One batch request. A body over the response cap (50 records of up to 64 KiB each can reach 3.2 MiB) is read again
   * as two halves, down to single ids, within a budget of extra requests per call (an upstream that answers every
   * request with a huge body must not cost 99 of them); ids still over the cap are invalid on their own, not a failed batch.
   */
  async function readChunk(chunk: string[], batch: SpecBatch, splits: { left: number }): Promise<{ ok: true } | { ok: false; error: EngineeringError }> {
    const result = await getWithRetry(config, `/specs?ids=${chunk.map(encodeURIComponent).join(',')}`);
    if (!result.ok && result.error.kind === 'invalid_response' && result.error.tooLarge) {
      if (chunk.length === 1 || splits.left < 2) {
        for (const id of chunk) batch.invalid.set(id, { ...result.error, id });
        return { ok: true };
      }
      splits.left -= 2;
      const half = Math.ceil(chunk.length / 2);
      const first = await readChunk(chunk.slice(0, half), batch, splits);
      return first.ok ? readChunk(chunk.slice(half), batch, splits) : first;
    }
    if (!result.ok) return result;
    if (result.status !== 200) return fail(unexpectedStatus(result.status));
    return readBatch(result.json, chunk, batch, rules);
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
    const validation = validateRecord(result.json, id, rules);
    return validation.ok ? { ok: true, value: validation.record } : fail(validation.error);
  }

  async function search(query: string, limit = 10): Promise<EngineeringResult<SearchHit[]>> {
    // Cutting at 100 UTF-16 units can split a surrogate pair; a lone surrogate would make encodeURIComponent throw.
    const q = query.trim().slice(0, MAX_SEARCH_QUERY_LENGTH).replace(LONE_SURROGATES, '');
    if (q.length === 0) return { ok: true, value: [] };
    const clamped = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 10)));
    const result = await getWithRetry(config, `/search?q=${encodeURIComponent(q)}&limit=${clamped}`);
    if (!result.ok) return result;
    if (result.status !== 200) return fail(unexpectedStatus(result.status));
    const parsed = SearchResponse.safeParse(result.json);
    if (!parsed.success) return fail(invalidResponse(undefined, parsed.error.issues));
    // The contract lets a response carry 100 items; only as many as were asked for are passed on.
    return { ok: true, value: parsed.data.items.slice(0, clamped) };
  }

  return { getSpec, getSpecs, getRevision, search };
}

function fail(error: EngineeringError): { ok: false; error: EngineeringError } {
  return { ok: false, error };
}

function unexpectedStatus(status: number): EngineeringError {
  return { kind: 'unavailable', status, detail: `unexpected HTTP ${status} from this endpoint` };
}
