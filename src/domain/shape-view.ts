/**
 * Returns what the layout shows, not everything the pipeline has: a table row shows a parameter count (and how many
 * are out of limits), and the card and parameters layouts show one spec. Parameters are most of a record's bytes, so
 * a table of 50 specs answers with counts instead of 50 parameter lists. The snapshot and the export are built before
 * this, from the whole records.
 */
import { isOutOfLimits } from '../shared/format-parameter';
import type { MacroViewModel, SpecView } from '../shared/resolver-contract';

export function shapeForLayout(model: MacroViewModel): MacroViewModel {
  const { layout, specIds } = model.settings;
  const shownId = layout === 'table' ? undefined : (model.specs.find((s) => s.id === specIds[0]) ?? model.specs[0])?.id;
  return { ...model, specs: model.specs.map((spec) => (shownId !== undefined && spec.id === shownId ? spec : countsOnly(spec))) };
}

/** The spec with its record's parameters (and pinned changes, which no counts-only place shows) replaced by counts. */
function countsOnly(spec: SpecView): SpecView {
  const { record, pinned } = spec;
  if (!record) return spec;
  const changes = pinned?.changes?.length ?? 0;
  return {
    ...spec,
    record: { ...record, parameters: [] },
    parameterSummary: { count: record.parameters.length, outOfLimits: record.parameters.filter(isOutOfLimits).length },
    ...(pinned && changes > 0 ? { pinned: { ...pinned, changes: [] }, omitted: { parameters: 0, changes } } : {}),
  };
}
