/** The Refresh button, and why it is disabled when the backend does not allow a refresh yet. */
import { Button, Inline, Text } from '@forge/react';
import React from 'react';
import type { ViewFailure } from './use-macro-view';

/** "45 s", "2 min", "1 h 5 min": how long until Refresh is allowed again. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

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
  onRefresh: () => void;
}

/** Disabled while refreshing or before the allowed time; says when it can be used again. */
export function RefreshControl({ nowMs, allowedAtMs, refreshing, error, onRefresh }: RefreshControlProps): React.JSX.Element {
  const waitSeconds = allowedAtMs === undefined ? 0 : (allowedAtMs - nowMs) / 1000;
  const blocked = waitSeconds > 0;
  const note = blocked
    ? `Refresh available again in ${formatWait(waitSeconds)}.`
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
