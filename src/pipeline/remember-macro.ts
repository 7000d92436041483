import { errorDetail } from '../domain/error-detail';
import { buildSnapshot } from '../domain/build-snapshot';
import { UpstreamError } from '../errors';
import type { MacroRecord, MacroRef } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/** Problems that say nothing about the spec itself; they never go into a snapshot. */
const TRANSIENT = new Set(['unavailable', 'rate_limited', 'unauthorized', 'invalid_record']);

/** How long one view may hold a macro's bookkeeping before another may take over. */
const REMEMBER_LEASE_SECONDS = 10;

/**
 * How long one queued snapshot write stands for every view of the same content: views meanwhile queue none. After
 * it, a view that still finds the snapshot unwritten (the consumer could not write it) queues another.
 */
const SNAPSHOT_QUEUED_SECONDS = 60;

/** What recording a view's macro came to: written by this view, left to the view holding the lease, or nothing to write. */
export type Recorded = 'recorded' | 'busy' | 'unchanged';

/**
 * During a view (KVS only, so it can run beside the fetch): keeps the macro's record and the where-used index
 * current. The record goes first: a notice that finds the macro in where-used but no record drops it. When many
 * viewers open the same macro at once, one of them (holding a short lease) does this; the others would write the
 * same thing ('busy'). Failures here never fail the view.
 */
export async function recordMacro(
  deps: PipelineDeps,
  input: { ref: MacroRef; settings: MacroSettings; previous: MacroRecord | undefined; lastRefreshAt?: number },
): Promise<Recorded> {
  const { ref, settings, previous } = input;
  const lease = `remember:${ref.pageId}:${ref.localId}`;
  let leased = false;
  try {
    const oldIds = previous?.settings.specIds ?? [];
    const added = settings.specIds.filter((id) => !oldIds.includes(id));
    const removed = oldIds.filter((id) => !settings.specIds.includes(id));
    const recordChanged =
      !previous || input.lastRefreshAt !== previous.lastRefreshAt || JSON.stringify(previous.settings) !== JSON.stringify(settings);
    if (added.length === 0 && removed.length === 0 && !recordChanged) return 'unchanged';
    leased = await deps.store.tryLease(lease, REMEMBER_LEASE_SECONDS);
    if (!leased) return 'busy';

    if (recordChanged) await deps.store.writeMacro({ ref, settings, snapshotHash: previous?.snapshotHash, lastRefreshAt: input.lastRefreshAt });
    if (added.length > 0) await deps.whereUsed.add(added, ref);
    if (removed.length > 0) await deps.whereUsed.remove(removed, ref);
    return 'recorded';
  } catch (error) {
    deps.log.warn('could not record the macro', { ...ref, ...errorDetail(error) });
    return 'unchanged';
  } finally {
    if (leased) await deps.store.releaseLease(lease).catch(() => undefined);
  }
}

/**
 * After a view: when what the macro showed differs from its stored snapshot, queues one 'macro.remember' event
 * so the consumer writes the snapshot (Confluence GET + PUT) off the reader's path. Queued only when the viewer may
 * see the content (`viewerMaySee`, a read as the viewer started beside the fetch; docs/decisions.md §17), and once per
 * macro and content however many view it (a lease per content hash). Failures here never fail the view.
 */
export async function queueSnapshotWrite(
  deps: PipelineDeps,
  input: { ref: MacroRef; settings: MacroSettings; specs: SpecView[]; previous: MacroRecord | undefined; nowMs: number; viewerMaySee: () => Promise<boolean> },
): Promise<void> {
  const { ref } = input;
  const hash = prepareSnapshot(ref, input.settings, input.specs, input.nowMs)?.contentHash;
  if (hash === undefined || hash === input.previous?.snapshotHash) return;
  const lease = `snapshot-queued:${ref.pageId}:${ref.localId}:${hash}`;
  let leased = false;
  try {
    // The lease first: views that find the write already queued skip the Confluence read.
    leased = await deps.store.tryLease(lease, SNAPSHOT_QUEUED_SECONDS);
    if (!leased) return;
    if (!(await input.viewerMaySee())) {
      await deps.store.releaseLease(lease);
      leased = false;
      return;
    }
    await deps.queue.enqueue([{ type: 'macro.remember', ref }]);
  } catch (error) {
    deps.log.warn('could not queue the snapshot write', { ...ref, ...errorDetail(error) });
    if (leased) await deps.store.releaseLease(lease).catch(() => undefined);
  }
}

/** The hash now stored, whether a needed write failed (and when Confluence said to try again), and whether a write happened. */
type SnapshotWriteResult = { hash: string | undefined; failed: boolean; written: boolean; retryAfterSeconds?: number };

/**
 * Writes the snapshot when its content hash differs from the last one written; returns the hash now stored, whether a
 * needed write failed, and whether a write happened (the property may already have held this content).
 */
export async function writeSnapshotIfChanged(
  deps: PipelineDeps,
  ref: MacroRef,
  settings: MacroSettings,
  specs: SpecView[],
  lastHash: string | undefined,
  nowMs: number,
  hooks: { beforeWrite?: () => Promise<boolean> } = {},
): Promise<SnapshotWriteResult> {
  return writeSnapshot(deps, prepareSnapshot(ref, settings, specs, nowMs), lastHash, hooks, ref);
}

async function writeSnapshot(
  deps: PipelineDeps,
  snapshot: MacroSnapshot | undefined,
  lastHash: string | undefined,
  hooks: { beforeWrite?: () => Promise<boolean> } = {},
  macro?: MacroRef,
): Promise<SnapshotWriteResult> {
  if (!snapshot || snapshot.contentHash === lastHash) return { hash: lastHash, failed: false, written: false };
  const ref = { pageId: snapshot.pageId, localId: snapshot.localId };
  try {
    if (hooks.beforeWrite && !(await hooks.beforeWrite())) return { hash: lastHash, failed: false, written: false };
    // The store re-reads before writing: a property that already holds this content (another writer got there) is not written again.
    const outcome = await deps.snapshots.write(snapshot, macro);
    if (outcome === 'written') deps.log.info('snapshot written', { ...ref, truncated: snapshot.truncated });
    return { hash: snapshot.contentHash, failed: false, written: outcome === 'written' };
  } catch (error) {
    deps.log.warn('could not write the snapshot', { ...ref, ...errorDetail(error) });
    const retryAfterSeconds = error instanceof UpstreamError ? error.retryAfterSeconds : undefined;
    return { hash: lastHash, failed: true, written: false, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  }
}

/** The snapshot of what the macro shows, without transient problems; undefined when there is nothing to keep. */
function prepareSnapshot(ref: MacroRef, settings: MacroSettings, specs: SpecView[], nowMs: number): MacroSnapshot | undefined {
  const lasting = specs.map((s) => (s.problem && TRANSIENT.has(s.problem.code) ? { ...s, problem: undefined } : s));
  if (lasting.every((s) => !s.record && !s.problem)) return undefined;
  return buildSnapshot({ pageId: ref.pageId, localId: ref.localId, settings, specs: lasting, nowIso: new Date(nowMs).toISOString() });
}
