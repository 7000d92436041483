/**
 * A page view of one macro as its UI makes it (src/frontend/use-macro-view.ts): read the stored snapshot through the
 * product bridge as the viewer (no function invocation; per Atlassian staff [3P] none of the app's REST points),
 * verify its signature, and paint it when it is current; ask the resolver otherwise. The decision is the UI's own code
 * (snapshot-verify, snapshot-shape, config-digest, snapshot-view); only the bridge read is the platform's store read
 * directly. Each view also opens one realtime subscription, as an open macro does (counted as a cost).
 */
import { LOCAL_CLOUD_ID } from '../platform/platform';
import { digestConfig } from '../../src/frontend/config-digest';
import { planFromSnapshot } from '../../src/frontend/snapshot-view';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { paintableSnapshot, snapshotPropertyKey } from '../../src/shared/snapshot-shape';
import { verifySnapshotInBrowser } from '../../src/shared/snapshot-verify';
import type { BenchApp, BenchMacro } from './bench-app';

/** What one UI view came to: painted from the snapshot with no invocation, or the resolver's answer. */
export type MacroUiView = { ms: number; painted: true; hasData: boolean } | { ms: number; painted: false; result: ResolverResult<MacroViewModel> };

export async function viewAsMacroUi(app: BenchApp, pageId: string, macro: BenchMacro): Promise<MacroUiView> {
  const started = performance.now();
  // The subscription is counted as a cost, not taken from realtime's per-second window: the bench packs a day's views
  // into about a minute, a rate no site's readers reach, and would starve the notices' publishes of that window.
  app.platform.costs.add('realtimeSubscribes', 1);
  const value = app.platform.confluence.admin.getPropertyByKey(pageId, snapshotPropertyKey(macro.localId))?.value;
  const config = digestConfig(macro.config);
  if (value !== undefined && config) {
    const binding = { pageId, localId: macro.localId, cloudId: LOCAL_CLOUD_ID, trustDevKeys: true };
    const snapshot = (await verifySnapshotInBrowser(value, binding)) === 'verified' ? paintableSnapshot(value) : undefined;
    const plan = snapshot ? planFromSnapshot(snapshot, config, Date.now()) : undefined;
    if (plan?.paint && plan.current) return { ms: performance.now() - started, painted: true, hasData: plan.view.specs.every((s) => s.record) };
  }
  const { result } = await app.view(pageId, macro);
  return { ms: performance.now() - started, painted: false, result };
}
