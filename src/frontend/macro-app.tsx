/**
 * The macro as a live component: loads its view model, re-fetches when the config changes
 * (FORGE_CORE_MACRO_CONFIG_CHANGED, via useConfig) or when a realtime event names one of its
 * specs (re-reading the snapshot first), and marks those specs "updated just now" for a while.
 */
import { view } from '@forge/bridge';
import { useConfig } from '@forge/react';
import React, { useEffect, useRef, useState } from 'react';
import { MacroView } from './macro-view';
import { clockTickMs } from './format-wait';
import { retryAtMs } from './outage-wording';
import { ReaderFormatProvider, type ReaderFormat } from './reader-format';
import { refreshAllowedAtMs } from './refresh-control';
import { useChangedRecords } from './use-changed-records';
import { useNow, useTemporaryMarks } from './use-clock';
import { useMacroView } from './use-macro-view';
import { useSpecChanges } from './use-spec-changes';

const CLOCK_TICK_MS = 30_000;
const UPDATED_MARK_MS = 60_000;

function configKey(config: unknown): string {
  return JSON.stringify(config ?? null);
}

/**
 * Reads the macro context once: the config the page opened with, and the reader's locale and time zone.
 * Re-runs `reload` when the saved config differs from the one the page opened with. useConfig
 * re-reads the config on FORGE_CORE_MACRO_CONFIG_CHANGED but starts as `undefined` whether or not
 * a config exists, so the baseline comes from one getContext read of our own.
 */
function useReloadOnConfigChange(reload: () => Promise<void>): { format: ReaderFormat } {
  const key = configKey(useConfig());
  const baseline = useRef<string | undefined>(undefined);
  const [format, setFormat] = useState<ReaderFormat>({});

  useEffect(() => {
    let active = true;
    view
      .getContext()
      .then((context) => {
        if (!active) return;
        if (baseline.current === undefined) baseline.current = configKey(context?.extension?.config);
        // The reader's locale and time zone, which Forge puts in the UI context, for dates and numbers.
        setFormat({ locale: context?.locale, timeZone: context?.timezone });
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    if (baseline.current === undefined || baseline.current === key) return;
    baseline.current = key;
    void reload();
  }, [key, reload]);
  return { format };
}

/** The macro view with its data, live updates and clock. */
export function MacroApp(): React.JSX.Element {
  const { state, reload, refresh } = useMacroView();
  const { marked, mark } = useTemporaryMarks(UPDATED_MARK_MS);
  const refreshAt = refreshAllowedAtMs(state.view?.refreshAllowedAt, state.refreshBlockedUntil);
  const nowMs = useNow(clockTickMs(Date.now(), [refreshAt, retryAtMs(state.view)], CLOCK_TICK_MS), refreshAt);
  const shownIds = useRef<string[]>([]);
  shownIds.current = state.view?.settings.specIds ?? [];

  const { format } = useReloadOnConfigChange(reload);
  useSpecChanges(state.view ? { ...state.view.live } : undefined, (specIds) => {
    if (specIds.some((id) => shownIds.current.includes(id))) void reload('changed');
  }, () => void reload('changed'));
  useChangedRecords(state.view, mark);

  const macro = (
    <ReaderFormatProvider value={format}>
      <MacroView
        state={state}
        nowMs={nowMs}
        recentlyUpdated={marked}
        onRefresh={() => void refresh()}
        onRetry={() => void reload()}
      />
    </ReaderFormatProvider>
  );
  return macro;
}
