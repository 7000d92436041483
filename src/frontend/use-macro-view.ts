/**
 * The macro's data: the first load, coalesced reloads (config change, realtime push) and the
 * user's Refresh, each kept as plain state so the view can always render something. The first load
 * and realtime reloads paint the stored snapshot when it is trusted and current, without a function
 * call (docs/decisions.md); everything else goes to the resolver.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MacroViewModel, ResolverErrorCode } from '../shared/resolver-contract';
import { EVENT_RESOLVER_SPACING_MS } from './event-resolver-spacing';
import { fetchView } from './resolver-client';
import { readSnapshot } from './snapshot-reader';
import { planFromSnapshot } from './snapshot-view';

/** A failed resolver call, as the view shows it. */
export interface ViewFailure {
  code: ResolverErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

export interface MacroViewState {
  /** The last view model received; absent until the first successful load. */
  view?: MacroViewModel;
  /** True until the first getSpecs call has answered. */
  loading: boolean;
  /** The last getSpecs failure; cleared by the next success. */
  error?: ViewFailure;
  refreshing: boolean;
  /** The last Refresh failure (e.g. rate_limited); cleared by the next Refresh. */
  refreshError?: ViewFailure;
  /** Epoch ms before which Refresh is refused, from a rate_limited answer. */
  refreshBlockedUntil?: number;
  /** Epoch ms of the last Refresh from this page that succeeded. */
  refreshedAt?: number;
}

function failure(result: { code: ResolverErrorCode; message: string; retryAfterSeconds?: number }): ViewFailure {
  const { code, message, retryAfterSeconds } = result;
  return retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds };
}

/**
 * Where a load may take its data from:
 * - `snapshot`: the stored snapshot when trusted and current (first paint);
 * - `changed`: the same, but only a snapshot other than the one painted last (a realtime event named our specs,
 *   so a snapshot with the same content missed the change);
 * - `resolver`: getSpecs (config changed, Retry).
 */
export type LoadSource = 'snapshot' | 'changed' | 'resolver';

/** Loads the view model; `reload` coalesces bursts into at most one extra load. */
export function useMacroView(): { state: MacroViewState; reload: (source?: LoadSource) => Promise<void>; refresh: () => Promise<void> } {
  const [state, setState] = useState<MacroViewState>({ loading: true, refreshing: false });
  const mounted = useRef(true);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const pending = useRef<LoadSource | undefined>(undefined);
  const paintedHash = useRef<string | undefined>(undefined);
  /** The last snapshot read found none stored (a new macro): getSpecs is told, so it takes its fetch leases early. */
  const snapshotAbsent = useRef(false);
  const lastEventCallAt = useRef(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Paints the snapshot when it may be painted; true when it is current (no resolver call needed). */
  const paintSnapshot = useCallback(async (source: LoadSource): Promise<boolean> => {
    if (source === 'resolver') return false;
    const read = await readSnapshot();
    snapshotAbsent.current = read.kind === 'absent';
    if (!mounted.current || read.kind !== 'trusted') return false;
    const { trusted } = read;
    if (source === 'changed' && trusted.snapshot.contentHash === paintedHash.current) return false;
    const plan = planFromSnapshot(trusted.snapshot, trusted.config, Date.now());
    if (!plan.paint) return false;
    paintedHash.current = trusted.snapshot.contentHash;
    // A subscribe token an earlier resolver answer gave stays: the snapshot carries none.
    setState((s) => ({ ...s, view: s.view?.live ? { ...plan.view, live: s.view.live } : plan.view, loading: !plan.current, error: undefined }));
    return plan.current;
  }, []);

  const reload = useCallback((source: LoadSource = 'resolver'): Promise<void> => {
    if (inFlight.current) {
      // A queued resolver load covers a queued snapshot read, not the other way round.
      pending.current = pending.current === 'resolver' ? 'resolver' : source;
      return inFlight.current;
    }
    const run = async (): Promise<void> => {
      let next: LoadSource | undefined = source;
      while (next !== undefined) {
        pending.current = undefined;
        if (!(await paintSnapshot(next))) {
          if (!mounted.current) return;
          if (next === 'changed') {
            const wait = lastEventCallAt.current + EVENT_RESOLVER_SPACING_MS - Date.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            if (!mounted.current) return;
            lastEventCallAt.current = Date.now();
          }
          const result = await fetchView('getSpecs', snapshotAbsent.current ? { snapshot: 'absent' } : undefined);
          if (!mounted.current) return;
          if (result.ok) setState((s) => ({ ...s, view: result.value, loading: false, error: undefined }));
          else setState((s) => ({ ...s, loading: false, error: failure(result) }));
        }
        next = pending.current;
      }
    };
    inFlight.current = run().finally(() => {
      inFlight.current = undefined;
    });
    return inFlight.current;
  }, [paintSnapshot]);

  const refresh = useCallback(async (): Promise<void> => {
    setState((s) => ({ ...s, refreshing: true, refreshError: undefined }));
    const result = await fetchView('refresh');
    if (!mounted.current) return;
    if (result.ok) {
      setState((s) => ({ ...s, view: result.value, refreshing: false, error: undefined, refreshBlockedUntil: undefined, refreshedAt: Date.now() }));
      return;
    }
    const blockedUntil = result.retryAfterSeconds === undefined ? undefined : Date.now() + result.retryAfterSeconds * 1000;
    setState((s) => ({ ...s, refreshing: false, refreshError: failure(result), refreshBlockedUntil: blockedUntil ?? s.refreshBlockedUntil }));
  }, []);

  useEffect(() => {
    void reload('snapshot');
  }, [reload]);

  return { state, reload, refresh };
}
