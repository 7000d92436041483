import type { ParameterChange } from '../shared/resolver-contract';
import type { SpecParameter } from '../shared/spec-record';

/** Parameter-by-parameter differences from `before` (pinned revision) to `after` (latest), by name. */
export function diffParameters(before: SpecParameter[], after: SpecParameter[]): ParameterChange[] {
  const old = new Map(before.map((p) => [p.name, p]));
  const changes: ParameterChange[] = [];
  for (const parameter of after) {
    const previous = old.get(parameter.name);
    if (!previous) changes.push({ name: parameter.name, kind: 'added', after: parameter });
    else if (JSON.stringify(previous) !== JSON.stringify(parameter)) changes.push({ name: parameter.name, kind: 'changed', before: previous, after: parameter });
    old.delete(parameter.name);
  }
  for (const removed of old.values()) changes.push({ name: removed.name, kind: 'removed', before: removed });
  return changes;
}
