/**
 * Live updates: a global realtime subscription on the spec-changes channel. Payloads carry spec ids
 * only; the caller decides whether they concern this macro. Realtime is best effort (no delivery
 * guarantee), so the cache stays authoritative; but a subscription that fails (a token rejected or
 * expired, a lost connection) is not left silent: the macro subscribes again (resubscribe.ts).
 */
import { realtime } from '@forge/bridge';
import { useEffect, useRef } from 'react';
import { SPEC_CHANGES_CHANNEL } from '../shared/resolver-contract';
import { MAX_RESUBSCRIBE_ATTEMPTS, resubscribeDelayMs } from './resubscribe';

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

interface Subscription {
  unsubscribe: () => Promise<void>;
}

function quietly(subscription: Subscription | undefined): void {
  if (subscription) void Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
}

/**
 * Subscribes while `target` is set (resubscribing when it changes) and unsubscribes on unmount. When the subscription
 * fails, the macro drops its token (every change is also published without one, docs/decisions.md §19, so no resolver
 * call is needed for a new token) and subscribes again, with growing waits, at most MAX_RESUBSCRIBE_ATTEMPTS times in
 * a row; `onResubscribed` runs after each successful resubscribe, to pick up a change missed while disconnected.
 */
export function useSpecChanges(target: LiveTarget | undefined, onChange: (specIds: string[]) => void, onResubscribed?: () => void): void {
  const latest = useRef({ onChange, onResubscribed });
  latest.current = { onChange, onResubscribed };
  const enabled = target !== undefined;
  const channel = target?.channel ?? SPEC_CHANGES_CHANNEL;
  const token = target?.token;

  useEffect(() => {
    if (!enabled) return undefined;
    let active = true;
    let subscription: Subscription | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let useToken = token !== undefined;
    /** Failed attempts in a row; an event that arrives proves the subscription works and starts the count again. */
    let failures = 0;
    let generation = 0;

    const fail = (failed: number): void => {
      if (!active || failed !== generation) return;
      generation += 1;
      quietly(subscription);
      subscription = undefined;
      if (useToken) {
        useToken = false;
        connect(true);
        return;
      }
      failures += 1;
      if (failures > MAX_RESUBSCRIBE_ATTEMPTS) return;
      retryTimer = setTimeout(() => connect(true), resubscribeDelayMs(failures));
    };

    function connect(again: boolean): void {
      const attempt = generation;
      const options = useToken ? { token } : undefined;
      realtime
        .subscribeGlobal(
          channel,
          (payload, error) => {
            if (!active || attempt !== generation) return;
            if (error) return fail(attempt);
            const specIds = specIdsOf(payload);
            failures = 0;
            if (specIds.length > 0) latest.current.onChange(specIds);
          },
          options,
        )
        .then((sub) => {
          if (!active || attempt !== generation) return quietly(sub);
          subscription = sub;
          if (again) latest.current.onResubscribed?.();
        })
        .catch(() => fail(attempt));
    }

    connect(false);
    return () => {
      active = false;
      clearTimeout(retryTimer);
      quietly(subscription);
    };
  }, [enabled, channel, token]);
}
