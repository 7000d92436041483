/**
 * Connection: where the engineering system is and the token Spec Bridge reads it with. The token field is never
 * filled from the backend (it has only a hint) and is cleared after Save; empty means keep the stored token.
 */
import { Button, ButtonGroup, Heading, Label, SectionMessage, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { AdminState, ConnectionState, TestConnectionInput, TestConnectionResult } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { AllowHost, useAdminAllowedHosts } from './allow-host';
import { connectionLine, ENVIRONMENT_NOTE, testResultLine, when } from './admin-wording';
import { useActions } from './call-failure';

type Change = { target?: { value?: string } };

/** `customerManagedEgress`: the deployment's capability switch; `onReload` reloads the page's state. */
export function ConnectionSection({
  connection,
  onState,
  customerManagedEgress,
  onReload,
}: {
  connection: ConnectionState;
  onState: (state: AdminState) => void;
  customerManagedEgress: boolean;
  onReload: () => Promise<void>;
}): React.JSX.Element {
  const call = useAdminCaller();
  const [adminAllowed, addAdminAllowed] = useAdminAllowedHosts(customerManagedEgress);
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
        <Text>{mayCall(connection.allowedHosts, adminAllowed)}</Text>
      </Stack>
      <Stack space="space.050">
        <Label labelFor="admin-base-url">Engineering API base URL</Label>
        <Textfield id="admin-base-url" name="baseUrl" placeholder="https://plm.example.com/api" value={baseUrl} onChange={(e: Change) => setBaseUrl(e?.target?.value ?? '')} />
        {customerManagedEgress ? (
          <AllowHost
            baseUrl={baseUrl}
            allowedHosts={connection.allowedHosts}
            adminAllowed={adminAllowed}
            onAllowed={async (hosts) => {
              addAdminAllowed(hosts);
              await onReload();
            }}
          />
        ) : null}
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

function mayCall(manifestHosts: string[], adminAllowed: string[]): string {
  const line = `This deployment may call: ${manifestHosts.length > 0 ? manifestHosts.join(', ') : 'no hosts'}`;
  return adminAllowed.length > 0 ? `${line}; allowed by a site admin: ${adminAllowed.join(', ')}` : line;
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
