/**
 * Integrators: the web trigger URLs to hand to the engineering system, the webhook secrets of each direction, and a
 * test notice. A new secret is shown once (the page hides it on the next action or reload).
 */
import { Button, Heading, Label, SectionMessage, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { AdminState, CreatedSecret, DeliveryEntry } from '../../shared/admin-contract';
import { SECRET_DIRECTIONS } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { when } from './admin-wording';
import { useActions } from './call-failure';
import { DocumentationNoticesSection } from './documentation-notices-section';
import { SecretsOfDirection } from './secrets-of-direction';

interface IntegratorsProps {
  state: AdminState;
  revealed: CreatedSecret | undefined;
  onState: (state: AdminState) => void;
  onCreated: (secret: CreatedSecret) => void;
}

export function IntegratorsSection({ state, revealed, onState, onCreated }: IntegratorsProps): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const [notice, setNotice] = useState<{ httpStatus: number; delivery: DeliveryEntry }>();
  const sendTestNotice = () => {
    setNotice(undefined);
    return run('notice', () => call('sendTestNotice', {}), setNotice);
  };

  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading as="h3">Web trigger URLs</Heading>
        <Text>Give these to the engineering system. Select and copy: the page cannot copy to the clipboard for you.</Text>
        {state.webTriggers.length === 0 ? <Text>This deployment has no web triggers.</Text> : null}
        {state.webTriggers.map((trigger) => (
          <Stack key={trigger.key} space="space.050">
            <Label labelFor={`trigger-${trigger.key}`}>{trigger.direction === 'inbound' ? 'Change notices (inbound)' : 'Queries'}</Label>
            <Textfield id={`trigger-${trigger.key}`} name={`trigger-${trigger.key}`} value={trigger.url} isReadOnly isMonospaced />
          </Stack>
        ))}
      </Stack>
      <DocumentationNoticesSection state={state} onState={onState} />
      {revealed ? <RevealedSecret created={revealed} /> : null}
      {SECRET_DIRECTIONS.map((direction) => (
        <SecretsOfDirection
          key={direction}
          direction={direction}
          secrets={state.secrets.filter((secret) => secret.direction === direction)}
          onState={onState}
          onCreated={onCreated}
        />
      ))}
      <Stack space="space.100">
        <Heading as="h3">Test notice</Heading>
        <Text>Sends a documentation notice to the engineering system, signed with the current outbound secret.</Text>
        <Button isDisabled={busy !== undefined} onClick={() => void sendTestNotice()}>
          Send test notice
        </Button>
        {failureAt('notice')}
        {notice ? <TestNotice {...notice} /> : null}
      </Stack>
    </Stack>
  );
}

function RevealedSecret({ created }: { created: CreatedSecret }): React.JSX.Element {
  return (
    <SectionMessage appearance="success" title="New webhook secret">
      <Stack space="space.100">
        <Text>Copy this secret into the engineering system now. It will not be shown again.</Text>
        <Textfield name="created-secret" value={created.secret} isReadOnly isMonospaced />
      </Stack>
    </SectionMessage>
  );
}

function TestNotice({ httpStatus, delivery }: { httpStatus: number; delivery: DeliveryEntry }): React.JSX.Element {
  const accepted = httpStatus >= 200 && httpStatus < 300;
  const parts = [`HTTP ${httpStatus}`, delivery.status, when(delivery.at), ...(delivery.specIds.length ? [delivery.specIds.join(', ')] : []), ...(delivery.reason ? [delivery.reason] : [])];
  return (
    <SectionMessage appearance={accepted ? 'success' : 'error'} title={accepted ? 'The engineering system accepted the test notice' : 'The test notice was not accepted'}>
      <Text>{parts.join(' · ')}</Text>
    </SectionMessage>
  );
}
