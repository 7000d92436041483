/** Deliveries: the webhook notices received and sent, newest first, filtered by status, direction and text. */
import { Button, DynamicTable, Form, Inline, Label, Select, Stack, Text, Textfield } from '@forge/react';
import React, { useEffect, useState } from 'react';
import type { DeliveryEntry, DeliveryFilter } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { when } from './admin-wording';
import { useActions } from './call-failure';

interface Option<T extends string> {
  label: string;
  value: T | '';
}

const STATUS_OPTIONS: Option<NonNullable<DeliveryFilter['status']>>[] = [
  { label: 'Any status', value: '' },
  { label: 'Accepted', value: 'accepted' },
  { label: 'Duplicate', value: 'duplicate' },
  { label: 'Refused', value: 'refused' },
];
const DIRECTION_OPTIONS: Option<NonNullable<DeliveryFilter['direction']>>[] = [
  { label: 'Both directions', value: '' },
  { label: 'Inbound', value: 'inbound' },
  { label: 'Outbound', value: 'outbound' },
];

export function DeliveriesSection(): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const [status, setStatus] = useState(STATUS_OPTIONS[0]!);
  const [direction, setDirection] = useState(DIRECTION_OPTIONS[0]!);
  const [text, setText] = useState('');
  const [items, setItems] = useState<DeliveryEntry[]>();

  const load = (filter: { status: typeof status; direction: typeof direction; text: string }, background = false) => {
    const query: DeliveryFilter = {
      ...(filter.status.value ? { status: filter.status.value } : {}),
      ...(filter.direction.value ? { direction: filter.direction.value } : {}),
      ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
    };
    return run('load', () => call('listDeliveries', query, background), (value) => setItems(value.items));
  };
  // The first list is the page's own call; later ones are the admin's.
  useEffect(() => void load({ status, direction, text }, true), []);

  return (
    <Stack space="space.200">
      <Form onSubmit={() => void load({ status, direction, text })}>
        <Inline space="space.100" alignBlock="end" shouldWrap>
          <Stack space="space.050">
            <Label labelFor="deliveries-status">Status</Label>
            <Select
              inputId="deliveries-status"
              name="deliveries-status"
              options={STATUS_OPTIONS}
              value={status}
              onChange={(option: typeof status | null) => {
                const next = option ?? STATUS_OPTIONS[0]!;
                setStatus(next);
                void load({ status: next, direction, text });
              }}
            />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="deliveries-direction">Direction</Label>
            <Select
              inputId="deliveries-direction"
              name="deliveries-direction"
              options={DIRECTION_OPTIONS}
              value={direction}
              onChange={(option: typeof direction | null) => {
                const next = option ?? DIRECTION_OPTIONS[0]!;
                setDirection(next);
                void load({ status, direction: next, text });
              }}
            />
          </Stack>
          <Stack space="space.050">
            <Label labelFor="deliveries-text">Spec id or webhook id</Label>
            <Textfield id="deliveries-text" name="deliveries-text" value={text} placeholder="Contains…" onChange={(e: { target?: { value?: string } }) => setText(e?.target?.value ?? '')} />
          </Stack>
          <Button type="submit" isDisabled={busy !== undefined}>
            Refresh
          </Button>
        </Inline>
      </Form>
      {failureAt('load')}
      {items === undefined ? null : items.length === 0 ? <Text>No deliveries match.</Text> : <DeliveriesTable items={items} />}
    </Stack>
  );
}

function DeliveriesTable({ items }: { items: DeliveryEntry[] }): React.JSX.Element {
  const head = {
    cells: [
      { key: 'at', content: 'Time' },
      { key: 'direction', content: 'Direction' },
      { key: 'status', content: 'Status' },
      { key: 'http', content: 'HTTP' },
      { key: 'specs', content: 'Specs' },
      { key: 'detail', content: 'Detail' },
    ],
  };
  const rows = items.map((item, index) => ({
    key: `${item.at}-${index}`,
    cells: [
      { key: 'at', content: when(item.at) },
      { key: 'direction', content: item.direction },
      { key: 'status', content: item.status },
      { key: 'http', content: String(item.httpStatus) },
      { key: 'specs', content: item.specIds.join(', ') },
      { key: 'detail', content: [item.test ? 'test notice' : '', item.webhookId ?? '', item.reason ?? ''].filter(Boolean).join(' · ') },
    ],
  }));
  return <DynamicTable caption="Deliveries" head={head} rows={rows} rowsPerPage={20} />;
}
