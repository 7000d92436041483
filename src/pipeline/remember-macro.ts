import { buildSnapshot } from '../domain/build-snapshot';
import type { MacroRecord, MacroRef } from '../domain/ports';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/** Problems that say nothing about the spec itself; they never go into a snapshot. */
const TRANSIENT = new Set(['unavailable', 'rate_limited', 'unauthorized', 'invalid_record']);

/**
 * After a view: keeps the where-used index and the macro's record current, and writes the
 * content-property snapshot when what the macro shows changed. Failures here never fail the view.
 */
export async function rememberMacro(
  deps: PipelineDeps,
  input: { ref: MacroRef; settings: MacroSettings; specs: SpecView[]; previous: MacroRecord | undefined; lastRefreshAt?: number; nowMs: number },
): Promise<void> {
  const { ref, settings, previous } = input;
  try {
    const oldIds = previous?.settings.specIds ?? [];
    const added = settings.specIds.filter((id) => !oldIds.includes(id));
    const removed = oldIds.filter((id) => !settings.specIds.includes(id));
    if (added.length > 0) await deps.whereUsed.add(added, ref);
    if (removed.length > 0) await deps.whereUsed.remove(removed, ref);

    const { hash: snapshotHash } = await writeSnapshotIfChanged(deps, ref, settings, input.specs, previous?.snapshotHash, input.nowMs);
    const changed =
      !previous ||
      snapshotHash !== previous.snapshotHash ||
      input.lastRefreshAt !== previous.lastRefreshAt ||
      JSON.stringify(previous.settings) !== JSON.stringify(settings);
    if (changed) await deps.store.writeMacro({ ref, settings, snapshotHash, lastRefreshAt: input.lastRefreshAt });
  } catch (error) {
    deps.log.warn('could not record the macro or its snapshot', { ...ref, error: String(error) });
  }
}

/** Writes the snapshot when its content hash differs from the last one written; returns the hash now stored and whether a needed write failed. */
export async function writeSnapshotIfChanged(
  deps: PipelineDeps,
  ref: MacroRef,
  settings: MacroSettings,
  specs: SpecView[],
  lastHash: string | undefined,
  nowMs: number,
  hooks: { beforeWrite?: () => Promise<boolean> } = {},
): Promise<{ hash: string | undefined; failed: boolean }> {
  const lasting = specs.map((s) => (s.problem && TRANSIENT.has(s.problem.code) ? { ...s, problem: undefined } : s));
  if (lasting.every((s) => !s.record && !s.problem)) return { hash: lastHash, failed: false };
  const snapshot = buildSnapshot({ pageId: ref.pageId, localId: ref.localId, settings, specs: lasting, nowIso: new Date(nowMs).toISOString() });
  if (snapshot.contentHash === lastHash) return { hash: lastHash, failed: false };
  try {
    if (hooks.beforeWrite && !(await hooks.beforeWrite())) return { hash: lastHash, failed: false };
    await deps.snapshots.write(snapshot);
    deps.log.info('snapshot written', { ...ref, truncated: snapshot.truncated });
    return { hash: snapshot.contentHash, failed: false };
  } catch (error) {
    deps.log.warn('could not write the snapshot', { ...ref, error: String(error) });
    return { hash: lastHash, failed: true };
  }
}
