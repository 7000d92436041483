/**
 * The macro's data: the first load, coalesced reloads (config change, realtime push) and the
 * user's Refresh, each kept as plain state so the view can always render something.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MacroViewModel, ResolverErrorCode } from '../shared/resolver-contract';
import { fetchView } from './resolver-client';

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
}

function failure(result: { code: ResolverErrorCode; message: string; retryAfterSeconds?: number }): ViewFailure {
  const { code, message, retryAfterSeconds } = result;
  return retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds };
}

/** Loads the view model; `reload` coalesces bursts into at most one extra getSpecs call. */
export function useMacroView(): { state: MacroViewState; reload: () => Promise<void>; refresh: () => Promise<void> } {
  const [state, setState] = useState<MacroViewState>({ loading: true, refreshing: false });
  const mounted = useRef(true);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const pending = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const reload = useCallback((): Promise<void> => {
    if (inFlight.current) {
      pending.current = true;
      return inFlight.current;
    }
    const run = async (): Promise<void> => {
      do {
        pending.current = false;
        const result = await fetchView('getSpecs');
        if (!mounted.current) return;
        if (result.ok) setState((s) => ({ ...s, view: result.value, loading: false, error: undefined }));
        else setState((s) => ({ ...s, loading: false, error: failure(result) }));
      } while (pending.current);
    };
    inFlight.current = run().finally(() => {
      inFlight.current = undefined;
    });
    return inFlight.current;
  }, []);

  const refresh = useCallback(async (): Promise<void> => {
    setState((s) => ({ ...s, refreshing: true, refreshError: undefined }));
    const result = await fetchView('refresh');
    if (!mounted.current) return;
    if (result.ok) {
      setState((s) => ({ ...s, view: result.value, refreshing: false, error: undefined, refreshBlockedUntil: undefined }));
      return;
    }
    const blockedUntil = result.retryAfterSeconds === undefined ? undefined : Date.now() + result.retryAfterSeconds * 1000;
    setState((s) => ({ ...s, refreshing: false, refreshError: failure(result), refreshBlockedUntil: blockedUntil ?? s.refreshBlockedUntil }));
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload, refresh };
}
