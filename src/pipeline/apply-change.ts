import { assembleSpecViews } from '../domain/assemble-views';
import type { CacheEntry } from '../domain/cache-entry';
import type { MacroRef, RefreshEvent, SourceFailure } from '../domain/ports';
import { fetchAndStore } from './fetch-specs';
import { applyPinnedRevision } from './pinned-revision';
import type { PipelineDeps } from './pipeline-deps';
import { writeSnapshotIfChanged } from './remember-macro';

/** What the consumer should tell the queue. */
export type ChangeOutcome =
  | { kind: 'done'; refreshedSpecs: number; snapshotsWritten: number; macrosDropped: number }
  | { kind: 'retry'; retryAfterSeconds: number; reason: SourceFailure['kind'] };

/**
 * The push path's work for one queued event: revalidate the changed specs (bypassing the TTL),
 * update every snapshot that shows them, drop macros that left their page, and tell open pages.
 * Idempotent: a spec already fetched after the notice was received is not fetched again, and
 * neither the cache nor a snapshot ever goes back to an older record.
 */
export async function applyChange(deps: PipelineDeps, event: RefreshEvent): Promise<ChangeOutcome> {
  const specIds = [...new Set(event.specIds)];
  const known = await deps.store.readEntries(specIds);
  if (event.type === 'spec.deleted') {
    await markWithdrawn(deps, specIds, known);
  } else {
    const receivedAt = event.receivedAt ?? (event.noticeTimestamp ? Date.parse(event.noticeTimestamp) : 0);
    const needed = specIds.filter((id) => (known.get(id)?.fetchedAt ?? 0) <= receivedAt);
    const outcome = await fetchAndStore(deps, needed, known, { consecutiveFailures: 0 });
    if (outcome.failure && isRetryable(outcome.failure)) {
      return { kind: 'retry', retryAfterSeconds: outcome.failure.kind === 'rate_limited' ? outcome.failure.retryAfterSeconds : 30, reason: outcome.failure.kind };
    }
  }
  const { written, dropped, failed } = await refreshSnapshots(deps, specIds);
  if (failed > 0) return { kind: 'retry', retryAfterSeconds: 10, reason: 'unavailable' };
  try {
    await deps.live.publish(specIds);
  } catch (error) {
    deps.log.warn('realtime publish failed', { error: String(error) });
  }
  return { kind: 'done', refreshedSpecs: specIds.length, snapshotsWritten: written, macrosDropped: dropped };
}

async function markWithdrawn(deps: PipelineDeps, specIds: string[], known: Map<string, CacheEntry>): Promise<void> {
  const now = deps.clock.now();
  await deps.store.writeEntries(specIds.map((id) => ({ ...known.get(id), specId: id, fetchedAt: now, withdrawn: true })));
}

function isRetryable(failure: SourceFailure): boolean {
  return failure.kind === 'rate_limited' || failure.kind === 'unavailable' || failure.kind === 'timeout';
}

async function refreshSnapshots(deps: PipelineDeps, specIds: string[]): Promise<{ written: number; dropped: number; failed: number }> {
  const refs = new Map<string, MacroRef>();
  for (const id of specIds) for (const ref of await deps.whereUsed.list(id)) refs.set(`${ref.pageId}:${ref.localId}`, ref);
  let written = 0;
  let dropped = 0;
  let failed = 0;
  for (const ref of refs.values()) {
    const macro = await deps.store.readMacro(ref);
    const onPage = macro ? await deps.snapshots.pageHasMacro(ref) : false;
    if (!macro || onPage === false) {
      await deps.whereUsed.remove(macro?.settings.specIds ?? specIds, ref);
      if (macro) await deps.store.deleteMacro(ref);
      dropped += 1;
      continue;
    }
    const now = deps.clock.now();
    const entries = await deps.store.readEntries(macro.settings.specIds);
    const policy = { ttlSeconds: macro.settings.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
    const latest = assembleSpecViews({ specIds: macro.settings.specIds, entries, nowMs: now, policy, fetchProblems: new Map() });
    const views = await applyPinnedRevision(deps, latest, macro.settings, false);
    const { hash, failed: writeFailed } = await writeSnapshotIfChanged(deps, ref, macro.settings, views, macro.snapshotHash, now);
    if (writeFailed) failed += 1;
    if (hash !== macro.snapshotHash) {
      written += 1;
      await deps.store.writeMacro({ ...macro, snapshotHash: hash });
    }
  }
  return { written, dropped, failed };
}
