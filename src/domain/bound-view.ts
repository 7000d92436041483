/**
 * Keeps the resolver's answer under Forge's invoke response limit (5 MB). Each record is bounded (500 parameters,
 * 64 KiB), a macro's fifty are not: fifty large records make a multi-megabyte answer, pinned-revision changes carry
 * each parameter twice more, and past 5 MB the invoke fails for every reader. Over the budget, the parameter lists
 * (and pinned changes) are cut to a common size — lists of specs the layout does not show first — keeping each
 * list's first entries, and every cut spec says how many entries it lost.
 */
import type { MacroViewModel, SpecView } from '../shared/resolver-contract';

/** Forge's front-end invocation response limit is 5 MB; the answer stays well under it. */
export const VIEW_MAX_BYTES = 2 * 1024 * 1024;

/** Room kept for each spec's `omitted` marker (`,"omitted":{"parameters":500,"changes":1000}` is 46 bytes). */
const MARKER_BYTES = 64;

/** One cuttable list: a spec's parameters or pinned changes, as running byte totals of its entries. */
interface CutList {
  spec: number;
  kind: 'parameters' | 'changes';
  /** runningBytes[n] = bytes of the first n + 1 entries, commas included. */
  runningBytes: number[];
  shown: boolean;
}

/** UTF-8 bytes of a value as JSON: what the invoke sends. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/** The view model, trimmed to `maxBytes` when it is larger; unchanged (the same object) when it fits. */
export function boundViewModel(model: MacroViewModel, maxBytes = VIEW_MAX_BYTES): MacroViewModel {
  const total = jsonBytes(model);
  if (total <= maxBytes) return model;
  const shownId = model.settings.layout === 'table' ? undefined : (model.specs.find((s) => s.id === model.settings.specIds[0]) ?? model.specs[0])?.id;
  const lists = model.specs.flatMap((spec, index) => cutLists(spec, index, shownId === undefined || spec.id === shownId));
  const listBytes = lists.reduce((sum, list) => sum + fullBytes(list), 0);
  const room = maxBytes - (total - listBytes) - MARKER_BYTES * model.specs.length;
  const shown = lists.filter((l) => l.shown);
  const hidden = lists.filter((l) => !l.shown);
  const shownBytes = shown.reduce((sum, list) => sum + fullBytes(list), 0);
  const caps = new Map<CutList, number>();
  if (shownBytes <= room) {
    for (const list of shown) caps.set(list, Number.POSITIVE_INFINITY);
    const cap = commonCap(hidden, room - shownBytes);
    for (const list of hidden) caps.set(list, cap);
  } else {
    for (const list of hidden) caps.set(list, 0);
    const cap = commonCap(shown, room);
    for (const list of shown) caps.set(list, cap);
  }
  const keep = new Map<string, number>(lists.map((list) => [`${list.spec}:${list.kind}`, keptEntries(list, caps.get(list) ?? 0)]));
  return { ...model, specs: model.specs.map((spec, index) => cutSpec(spec, keep.get(`${index}:parameters`), keep.get(`${index}:changes`))) };
}

function cutLists(spec: SpecView, index: number, shown: boolean): CutList[] {
  const running = (entries: unknown[]): number[] => {
    let sum = 0;
    return entries.map((entry) => (sum += jsonBytes(entry) + 1));
  };
  return [
    { spec: index, kind: 'parameters', runningBytes: running(spec.record?.parameters ?? []), shown },
    { spec: index, kind: 'changes', runningBytes: running(spec.pinned?.changes ?? []), shown },
  ];
}

function fullBytes(list: CutList): number {
  return list.runningBytes.at(-1) ?? 0;
}

/** How many first entries of the list fit in `cap` bytes. */
function keptEntries(list: CutList, cap: number): number {
  let low = 0;
  let high = list.runningBytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (list.runningBytes[mid - 1]! <= cap) low = mid;
    else high = mid - 1;
  }
  return low;
}

function keptBytes(list: CutList, cap: number): number {
  const kept = keptEntries(list, cap);
  return kept === 0 ? 0 : list.runningBytes[kept - 1]!;
}

/** The largest per-list byte cap with which all lists together fit in `room` (0 when nothing fits). */
function commonCap(lists: CutList[], room: number): number {
  if (room <= 0) return 0;
  let low = 0;
  let high = Math.max(0, ...lists.map(fullBytes));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const needed = lists.reduce((sum, list) => sum + keptBytes(list, mid), 0);
    if (needed <= room) low = mid;
    else high = mid - 1;
  }
  return low;
}

function cutSpec(spec: SpecView, keepParameters = 0, keepChanges = 0): SpecView {
  const parameters = spec.record?.parameters ?? [];
  const changes = spec.pinned?.changes ?? [];
  const omitted = { parameters: parameters.length - keepParameters, changes: changes.length - keepChanges };
  if (omitted.parameters === 0 && omitted.changes === 0) return spec;
  return {
    ...spec,
    ...(spec.record ? { record: { ...spec.record, parameters: parameters.slice(0, keepParameters) } } : {}),
    ...(spec.pinned?.changes ? { pinned: { ...spec.pinned, changes: changes.slice(0, keepChanges) } } : {}),
    omitted,
  };
}
