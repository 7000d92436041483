/**
 * Keeps keystrokes when an input is controlled by the app in another frame: the input shows what
 * the user typed at once, and the app's `value` only wins when it is not an echo of something typed.
 */
import { useEffect, useRef, useState } from 'react';

/**
 * Decides what to do with a value the app sent back. An echo of a value still in `sent` only drops
 * that value and the older ones (the input is already ahead); anything else is the app's own value.
 */
export function settleAppValue<T>(sent: readonly T[], appValue: T): { sent: T[]; adopt: boolean } {
  const index = sent.indexOf(appValue);
  return index >= 0 ? { sent: sent.slice(index + 1), adopt: false } : { sent: [], adopt: true };
}

/** The value to show and the function to call on every local change. */
export function useBufferedValue<T>(appValue: T): [T, (value: T) => void] {
  const [local, setLocal] = useState(appValue);
  const sent = useRef<T[]>([]);
  useEffect(() => {
    const next = settleAppValue(sent.current, appValue);
    sent.current = next.sent;
    if (next.adopt) setLocal(appValue);
  }, [appValue]);
  return [
    local,
    (value: T) => {
      sent.current.push(value);
      setLocal(value);
    },
  ];
}
