/**
 * "updated just now" only where it is true: marks the specs whose displayed record differs from the one the previous
 * view showed, whatever brought the new view (a realtime event, Refresh, a saved config). A record fetched again with
 * the same content, or a spec that had no record before, is not marked.
 */
import { useEffect, useRef } from 'react';
import type { MacroViewModel } from '../shared/resolver-contract';

export function useChangedRecords(view: MacroViewModel | undefined, mark: (ids: string[]) => void): void {
  const previous = useRef<Map<string, string> | undefined>(undefined);
  const latestMark = useRef(mark);
  latestMark.current = mark;

  useEffect(() => {
    if (!view) return;
    const current = new Map(view.specs.filter((spec) => spec.record).map((spec) => [spec.id, JSON.stringify(spec.record)]));
    const before = previous.current;
    previous.current = current;
    if (!before) return;
    const changed = [...current].filter(([id, shown]) => before.has(id) && before.get(id) !== shown).map(([id]) => id);
    if (changed.length > 0) latestMark.current(changed);
  }, [view]);
}
