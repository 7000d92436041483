/**
 * Turns a verified snapshot into the view model the macro paints, and says whether the resolver is
 * still needed. The rule (docs/decisions.md): the snapshot is painted only when it shows exactly
 * what the config asks for (same specs in order, layout, columns, parameter columns); it counts as current while
 * every spec has a record fetched within the macro's TTL, with no problem and no pin. Otherwise it
 * is painted (when it matches) and the resolver is asked, as a stale cache entry would be.
 */
import type { MacroViewModel, SpecView } from '../shared/resolver-contract';
import { shapeSpecs } from '../shared/shape-specs';
import type { PaintableSnapshot, PaintableSnapshotSpec } from '../shared/snapshot-shape';
import type { ConfigDigest } from './config-digest';

/** What the snapshot gives: nothing to paint, or a view and whether the resolver must still be asked. */
export type SnapshotPlan = { paint: false } | { paint: true; view: MacroViewModel; current: boolean };

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function isCurrent(spec: PaintableSnapshotSpec, ttlMs: number, nowMs: number): boolean {
  if (!spec.record || !spec.fetchedAt || spec.problem || spec.withdrawn || spec.pinned !== undefined) return false;
  const age = nowMs - Date.parse(spec.fetchedAt);
  // A fetch time in the future (a skewed clock) is not trusted as fresh.
  return age >= 0 && age <= ttlMs;
}

function specView(spec: PaintableSnapshotSpec, current: boolean, nowMs: number): SpecView {
  const state = !spec.record ? 'missing' : spec.problem ? 'degraded' : current ? 'fresh' : 'stale';
  const view: SpecView = { id: spec.id, state };
  if (spec.record) view.record = spec.record;
  if (spec.fetchedAt) {
    view.fetchedAt = spec.fetchedAt;
    view.ageSeconds = Math.max(0, Math.floor((nowMs - Date.parse(spec.fetchedAt)) / 1000));
  }
  if (spec.problem) view.problem = spec.problem;
  return view;
}

/** A snapshot written before snapshots carried their TTL counts as fresh for the backend's built-in default. */
const TTL_OF_OLDER_SNAPSHOTS_SECONDS = 600;

/**
 * How long the snapshot's records count as fresh: the TTL the backend wrote into it (the deployment's default when the
 * config sets none), never longer than the config's own (the config may have changed since it was written).
 */
function validitySeconds(snapshot: PaintableSnapshot, config: ConfigDigest): number {
  return Math.min(snapshot.ttlSeconds ?? TTL_OF_OLDER_SNAPSHOTS_SECONDS, config.ttlSeconds ?? Number.POSITIVE_INFINITY);
}

/** The plan for `snapshot` under `config` at `nowMs`. */
export function planFromSnapshot(snapshot: PaintableSnapshot, config: ConfigDigest, nowMs: number): SnapshotPlan {
  const ids = snapshot.specs.map((spec) => spec.id);
  const shows =
    sameList(ids, config.specIds) &&
    snapshot.layout === config.layout &&
    sameList(snapshot.columns, config.columns) &&
    sameList(snapshot.parameterColumns ?? [], config.parameterColumns);
  if (!shows || snapshot.truncated || snapshot.pinnedRevision !== undefined) return { paint: false };
  const ttlSeconds = validitySeconds(snapshot, config);
  const fresh = snapshot.specs.map((spec) => isCurrent(spec, ttlSeconds * 1000, nowMs));
  const { specIds, layout, columns, parameterColumns } = config;
  const settings = { specIds, layout, columns, ttlSeconds, ...(parameterColumns.length > 0 ? { parameterColumns } : {}) };
  const view: MacroViewModel = {
    settings,
    configProblems: [],
    // Shaped as the resolver shapes its answer, so the resolver's next view differs only where the data does.
    specs: shapeSpecs(settings, snapshot.specs.map((spec, i) => specView(spec, fresh[i] === true, nowMs))),
    page: { state: 'ok' },
    generatedAt: new Date(nowMs).toISOString(),
  };
  return { paint: true, view, current: fresh.every(Boolean) };
}
