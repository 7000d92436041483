/**
 * Spec Bridge's site-admin page (`confluence:globalSettings`): the engineering connection, integrators' secrets,
 * deliveries, health and its actions, the allow-list and the audit trail, one tab each. Only Confluence
 * administrators may use it; the resolver refuses everyone else and the page then says only that.
 */
import { Button, Heading, Inline, SectionMessage, Spinner, Stack, Tab, TabList, TabPanel, Tabs, Text } from '@forge/react';
import React, { useCallback, useEffect, useState } from 'react';
import type { AdminCall, AdminPayloads, AdminState, CreatedSecret } from '../../shared/admin-contract';
import { invokeAdmin } from './admin-client';
import { AdminCallerProvider, type AdminCaller } from './admin-session';
import { AllowListSection } from './allow-list-section';
import { AuditSection } from './audit-section';
import { CallFailure, type Failure } from './call-failure';
import { ConnectionSection } from './connection-section';
import { DeliveriesSection } from './deliveries-section';
import { HealthSection } from './health-section';
import { IntegratorsSection } from './integrators-section';

export const FORBIDDEN_MESSAGE = "Only Confluence administrators can change Spec Bridge's settings.";

type Loaded = { kind: 'loading' } | { kind: 'failed'; failure: Failure } | { kind: 'ready'; state: AdminState };

/** `pollEveryMs`: how often Health asks for progress while an action runs. */
export function AdminPage({ pollEveryMs = 2000 }: { pollEveryMs?: number }): React.JSX.Element {
  const [forbidden, setForbidden] = useState(false);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [revealed, setRevealed] = useState<CreatedSecret>();

  const call: AdminCaller = useCallback(async <K extends AdminCall>(key: K, payload: AdminPayloads[K], background = false) => {
    if (!background) setRevealed(undefined);
    const result = await invokeAdmin(key, payload);
    if (!result.ok && result.code === 'forbidden') setForbidden(true);
    return result;
  }, []);

  const reload = useCallback(
    async (background: boolean) => {
      const result = await call('getAdminState', {}, background);
      setLoaded((current) => (result.ok ? { kind: 'ready', state: result.value } : current.kind === 'ready' && background ? current : { kind: 'failed', failure: result }));
    },
    [call],
  );

  useEffect(() => void reload(true), [reload]);

  if (forbidden) {
    return (
      <SectionMessage appearance="warning">
        <Text>{FORBIDDEN_MESSAGE}</Text>
      </SectionMessage>
    );
  }
  if (loaded.kind === 'loading') return <Spinner label="Loading Spec Bridge's settings" />;
  if (loaded.kind === 'failed') return <CallFailure failure={loaded.failure} onRetry={() => void reload(false)} />;
  const { state } = loaded;
  const update = (next: AdminState) => setLoaded({ kind: 'ready', state: next });
  const created = async (secret: CreatedSecret) => {
    await reload(true);
    setRevealed(secret);
  };

  return (
    <AdminCallerProvider value={call}>
      <Stack space="space.200">
        <Inline spread="space-between" alignBlock="center">
          <Heading as="h2">Spec Bridge</Heading>
          <Button appearance="subtle" onClick={() => void reload(false)}>
            Reload settings
          </Button>
        </Inline>
        <Tabs id="spec-bridge-admin">
          <TabList>
            <Tab>Connection</Tab>
            <Tab>Integrators</Tab>
            <Tab>Deliveries</Tab>
            <Tab>Health</Tab>
            <Tab>Allow-list</Tab>
            <Tab>Audit</Tab>
          </TabList>
          <TabPanel>
            <ConnectionSection connection={state.connection} onState={update} customerManagedEgress={state.capabilities.customerManagedEgress} onReload={() => reload(true)} />
          </TabPanel>
          <TabPanel>
            <IntegratorsSection state={state} revealed={revealed} onState={update} onCreated={(secret) => void created(secret)} />
          </TabPanel>
          <TabPanel>
            <DeliveriesSection />
          </TabPanel>
          <TabPanel>
            <HealthSection pollEveryMs={pollEveryMs} />
          </TabPanel>
          <TabPanel>
            <AllowListSection allowList={state.allowList} malformed={state.allowListMalformed === true} onState={update} />
          </TabPanel>
          <TabPanel>
            <AuditSection />
          </TabPanel>
        </Tabs>
      </Stack>
    </AdminCallerProvider>
  );
}
