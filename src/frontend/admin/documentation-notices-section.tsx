/**
 * Documentation notices: where Spec Bridge tells the engineering system which pages show its specs, and what those
 * notices may carry. Both sharing choices are off until an admin ticks them (docs/documentation-notices.md).
 */
import { Button, ButtonGroup, CheckboxGroup, Heading, Label, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { AdminState } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { when } from './admin-wording';
import { useActions } from './call-failure';

type Change = { target?: { value?: string } };
type Choice = 'shareTitles' | 'includeRestricted';

const CHOICES: { label: string; value: Choice }[] = [
  { label: 'Share page titles and space keys', value: 'shareTitles' },
  { label: 'Include restricted pages', value: 'includeRestricted' },
];

export function DocumentationNoticesSection({ state, onState }: { state: AdminState; onState: (state: AdminState) => void }): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const saved = state.documentationNotices;
  const [receiverUrl, setReceiverUrl] = useState(saved?.receiverUrl ?? '');
  const [choices, setChoices] = useState<Choice[]>(CHOICES.map((c) => c.value).filter((value) => saved?.[value] === true));

  const save = () =>
    run('save', () => call('saveDocumentationNotices', { receiverUrl: receiverUrl.trim(), shareTitles: choices.includes('shareTitles'), includeRestricted: choices.includes('includeRestricted') }), onState);
  const stop = () =>
    run('stop', () => call('removeDocumentationNotices', {}), (next) => {
      setReceiverUrl('');
      setChoices([]);
      onState(next);
    });

  return (
    <Stack space="space.100">
      <Heading as="h3">Documentation notices</Heading>
      <Text>
        Spec Bridge tells the engineering system which pages show each spec and which revision, signed with the current outbound secret. By default a notice carries ids and page links only, and a
        page with view restrictions is reported as gone.
      </Text>
      {saved ? <Text>Saved {when(saved.updatedAt)} by {saved.updatedBy}</Text> : <Text>Not sent: no receiver URL is saved.</Text>}
      <Label labelFor="admin-documentation-receiver">Documentation notices: receiver URL</Label>
      <Textfield
        id="admin-documentation-receiver"
        name="documentationReceiverUrl"
        placeholder="https://plm.example.com/eng/api/v1/documentation-notices"
        value={receiverUrl}
        onChange={(e: Change) => setReceiverUrl(e?.target?.value ?? '')}
      />
      <Text>On a host this deployment may call: {state.connection.allowedHosts.join(', ') || 'none'}.</Text>
      <CheckboxGroup name="documentationSharing" options={CHOICES} value={choices} onChange={(values: string[]) => setChoices(values as Choice[])} />
      <ButtonGroup>
        <Button appearance="primary" isDisabled={busy !== undefined} onClick={() => void save()}>
          Save documentation notices
        </Button>
        <Button appearance="subtle" isDisabled={busy !== undefined || saved === undefined} onClick={() => void stop()}>
          Stop sending
        </Button>
      </ButtonGroup>
      {failureAt('save')}
      {failureAt('stop')}
    </Stack>
  );
}
