import type { SpecRecord } from '../shared/spec-record';

/**
 * What Spec Bridge keeps per spec in Forge KVS. Times are epoch milliseconds.
 * A `record` is last-known-good; `notFoundAt` marks a short negative-cache entry;
 * `withdrawn` is set when the engineering system reported the spec deleted.
 */
export interface CacheEntry {
  specId: string;
  record?: SpecRecord;
  etag?: string;
  /** When the record (or the not-found answer) was last confirmed by the engineering system. */
  fetchedAt: number;
  notFoundAt?: number;
  withdrawn?: boolean;
  /** The last upstream failure while revalidating, shown as the degraded reason. */
  lastError?: { message: string; at: number };
}

/**
 * Whether a stored answer must be kept over a candidate: only when it was fetched later. What the
 * engineering system served most recently is the truth, whatever the record's own `updatedAt` says
 * (a wrong clock must not pin a record). A stored fetch time in the future cannot be real and is not
 * kept (docs/decisions.md, "Ordering").
 */
export function fetchedLater(stored: { fetchedAt: number } | undefined, candidate: { fetchedAt: number }, nowMs: number): boolean {
  if (!stored || !Number.isFinite(stored.fetchedAt) || stored.fetchedAt > nowMs) return false;
  return stored.fetchedAt > candidate.fetchedAt;
}
