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
  if (entry.withdrawn) return { kind: 'withdrawn' };
  const age = nowMs - entry.fetchedAt;
  if (entry.notFoundAt !== undefined && !entry.record) {
    return nowMs - entry.notFoundAt < policy.notFoundTtlSeconds * 1000 ? { kind: 'not_found' } : { kind: 'miss' };
  }
  if (!entry.record) return { kind: 'miss' };
  if (age < policy.ttlSeconds * 1000) return { kind: 'fresh' };
  if (age < policy.maxStaleSeconds * 1000) return { kind: 'stale' };
  return { kind: 'miss' };
}
