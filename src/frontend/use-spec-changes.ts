/**
 * Live updates: a global realtime subscription on the spec-changes channel. Payloads carry spec ids
 * only; the caller decides whether they concern this macro. Realtime is best effort (no delivery
 * guarantee), so failures to subscribe are ignored and the cache stays authoritative.
 */
import { realtime } from '@forge/bridge';
import { useEffect, useRef } from 'react';
import { SPEC_CHANGES_CHANNEL } from '../shared/resolver-contract';

/** Where to listen: the view model's `live` block, or the default channel without a token. */
export interface LiveTarget {
  channel?: string;
  token?: string;
}

function specIdsOf(payload: unknown): string[] {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (typeof value !== 'object' || value === null || !('specIds' in value) || !Array.isArray(value.specIds)) return [];
  return value.specIds.filter((id: unknown): id is string => typeof id === 'string');
}

/** Subscribes while `target` is set (resubscribing when it changes) and unsubscribes on unmount. */
export function useSpecChanges(target: LiveTarget | undefined, onChange: (specIds: string[]) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const enabled = target !== undefined;
  const channel = target?.channel ?? SPEC_CHANGES_CHANNEL;
  const token = target?.token;

  useEffect(() => {
    if (!enabled) return undefined;
    let active = true;
    let subscription: { unsubscribe: () => Promise<void> } | undefined;
    const options = token === undefined ? undefined : { token };
    realtime
      .subscribeGlobal(
        channel,
        (payload, error) => {
          if (!active || error) return;
          const specIds = specIdsOf(payload);
          if (specIds.length > 0) latest.current(specIds);
        },
        options,
      )
      .then((sub) => {
        if (active) subscription = sub;
        else void Promise.resolve(sub.unsubscribe()).catch(() => undefined);
      })
      .catch(() => undefined);
    return () => {
      active = false;
      if (subscription) void Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
    };
  }, [enabled, channel, token]);
}
