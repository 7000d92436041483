import type { CacheEntry } from './cache-entry';

/** Freshness bounds in seconds: TTL (per macro, clamped) and max-stale (deployment). */
export interface FreshnessPolicy {
  ttlSeconds: number;
  maxStaleSeconds: number;
  /** How long a not-found answer is trusted before asking again. */
  notFoundTtlSeconds: number;
}

/** What a view should do about one spec's cache entry. */
export type CacheVerdict =
  | { kind: 'fresh' }
  | { kind: 'stale' }
  | { kind: 'not_found' }
  | { kind: 'withdrawn' }
  | { kind: 'miss' };

/**
 * Classifies a cache entry by its stored timestamps (KVS may return expired keys for up to
 * 48 h, so the TTL is checked here, not trusted to KVS).
 */
export function classifyEntry(entry: CacheEntry | undefined, nowMs: number, policy: FreshnessPolicy): CacheVerdict {
  if (!entry) return { kind: 'miss' };
  const age = nowMs - entry.fetchedAt;
  // A withdrawn or missing spec is asked about again like any answer: a delete can be undone, or wrong.
  if (entry.withdrawn || (entry.notFoundAt !== undefined && !entry.record)) {
    const since = entry.notFoundAt ?? entry.fetchedAt;
    if (nowMs - since >= policy.notFoundTtlSeconds * 1000) return { kind: 'miss' };
    return entry.withdrawn ? { kind: 'withdrawn' } : { kind: 'not_found' };
  }
  if (!entry.record) return { kind: 'miss' };
  if (age < policy.ttlSeconds * 1000) return { kind: 'fresh' };
  if (age < policy.maxStaleSeconds * 1000) return { kind: 'stale' };
  return { kind: 'miss' };
}
