import { assembleSpecViews } from '../domain/assemble-views';
import type { CacheEntry } from '../domain/cache-entry';
import type { MacroRef, RefreshEvent, SourceFailure } from '../domain/ports';
import { fetchAndStore } from './fetch-specs';
import { applyPinnedRevision } from './pinned-revision';
import type { PipelineDeps } from './pipeline-deps';
import { writeSnapshotIfChanged } from './remember-macro';

/** What the consumer should tell the queue. */
export type ChangeOutcome =
  | { kind: 'done'; refreshedSpecs: number; fetchedSpecs: number; snapshotsWritten: number; macrosDropped: number }
  | { kind: 'retry'; retryAfterSeconds: number; reason: SourceFailure['kind'] | 'fetch_in_flight' | 'snapshot_write_failed' };

/** How long a redelivery waits when another invocation is already fetching an older view of the spec. */
const IN_FLIGHT_RETRY_SECONDS = 2;

/**
 * The push path's work for one queued event: revalidate the changed specs (bypassing the TTL),
 * update every snapshot that shows them, drop macros that left their page, and tell open pages.
 * Idempotent and coalescing: a spec already fetched after the notice was received is not fetched
 * again, a fetch already running since then is awaited instead of repeated, and neither the cache
 * nor a snapshot ever goes back to an older record.
 */
export async function applyChange(deps: PipelineDeps, event: RefreshEvent): Promise<ChangeOutcome> {
  const specIds = [...new Set(event.specIds)];
  let fetchedSpecs = 0;
  if (event.type === 'spec.deleted') {
    await markWithdrawn(deps, specIds, await deps.store.readEntries(specIds));
  } else {
    const receivedAt = event.receivedAt ?? (event.noticeTimestamp ? Date.parse(event.noticeTimestamp) : 0);
    const revalidated = await revalidate(deps, specIds, receivedAt);
    if (revalidated.kind === 'retry') return revalidated;
    fetchedSpecs = revalidated.fetched;
  }
  const { written, dropped, failed } = await refreshSnapshots(deps, specIds);
  if (failed > 0) return { kind: 'retry', retryAfterSeconds: 10, reason: 'snapshot_write_failed' };
  try {
    await deps.live.publish(specIds);
  } catch (error) {
    deps.log.warn('realtime publish failed', { error: String(error) });
  }
  return { kind: 'done', refreshedSpecs: specIds.length, fetchedSpecs, snapshotsWritten: written, macrosDropped: dropped };
}

async function revalidate(
  deps: PipelineDeps,
  specIds: string[],
  receivedAt: number,
): Promise<{ kind: 'ok'; fetched: number } | Extract<ChangeOutcome, { kind: 'retry' }>> {
  const state = await deps.store.readView(specIds, undefined);
  const stale = (entries: Map<string, CacheEntry>) => specIds.filter((id) => (entries.get(id)?.fetchedAt ?? 0) <= receivedAt);
  const needed = stale(state.entries);
  if (needed.length === 0) return { kind: 'ok', fetched: 0 };
  const openUntil = state.breaker.openUntil ?? 0;
  if (openUntil > deps.clock.now()) {
    return { kind: 'retry', retryAfterSeconds: Math.ceil((openUntil - deps.clock.now()) / 1000), reason: 'unavailable' };
  }
  const leases = await Promise.all(needed.map((id) => deps.store.tryLease(`fetch:${id}`, deps.policy.leaseSeconds)));
  const leaders = needed.filter((_, i) => leases[i]);
  const followers = needed.filter((_, i) => !leases[i]);
  try {
    const outcome = await fetchAndStore(deps, leaders, state.entries, state.breaker);
    const failure = outcome.failure;
    if (failure && (failure.kind === 'rate_limited' || failure.kind === 'unavailable' || failure.kind === 'timeout')) {
      return { kind: 'retry', retryAfterSeconds: failure.kind === 'rate_limited' ? failure.retryAfterSeconds : 30, reason: failure.kind };
    }
  } finally {
    await Promise.all(leaders.map((id) => deps.store.releaseLease(`fetch:${id}`)));
  }
  const waiting = await waitForOtherFetches(deps, followers, receivedAt);
  if (waiting.length > 0) return { kind: 'retry', retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS, reason: 'fetch_in_flight' };
  return { kind: 'ok', fetched: leaders.length };
}

/**
 * For specs another invocation is fetching: when that fetch began after the notice arrived, its
 * result includes the change, so wait for it; otherwise the caller retries later. Returns the ids
 * still not current.
 */
async function waitForOtherFetches(deps: PipelineDeps, specIds: string[], receivedAt: number): Promise<string[]> {
  let pending = specIds;
  const deadline = deps.clock.now() + deps.policy.followerWaitMs;
  while (pending.length > 0 && deps.clock.now() < deadline) {
    const since = await Promise.all(pending.map((id) => deps.store.leaseAcquiredAt(`fetch:${id}`)));
    const entries = await deps.store.readEntries(pending);
    pending = pending.filter((id, i) => {
      if ((entries.get(id)?.fetchedAt ?? 0) > receivedAt) return false;
      const startedAt = since[i];
      return startedAt !== undefined && startedAt > receivedAt;
    });
    if (pending.length > 0) await deps.sleep(deps.policy.followerPollMs);
  }
  const entries = await deps.store.readEntries(specIds);
  return specIds.filter((id) => (entries.get(id)?.fetchedAt ?? 0) <= receivedAt);
}

async function markWithdrawn(deps: PipelineDeps, specIds: string[], known: Map<string, CacheEntry>): Promise<void> {
  const now = deps.clock.now();
  await deps.store.writeEntries(specIds.map((id) => ({ ...known.get(id), specId: id, fetchedAt: now, withdrawn: true })));
}

async function refreshSnapshots(deps: PipelineDeps, specIds: string[]): Promise<{ written: number; dropped: number; failed: number }> {
  const refs = new Map<string, MacroRef>();
  for (const id of specIds) for (const ref of await deps.whereUsed.list(id)) refs.set(`${ref.pageId}:${ref.localId}`, ref);
  let written = 0;
  let dropped = 0;
  let failed = 0;
  for (const ref of refs.values()) {
    const macro = await deps.store.readMacro(ref);
    if (!macro) {
      await deps.whereUsed.remove(specIds, ref);
      dropped += 1;
      continue;
    }
    const now = deps.clock.now();
    const entries = await deps.store.readEntries(macro.settings.specIds);
    const policy = { ttlSeconds: macro.settings.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
    const latest = assembleSpecViews({ specIds: macro.settings.specIds, entries, nowMs: now, policy, fetchProblems: new Map() });
    const views = await applyPinnedRevision(deps, latest, macro.settings, false);
    const { hash, failed: writeFailed } = await writeSnapshotIfChanged(deps, ref, macro.settings, views, macro.snapshotHash, now, {
      beforeWrite: async () => {
        if ((await deps.snapshots.pageHasMacro(ref)) !== false) return true;
        await deps.whereUsed.remove(macro.settings.specIds, ref);
        await deps.store.deleteMacro(ref);
        dropped += 1;
        return false;
      },
    });
    if (writeFailed) failed += 1;
    if (hash !== macro.snapshotHash) {
      written += 1;
      await deps.store.writeMacro({ ...macro, snapshotHash: hash });
    }
  }
  return { written, dropped, failed };
}
