/**
 * Returns what the layout shows, not everything the pipeline has (src/shared/shape-specs.ts): a table row carries
 * counts and the author's parameter columns, and the card and parameters layouts show one spec. Parameters are most of
 * a record's bytes, so a table of 50 specs answers with counts instead of 50 parameter lists. The snapshot and the
 * export are built before this, from the whole records.
 */
import type { MacroViewModel } from '../shared/resolver-contract';
import { shapeSpecs } from '../shared/shape-specs';

export function shapeForLayout(model: MacroViewModel): MacroViewModel {
  return { ...model, specs: shapeSpecs(model.settings, model.specs) };
}
