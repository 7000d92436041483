/**
 * The admin page's Health tab: what the cache holds, the circuit breaker, the engineering errors readers never see,
 * and the latest run of each site-wide action.
 */
import { MAX_BREAKER_OPEN_SECONDS, type BreakerState } from '../domain/ports';
import { readActionRuns, type ActionRun } from '../kvs/admin-actions';
import { readEngineeringErrors } from '../kvs/engineering-errors';
import { countKeys } from '../kvs/key-pages';
import { KEYS } from '../kvs/keys';
import { readBreakerRecord } from '../kvs/spec-store';
import { ADMIN_ACTIONS, type ActionProgress, type HealthState } from '../shared/admin-contract';

/**
 * The count of cached specs stops here. KVS keeps no counts and its queries return values too: each count pages through
 * the `spec:` keys, one query per 100, so at most 5 queries per count. At 2,000 cached records of ~64 KiB a count to
 * 2,000 read 128 MB and needed 349 MB of memory for 10 s (local/bench/memory.ts); to 500 it reads at most 32 MB, and
 * progress polls do not count at all.
 */
export const CACHE_COUNT_CAP = 500;

/**
 * A run whose work has not reported for this long died (its events ran out of redeliveries, or were lost): it is shown
 * as failed and may be started again. Longer than the longest wait Forge allows a redelivery (900 s), twice.
 */
export const RUN_SILENT_MS = 30 * 60_000;

export async function readHealth(nowMs: number, options: { countCache?: boolean } = {}): Promise<HealthState> {
  const [cache, breaker, errors, runs] = await Promise.all([
    options.countCache === false ? undefined : countKeys(KEYS.specPrefix(), CACHE_COUNT_CAP),
    readBreakerRecord(),
    readEngineeringErrors(),
    readActionRuns(ADMIN_ACTIONS),
  ]);
  return {
    ...(cache ? { cacheEntries: cache.count } : {}),
    ...(cache?.capped ? { cacheEntriesCapped: true } : {}),
    breaker: breakerHealth(breaker, nowMs),
    engineeringErrors: errors.map((error) => ({ at: new Date(error.at).toISOString(), kind: error.kind, detail: error.detail })),
    // Forge gives an app no depth of its async-events queue (no API reports it), so the backlog is not measurable.
    queueBacklog: undefined,
    actions: runs.map((run) => runProgress(run, nowMs)).sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
  };
}

/**
 * The pipeline's breaker record as the admin sees it: open while `openUntil` is ahead (views do not call the
 * engineering system); half open once it has passed but no call has succeeded yet (the next view tries; a success
 * deletes the record, a failure opens it again); closed without a record or while failures are only being counted.
 */
export function breakerHealth(state: BreakerState | undefined, nowMs: number): HealthState['breaker'] {
  if (state?.openUntil === undefined) return { state: 'closed' };
  const closesAt = Math.min(state.openUntil, nowMs + MAX_BREAKER_OPEN_SECONDS * 1000);
  if (closesAt > nowMs) return { state: 'open', closesAt: new Date(closesAt).toISOString() };
  return { state: 'half_open' };
}

/** A run's progress, a silent running one shown as failed. */
export function runProgress(run: ActionRun, nowMs: number): ActionProgress {
  if (run.progress.state !== 'running' || nowMs - run.heartbeatAt <= RUN_SILENT_MS) return run.progress;
  return {
    ...run.progress,
    state: 'failed',
    message: `Stopped reporting progress at ${new Date(run.heartbeatAt).toISOString()}; start it again.`,
  };
}
