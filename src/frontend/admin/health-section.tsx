/**
 * Health: cache, circuit breaker, the engineering errors readers never see, queue backlog, and the site-wide actions.
 * Each action asks for confirmation; while one runs the section asks for progress every `pollEveryMs`.
 */
import { Button, ButtonGroup, DynamicTable, Heading, Stack, Text } from '@forge/react';
import React, { useEffect, useRef, useState } from 'react';
import type { AdminAction, HealthState } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { ACTION_TITLES, progressLine, when } from './admin-wording';
import { useActions } from './call-failure';

const ACTIONS: AdminAction[] = ['purge_cache', 'resnapshot_all', 'remove_snapshots'];

const ACTION_NOTES: Record<AdminAction, string> = {
  purge_cache: 'Forgets every cached record; macros fetch from the engineering system again.',
  resnapshot_all: 'Stores a fresh snapshot on every page with a Spec Bridge macro.',
  remove_snapshots:
    'Deletes the snapshots stored on pages. Content properties outlive an uninstall, so this is how to remove them before uninstalling Spec Bridge.',
};

export function HealthSection({ pollEveryMs }: { pollEveryMs: number }): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const [health, setHealth] = useState<HealthState>();
  const [confirming, setConfirming] = useState<AdminAction>();
  const poll = useRef<ReturnType<typeof setTimeout>>(undefined);

  const alive = useRef(true);

  // A progress poll does not recount the cache: counting pages through the cached records, values included.
  const load = (background: boolean, progressPoll = false): Promise<void> =>
    run('load', () => call('getHealth', progressPoll ? { countCache: false } : {}, background), (value) => {
      setHealth((shown) => (value.cacheEntries === undefined && shown ? { ...value, cacheEntries: shown.cacheEntries, ...(shown.cacheEntriesCapped ? { cacheEntriesCapped: true } : {}) } : value));
      clearTimeout(poll.current);
      const running = value.actions.some((action) => action.state === 'running');
      if (running && alive.current) poll.current = setTimeout(() => void load(true, true), pollEveryMs);
    });
  useEffect(() => {
    alive.current = true;
    void load(true);
    return () => {
      alive.current = false;
      clearTimeout(poll.current);
    };
  }, []);

  const start = (action: AdminAction) => {
    setConfirming(undefined);
    return run(action, () => call('startAction', { action }), () => void load(true));
  };

  if (!health) return <Stack space="space.100">{failureAt('load') ?? <Text>Loading health…</Text>}</Stack>;
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading as="h3">Health</Heading>
        <Text>
          Cache entries: {health.cacheEntries ?? '…'}
          {health.cacheEntriesCapped ? '+' : ''}
        </Text>
        <Text>
          Circuit breaker: {health.breaker.state.replace('_', ' ')}
          {health.breaker.closesAt ? ` · closes at ${when(health.breaker.closesAt)}` : ''}
        </Text>
        <Text>Queue backlog: {health.queueBacklog === undefined ? 'not measurable' : health.queueBacklog}</Text>
        <Button appearance="subtle" isDisabled={busy !== undefined} onClick={() => void load(false)}>
          Refresh health
        </Button>
        {failureAt('load')}
      </Stack>
      <EngineeringErrors errors={health.engineeringErrors} />
      <Stack space="space.200">
        <Heading as="h3">Actions</Heading>
        {ACTIONS.map((action) => {
          const running = health.actions.some((progress) => progress.action === action && progress.state === 'running');
          return (
            <Stack key={action} space="space.050">
              <Text>{ACTION_NOTES[action]}</Text>
              {confirming === action ? (
                <ButtonGroup>
                  <Button appearance="danger" onClick={() => void start(action)}>
                    Confirm: {ACTION_TITLES[action]}
                  </Button>
                  <Button appearance="subtle" onClick={() => setConfirming(undefined)}>
                    Cancel
                  </Button>
                </ButtonGroup>
              ) : (
                <Button isDisabled={busy !== undefined || running} onClick={() => setConfirming(action)}>
                  {ACTION_TITLES[action]}
                </Button>
              )}
              {failureAt(action)}
            </Stack>
          );
        })}
        {health.actions.map((progress) => (
          <Text key={progress.id}>{progressLine(progress)}</Text>
        ))}
      </Stack>
    </Stack>
  );
}

function EngineeringErrors({ errors }: { errors: HealthState['engineeringErrors'] }): React.JSX.Element {
  if (errors.length === 0) return <Text>No engineering errors recorded.</Text>;
  const head = { cells: [{ key: 'at', content: 'Time' }, { key: 'kind', content: 'Kind' }, { key: 'detail', content: 'Detail' }] };
  const rows = errors.map((error, index) => ({
    key: `${error.at}-${index}`,
    cells: [
      { key: 'at', content: when(error.at) },
      { key: 'kind', content: error.kind },
      { key: 'detail', content: error.detail },
    ],
  }));
  return <DynamicTable caption="Last engineering errors" head={head} rows={rows} />;
}
