import type { ParameterChange } from '../shared/resolver-contract';
import type { SpecParameter } from '../shared/spec-record';
import { formatActual, formatLimits, formatParameter } from '../shared/format-parameter';

/**
 * Parameter-by-parameter differences from `before` (pinned revision) to `after` (latest), by name. A
 * parameter counts as changed only when what a reader sees of it differs (its specification, limits or
 * actual value as formatted), so 312 and 312.0, or ±0.2 written as +0.2/−0.2, are not listed as changes.
 */
export function diffParameters(before: SpecParameter[], after: SpecParameter[]): ParameterChange[] {
  const old = new Map(before.map((p) => [p.name, p]));
  const changes: ParameterChange[] = [];
  for (const parameter of after) {
    const previous = old.get(parameter.name);
    if (!previous) changes.push({ name: parameter.name, kind: 'added', after: parameter });
    else if (shownText(previous) !== shownText(parameter)) changes.push({ name: parameter.name, kind: 'changed', before: previous, after: parameter });
    old.delete(parameter.name);
  }
  for (const removed of old.values()) changes.push({ name: removed.name, kind: 'removed', before: removed });
  return changes;
}

/** Everything a parameter table shows of one parameter besides its name. */
function shownText(parameter: SpecParameter): string {
  return JSON.stringify([formatParameter(parameter), formatLimits(parameter), formatActual(parameter)]);
}
