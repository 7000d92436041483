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

/** Picks the newer of two records by updatedAt, then revision; a snapshot or cache never goes backwards. */
export function isOlderRecord(candidate: SpecRecord, current: SpecRecord): boolean {
  const a = Date.parse(candidate.updatedAt);
  const b = Date.parse(current.updatedAt);
  if (a !== b) return a < b;
  return candidate.revision.localeCompare(current.revision, 'en', { numeric: true }) < 0;
}
