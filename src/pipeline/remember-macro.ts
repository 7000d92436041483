import { errorDetail } from '../domain/error-detail';
import { buildSnapshot } from '../domain/build-snapshot';
import type { MacroRecord, MacroRef } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/** Problems that say nothing about the spec itself; they never go into a snapshot. */
const TRANSIENT = new Set(['unavailable', 'rate_limited', 'unauthorized', 'invalid_record']);

/** How long one view may hold a macro's bookkeeping before another may take over. */
const REMEMBER_LEASE_SECONDS = 10;

/**
 * After a view: keeps the where-used index and the macro's record current, and writes the
 * content-property snapshot when what the macro shows changed. When many viewers open the same
 * macro at once, one of them (holding a short lease) does this; the others skip it, since they
 * would write the same thing. Failures here never fail the view.
 */
export async function rememberMacro(
  deps: PipelineDeps,
  input: { ref: MacroRef; settings: MacroSettings; specs: SpecView[]; previous: MacroRecord | undefined; lastRefreshAt?: number; nowMs: number },
): Promise<void> {
  const { ref, settings, previous } = input;
  const lease = `remember:${ref.pageId}:${ref.localId}`;
  let leased = false;
  try {
    const oldIds = previous?.settings.specIds ?? [];
    const added = settings.specIds.filter((id) => !oldIds.includes(id));
    const removed = oldIds.filter((id) => !settings.specIds.includes(id));
    const snapshot = prepareSnapshot(ref, settings, input.specs, input.nowMs);
    const recordChanged =
      !previous || input.lastRefreshAt !== previous.lastRefreshAt || JSON.stringify(previous.settings) !== JSON.stringify(settings);
    const snapshotChanged = snapshot !== undefined && snapshot.contentHash !== previous?.snapshotHash;
    if (added.length === 0 && removed.length === 0 && !recordChanged && !snapshotChanged) return;
    leased = await deps.store.tryLease(lease, REMEMBER_LEASE_SECONDS);
    if (!leased) return;

    if (added.length > 0) await deps.whereUsed.add(added, ref);
    if (removed.length > 0) await deps.whereUsed.remove(removed, ref);
    const { hash: snapshotHash } = await writeSnapshot(deps, snapshot, previous?.snapshotHash, {}, ref);
    if (recordChanged || snapshotHash !== previous?.snapshotHash) {
      await deps.store.writeMacro({ ref, settings, snapshotHash, lastRefreshAt: input.lastRefreshAt });
    }
  } catch (error) {
    deps.log.warn('could not record the macro or its snapshot', { ...ref, ...errorDetail(error) });
  } finally {
    if (leased) await deps.store.releaseLease(lease).catch(() => undefined);
  }
}

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
): Promise<{ hash: string | undefined; failed: boolean; written: boolean }> {
  return writeSnapshot(deps, prepareSnapshot(ref, settings, specs, nowMs), lastHash, hooks, ref);
}

async function writeSnapshot(
  deps: PipelineDeps,
  snapshot: MacroSnapshot | undefined,
  lastHash: string | undefined,
  hooks: { beforeWrite?: () => Promise<boolean> } = {},
  macro?: MacroRef,
): Promise<{ hash: string | undefined; failed: boolean; written: boolean }> {
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
    return { hash: lastHash, failed: true, written: false };
  }
}

/** The snapshot of what the macro shows, without transient problems; undefined when there is nothing to keep. */
function prepareSnapshot(ref: MacroRef, settings: MacroSettings, specs: SpecView[], nowMs: number): MacroSnapshot | undefined {
  const lasting = specs.map((s) => (s.problem && TRANSIENT.has(s.problem.code) ? { ...s, problem: undefined } : s));
  if (lasting.every((s) => !s.record && !s.problem)) return undefined;
  return buildSnapshot({ pageId: ref.pageId, localId: ref.localId, settings, specs: lasting, nowIso: new Date(nowMs).toISOString() });
}
