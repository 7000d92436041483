/** A ticking clock for relative times ("checked 2 minutes ago") and for re-enabling Refresh on time. */
import { useEffect, useState } from 'react';

/**
 * Epoch ms at render time. The component re-renders every `tickMs` and once more at `wakeAt` (when
 * given and in the future), so relative times and the Refresh wait stay current without new data.
 */
export function useNow(tickMs: number, wakeAt?: number): number {
  const [, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);

  useEffect(() => {
    if (wakeAt === undefined) return undefined;
    const delay = wakeAt - Date.now();
    if (delay <= 0) return undefined;
    const timer = setTimeout(() => setTick((n) => n + 1), delay + 50);
    return () => clearTimeout(timer);
  }, [wakeAt]);

  return Date.now();
}

/** Ids marked for a while (e.g. "updated just now"); marking again extends the hold. */
export function useTemporaryMarks(holdMs: number): { marked: ReadonlySet<string>; mark: (ids: string[]) => void } {
  const [expiries, setExpiries] = useState<ReadonlyMap<string, number>>(new Map());
  const [timers] = useState(() => new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => () => timers.forEach(clearTimeout), [timers]);

  const mark = (ids: string[]): void => {
    const expiresAt = Date.now() + holdMs;
    setExpiries((current) => new Map([...current, ...ids.map((id) => [id, expiresAt] as const)]));
    const timer = setTimeout(() => {
      timers.delete(timer);
      setExpiries((current) => new Map([...current].filter(([, until]) => until > Date.now())));
    }, holdMs + 10);
    timers.add(timer);
  };

  return { marked: new Set(expiries.keys()), mark };
}
