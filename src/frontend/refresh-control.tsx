/** The Refresh button, and why it is disabled when the backend does not allow a refresh yet. */
import { Button, Inline, Text } from '@forge/react';
import React from 'react';
import { formatRelativeTime } from '../shared/format-parameter';
import { formatWait } from './format-wait';
import type { ViewFailure } from './use-macro-view';


/** Epoch ms when Refresh is next allowed: the later of the view model's and a rate-limit answer's. */
export function refreshAllowedAtMs(refreshAllowedAt: string | undefined, blockedUntil: number | undefined): number | undefined {
  const fromView = refreshAllowedAt ? Date.parse(refreshAllowedAt) : Number.NaN;
  const candidates = [fromView, blockedUntil ?? Number.NaN].filter((t) => !Number.isNaN(t));
  return candidates.length > 0 ? Math.max(...candidates) : undefined;
}

export interface RefreshControlProps {
  nowMs: number;
  allowedAtMs?: number;
  refreshing: boolean;
  error?: ViewFailure;
  /** When a Refresh from this page last succeeded (epoch ms). */
  refreshedAtMs?: number;
  onRefresh: () => void;
}

/** Why Refresh waits, said as information: after our own refresh, after a busy answer, or after someone else's. */
function waitNote(wait: string, error: ViewFailure | undefined, refreshedAtMs: number | undefined, nowMs: number): string {
  if (error?.code === 'rate_limited') return `Spec Bridge is busy; you can refresh again in ${wait}.`;
  if (refreshedAtMs !== undefined) return `Refreshed ${formatRelativeTime(new Date(refreshedAtMs).toISOString(), nowMs)}; you can refresh again in ${wait}.`;
  return `Refreshed recently; you can refresh again in ${wait}.`;
}

/** Disabled while refreshing or before the allowed time; says when it can be used again. */
export function RefreshControl({ nowMs, allowedAtMs, refreshing, error, refreshedAtMs, onRefresh }: RefreshControlProps): React.JSX.Element {
  const waitSeconds = allowedAtMs === undefined ? 0 : (allowedAtMs - nowMs) / 1000;
  const blocked = waitSeconds > 0;
  const note = blocked
    ? waitNote(formatWait(waitSeconds), error, refreshedAtMs, nowMs)
    : error && error.code !== 'rate_limited'
      ? `Refresh failed: ${error.message}`
      : undefined;
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Button appearance="subtle" iconBefore="refresh" isDisabled={refreshing || blocked} onClick={onRefresh}>
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </Button>
      {note ? <Text size="small">{note}</Text> : null}
    </Inline>
  );
}
