/**
 * "updated just now" only where it is true: marks the specs whose shown content differs from what the previous view
 * showed, whatever brought the new view (a realtime event, Refresh, a saved config). A record fetched again with the
 * same content, or a spec that had no record before, is not marked. Two things that differ without the spec changing
 * are left out: the record's timestamp alone (an engineering system stamps a save with no edits), and parameters one
 * view carries and the other does not (a snapshot holds a table row's parameters, the resolver sends only their counts).
 */
import { useEffect, useRef } from 'react';
import { summarizeParameters } from '../shared/format-parameter';
import type { MacroViewModel, SpecView } from '../shared/resolver-contract';

/** What a spec shows: its fields, its parameter counts, and its parameters when the view carries them (not counts only). */
interface Shown {
  head: string;
  summary: string;
  parameters?: string;
}

function shownOf(spec: SpecView & { record: NonNullable<SpecView['record']> }): Shown {
  const { id, title, revision, status, owner, url, parameters } = spec.record;
  const summary = spec.parameterSummary ?? summarizeParameters(parameters);
  return {
    head: JSON.stringify([id, title, revision, status, owner, url]),
    summary: JSON.stringify([summary.count, summary.outOfLimits]),
    ...(spec.parameterSummary === undefined ? { parameters: JSON.stringify(parameters) } : {}),
  };
}

function differs(before: Shown, after: Shown): boolean {
  const parametersDiffer = before.parameters !== undefined && after.parameters !== undefined && before.parameters !== after.parameters;
  return before.head !== after.head || before.summary !== after.summary || parametersDiffer;
}

export function useChangedRecords(view: MacroViewModel | undefined, mark: (ids: string[]) => void): void {
  const previous = useRef<Map<string, Shown> | undefined>(undefined);
  const latestMark = useRef(mark);
  latestMark.current = mark;

  useEffect(() => {
    if (!view) return;
    const withRecords = view.specs.filter((spec): spec is SpecView & { record: NonNullable<SpecView['record']> } => spec.record !== undefined);
    const current = new Map(withRecords.map((spec) => [spec.id, shownOf(spec)]));
    const before = previous.current;
    previous.current = current;
    if (!before) return;
    const changed = [...current].filter(([id, shown]) => {
      const earlier = before.get(id);
      return earlier !== undefined && differs(earlier, shown);
    });
    if (changed.length > 0) latestMark.current(changed.map(([id]) => id));
  }, [view]);
}
