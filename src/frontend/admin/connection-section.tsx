/**
 * Connection: where the engineering system is and the token Spec Bridge reads it with. The token field is never
 * filled from the backend (it has only a hint) and is cleared after Save; empty means keep the stored token.
 */
import { Button, ButtonGroup, Heading, Label, SectionMessage, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { AdminState, ConnectionState, TestConnectionInput, TestConnectionResult } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { connectionLine, ENVIRONMENT_NOTE, testResultLine, when } from './admin-wording';
import { useActions } from './call-failure';

type Change = { target?: { value?: string } };

export function ConnectionSection({ connection, onState }: { connection: ConnectionState; onState: (state: AdminState) => void }): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const [baseUrl, setBaseUrl] = useState(connection.baseUrl ?? '');
  const [token, setToken] = useState('');
  const [tested, setTested] = useState<TestConnectionResult>();

  const saved = (state: AdminState) => {
    setToken('');
    setBaseUrl(state.connection.baseUrl ?? '');
    onState(state);
  };
  const save = () => {
    const input = { baseUrl: baseUrl.trim(), ...(token.trim() ? { token: token.trim() } : {}) };
    return run('save', () => call('saveConnection', input), saved);
  };
  const test = () => {
    setTested(undefined);
    const input: TestConnectionInput = { ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}), ...(token.trim() ? { token: token.trim() } : {}) };
    return run('test', () => call('testConnection', input), setTested);
  };
  const disconnect = () => run('disconnect', () => call('removeConnection', {}), saved);

  return (
    <Stack space="space.200">
      <Heading as="h3">Engineering system connection</Heading>
      <Stack space="space.050">
        <Text weight="bold">{connectionLine(connection)}</Text>
        {connection.source === 'environment' ? <Text>{ENVIRONMENT_NOTE}</Text> : null}
        {connection.updatedAt ? <Text>Saved {when(connection.updatedAt)}{connection.updatedBy ? ` by ${connection.updatedBy}` : ''}</Text> : null}
        <Text>This deployment may call: {connection.allowedHosts.length > 0 ? connection.allowedHosts.join(', ') : 'no hosts'}</Text>
      </Stack>
      <Stack space="space.050">
        <Label labelFor="admin-base-url">Engineering API base URL</Label>
        <Textfield id="admin-base-url" name="baseUrl" placeholder="https://plm.example.com/api" value={baseUrl} onChange={(e: Change) => setBaseUrl(e?.target?.value ?? '')} />
      </Stack>
      <Stack space="space.050">
        <Label labelFor="admin-token">API token</Label>
        <Textfield
          id="admin-token"
          name="token"
          type="password"
          placeholder={connection.tokenHint ? 'Leave empty to keep the stored token' : 'Paste the API token'}
          value={token}
          onChange={(e: Change) => setToken(e?.target?.value ?? '')}
        />
      </Stack>
      <ButtonGroup>
        <Button appearance="primary" isDisabled={busy !== undefined} onClick={() => void save()}>
          Save
        </Button>
        <Button isDisabled={busy !== undefined} onClick={() => void test()}>
          Test connection
        </Button>
        <Button appearance="subtle" isDisabled={busy !== undefined || connection.status !== 'connected' || connection.source === 'environment'} onClick={() => void disconnect()}>
          Disconnect
        </Button>
      </ButtonGroup>
      {failureAt('save')}
      {failureAt('test')}
      {failureAt('disconnect')}
      {busy === 'test' ? <Text>Testing…</Text> : null}
      {tested ? <TestResult result={tested} /> : null}
    </Stack>
  );
}

function TestResult({ result }: { result: TestConnectionResult }): React.JSX.Element {
  if (!result.ok) {
    return (
      <SectionMessage appearance="error" title={testResultLine(result)}>
        <Text>{result.reason}</Text>
      </SectionMessage>
    );
  }
  const sample = result.sample;
  return (
    <SectionMessage appearance="success" title={testResultLine(result)}>
      <Text>{sample ? `Read ${sample.id} · ${sample.title} · Rev ${sample.revision} · ${sample.status}` : 'No specification was read (the system has none to sample).'}</Text>
    </SectionMessage>
  );
}
