/**
 * What a layout shows of each spec (docs/decisions.md §16): a table row shows counts and the parameter columns the
 * author picked, so its record carries only those parameters; the card and parameters layouts show one spec whole and
 * the others as counts. The resolver shapes its answer with this (domain/shape-view.ts) and the macro shapes a view it
 * paints from a snapshot with it too, so both give a spec the same shape and a repaint flags only changed content.
 */
import { summarizeParameters } from './format-parameter';
import { parameterNamed } from './parameter-names';
import type { MacroSettings, SpecView } from './resolver-contract';
import type { SpecParameter } from './spec-record';

/** The specs as `settings`' layout shows them. */
export function shapeSpecs(settings: Pick<MacroSettings, 'layout' | 'specIds' | 'parameterColumns'>, specs: SpecView[]): SpecView[] {
  if (settings.layout === 'table') return specs.map((spec) => countsOnly(spec, settings.parameterColumns ?? []));
  const shownId = (specs.find((s) => s.id === settings.specIds[0]) ?? specs[0])?.id;
  return specs.map((spec) => (spec.id === shownId ? spec : countsOnly(spec, [])));
}

/** The parameters named by `names`, in that order (a name the record does not list is skipped). */
function pickParameters(parameters: readonly SpecParameter[], names: readonly string[]): SpecParameter[] {
  return names.flatMap((name) => {
    const parameter = parameterNamed(parameters, name);
    return parameter ? [parameter] : [];
  });
}

/**
 * The spec with its record's parameters cut to the named ones and counted (pinned changes, which no counts-only place
 * shows, are dropped and counted as omitted).
 */
function countsOnly(spec: SpecView, names: readonly string[]): SpecView {
  const { record, pinned } = spec;
  if (!record) return spec;
  const changes = pinned?.changes?.length ?? 0;
  return {
    ...spec,
    record: { ...record, parameters: pickParameters(record.parameters, names) },
    parameterSummary: summarizeParameters(record.parameters),
    ...(pinned && changes > 0 ? { pinned: { ...pinned, changes: [] }, omitted: { parameters: 0, changes } } : {}),
  };
}
