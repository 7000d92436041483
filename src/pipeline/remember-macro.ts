import { errorDetail } from '../domain/error-detail';
import { buildSnapshot } from '../domain/build-snapshot';
import { UpstreamError } from '../errors';
import type { MacroRecord, MacroRef } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/** Problems that say nothing about the spec itself; they never go into a snapshot. */
const TRANSIENT = new Set(['unavailable', 'rate_limited', 'unauthorized', 'invalid_record']);

/**
 * How long one view may hold a macro's bookkeeping before another may take over; long enough that its release is one
 * delete (spec-store.ts releases a lease with 10 s or more left without reading it first).
 */
const REMEMBER_LEASE_SECONDS = 20;

/**
 * How long one queued snapshot write stands for every view of the same content: views meanwhile queue none. After
 * it, a view that still finds the snapshot unwritten (the consumer could not write it) queues another.
 */
const SNAPSHOT_QUEUED_SECONDS = 60;

/** What recording a view's macro came to: written by this view, left to the view holding the lease, or nothing to write. */
export type Recorded = 'recorded' | 'busy' | 'unchanged';

/**
 * During a view (KVS only, so it can run beside the fetch): keeps the macro's record and the where-used index
 * current, in one transaction (a notice that found the macro in where-used but no record would drop it). When many
 * viewers open the same macro at once, one of them (holding a short lease) does this; the others would write the
 * same thing ('busy'). Answers as soon as the record is written; the view gives the lease back (`release`) once it has
 * also checked the viewer, so that viewers who read the macro as new a moment before the record landed still find it
 * busy, and awaits that before it answers. Failures here never fail the view.
 */
export async function recordMacro(
  deps: PipelineDeps,
  input: {
    ref: MacroRef;
    settings: MacroSettings;
    previous: MacroRecord | undefined;
    lastRefreshAt?: number;
    spaceKey?: string;
    /** Told as soon as this view holds the lease, before the record is written (it will check the viewer next). */
    onLeased?: () => void;
  },
): Promise<{ recorded: Recorded; release: () => Promise<void> }> {
  const { ref, settings, previous } = input;
  const lease = `remember:${ref.pageId}:${ref.localId}`;
  const done = () => Promise.resolve();
  const release = () => deps.store.releaseLease(lease).catch(() => undefined);
  let leased = false;
  try {
    const oldIds = previous?.settings.specIds ?? [];
    const added = settings.specIds.filter((id) => !oldIds.includes(id));
    const removed = oldIds.filter((id) => !settings.specIds.includes(id));
    // A view that cannot tell the space keeps the one recorded before.
    const spaceKey = input.spaceKey ?? previous?.spaceKey;
    const recordChanged =
      !previous ||
      input.lastRefreshAt !== previous.lastRefreshAt ||
      spaceKey !== previous.spaceKey ||
      JSON.stringify(previous.settings) !== JSON.stringify(settings);
    if (added.length === 0 && removed.length === 0 && !recordChanged) return { recorded: 'unchanged', release: done };
    leased = await deps.store.tryLease(lease, REMEMBER_LEASE_SECONDS);
    if (!leased) return { recorded: 'busy', release: done };
    input.onLeased?.();

    const record = recordChanged
      ? { ref, settings, ...(spaceKey ? { spaceKey } : {}), snapshotHash: previous?.snapshotHash, lastRefreshAt: input.lastRefreshAt }
      : undefined;
    // A macro new to the app marks its page, so the page's next event reads the body (docs/decisions.md §35).
    const candidate = previous ? undefined : { pageId: ref.pageId, contentType: ref.contentType ?? 'page', markedAt: deps.clock.now() };
    await deps.store.writeMacroAndWhereUsed(ref, record, { add: added, remove: removed }, candidate);
    return { recorded: 'recorded', release };
  } catch (error) {
    deps.log.warn('could not record the macro', { ...ref, ...errorDetail(error) });
    return { recorded: 'unchanged', release: leased ? release : done };
  }
}

function releaseQuietly(deps: PipelineDeps, lease: string): Promise<void> {
  return deps.store.releaseLease(lease).catch(() => undefined);
}

/** A snapshot write this view has claimed (the lease for its content hash), still to be queued. */
export interface SnapshotClaim {
  ref: MacroRef;
  lease: string;
}

/**
 * After a view (or as soon as its records are read): when what the macro shows differs from its stored snapshot, takes
 * the lease for that content, so that of all the views of the same content one queues the write. Undefined: nothing to
 * queue (unchanged, nothing to keep, or another view has it). Failures here never fail the view.
 */
export async function claimSnapshotWrite(
  deps: PipelineDeps,
  input: { ref: MacroRef; settings: MacroSettings; specs: SpecView[]; previous: MacroRecord | undefined; nowMs: number },
): Promise<SnapshotClaim | undefined> {
  const { ref } = input;
  const hash = prepareSnapshot(ref, input.settings, input.specs, input.nowMs)?.contentHash;
  if (hash === undefined || hash === input.previous?.snapshotHash) return undefined;
  const lease = `snapshot-queued:${ref.pageId}:${ref.localId}:${hash}`;
  try {
    // The lease first: views that find the write already queued skip the Confluence read.
    return (await deps.store.tryLease(lease, SNAPSHOT_QUEUED_SECONDS)) ? { ref, lease } : undefined;
  } catch (error) {
    deps.log.warn('could not queue the snapshot write', { ...ref, ...errorDetail(error) });
    return undefined;
  }
}

/**
 * Queues the claimed 'macro.remember' event, so the consumer writes the snapshot (Confluence GET + PUT) off the reader's
 * path, rebuilt from the cache — so the view calls this only once its records and the macro's record are stored.
 * Queued only when the viewer may see the content (`viewerMaySee`, a read as the viewer started beside the fetch;
 * docs/decisions.md §17); otherwise the claim is given back. Failures here never fail the view.
 */
export async function queueClaimedSnapshotWrite(deps: PipelineDeps, claim: SnapshotClaim, viewerMaySee: () => Promise<boolean>): Promise<void> {
  try {
    if (!(await viewerMaySee())) {
      await releaseQuietly(deps, claim.lease);
      return;
    }
    await deps.queue.enqueue([{ type: 'macro.remember', ref: claim.ref }]);
  } catch (error) {
    deps.log.warn('could not queue the snapshot write', { ...claim.ref, ...errorDetail(error) });
    await releaseQuietly(deps, claim.lease);
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
