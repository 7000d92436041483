/** Pure edits of a version-2 config draft: add, move, remove and pin picked specs. */
import type { MacroConfigV2, SpecPick } from '../../shared/resolver-contract';

/** Adds a spec at the end unless it is picked already. */
export function addPick(draft: MacroConfigV2, id: string): MacroConfigV2 {
  return draft.specs.some((pick) => pick.id === id) ? draft : { ...draft, specs: [...draft.specs, { id }] };
}

/** Moves the spec at `index` one place up (-1) or down (+1); out of range changes nothing. */
export function movePick(draft: MacroConfigV2, index: number, by: -1 | 1): MacroConfigV2 {
  const target = index + by;
  if (index < 0 || target < 0 || target >= draft.specs.length) return draft;
  const specs = [...draft.specs];
  [specs[index], specs[target]] = [specs[target]!, specs[index]!];
  return { ...draft, specs };
}

/** Removes the spec at `index`. */
export function removePick(draft: MacroConfigV2, index: number): MacroConfigV2 {
  return { ...draft, specs: draft.specs.filter((_, at) => at !== index) };
}

/** Pins the spec at `index` to a revision as written; empty text means its latest revision. */
export function pinPick(draft: MacroConfigV2, index: number, revision: string): MacroConfigV2 {
  const text = revision.trim();
  const specs = draft.specs.map((pick, at): SpecPick => (at !== index ? pick : text === '' ? { id: pick.id } : { id: pick.id, revision: text }));
  return { ...draft, specs };
}
