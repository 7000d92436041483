/** The webhook secrets of one direction: list, and Create (when none), Rotate (keeping the previous one a while), Remove. */
import { Box, Button, Heading, Inline, Label, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { AdminState, CreatedSecret, SecretDirection, SecretInfo } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { DIRECTION_TITLES, parseKeepDays, secretLine } from './admin-wording';
import { useActions } from './call-failure';

interface SecretsProps {
  direction: SecretDirection;
  secrets: SecretInfo[];
  onState: (state: AdminState) => void;
  onCreated: (secret: CreatedSecret) => void;
}

export function SecretsOfDirection({ direction, secrets, onState, onCreated }: SecretsProps): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt, fail } = useActions();
  const [keepDays, setKeepDays] = useState('');
  const fieldId = `keep-days-${direction}`;

  const create = () => run('create', () => call('createSecret', { direction }), onCreated);
  const rotate = () => {
    const keep = parseKeepDays(keepDays);
    if (!keep.ok) return fail('create', keep.message);
    const input = keep.days === undefined ? { direction } : { direction, keepPreviousDays: keep.days };
    return run('create', () => call('createSecret', input), (created) => {
      setKeepDays('');
      onCreated(created);
    });
  };
  const remove = (id: string) => run(`remove-${id}`, () => call('removeSecret', { id }), onState);

  return (
    <Box testId={`secrets-${direction}`}>
      <Stack space="space.100">
        <Heading as="h4">{DIRECTION_TITLES[direction]}</Heading>
        {secrets.length === 0 ? <Text>No secret yet.</Text> : null}
        {secrets.map((secret) => (
          <Stack key={secret.id} space="space.050">
            <Inline space="space.100" alignBlock="center">
              <Text>{secretLine(secret)}</Text>
              <Button appearance="subtle" isDisabled={busy !== undefined} onClick={() => void remove(secret.id)}>
                Remove
              </Button>
            </Inline>
            {failureAt(`remove-${secret.id}`)}
          </Stack>
        ))}
        {secrets.length === 0 ? (
          <Button isDisabled={busy !== undefined} onClick={() => void create()}>
            Create secret
          </Button>
        ) : (
          <Stack space="space.050">
            <Label labelFor={fieldId}>Keep the previous secret valid for N days</Label>
            <Inline space="space.100" alignBlock="center">
              <Textfield id={fieldId} name={fieldId} type="number" min={0} max={30} placeholder="Until removed" value={keepDays} onChange={(e: { target?: { value?: string } }) => setKeepDays(e?.target?.value ?? '')} />
              <Button isDisabled={busy !== undefined} onClick={() => void rotate()}>
                Rotate
              </Button>
            </Inline>
          </Stack>
        )}
        {failureAt('create')}
      </Stack>
    </Box>
  );
}
