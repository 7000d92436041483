/** Audit: who changed which setting when (never a secret value). */
import { Button, DynamicTable, Heading, Stack, Text } from '@forge/react';
import React, { useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { when } from './admin-wording';
import { useActions } from './call-failure';

export function AuditSection(): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const [items, setItems] = useState<AuditEntry[]>();
  const load = (background: boolean) => run('load', () => call('listAudit', {}, background), (value) => setItems(value.items));
  useEffect(() => void load(true), []);

  const head = { cells: [{ key: 'at', content: 'Time' }, { key: 'who', content: 'Who' }, { key: 'action', content: 'Action' }, { key: 'detail', content: 'Detail' }] };
  const rows = (items ?? []).map((entry, index) => ({
    key: `${entry.at}-${index}`,
    cells: [
      { key: 'at', content: when(entry.at) },
      { key: 'who', content: entry.accountId },
      { key: 'action', content: entry.action },
      { key: 'detail', content: entry.detail },
    ],
  }));
  return (
    <Stack space="space.200">
      <Heading as="h3">Audit</Heading>
      <Button appearance="subtle" isDisabled={busy !== undefined} onClick={() => void load(false)}>
        Refresh audit
      </Button>
      {failureAt('load')}
      {items === undefined ? null : items.length === 0 ? <Text>No changes recorded yet.</Text> : <DynamicTable caption="Audit" head={head} rows={rows} rowsPerPage={20} />}
    </Stack>
  );
}
