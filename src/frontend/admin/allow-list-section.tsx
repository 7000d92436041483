/**
 * Allow-list: which specs each space may show. One row per space key, and the `*` row for every other space; a row
 * without patterns allows everything there.
 */
import { Button, ButtonGroup, Heading, Inline, Label, SectionMessage, Stack, Text, TextArea, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { AdminState, AllowListEntry } from '../../shared/admin-contract';
import { useAdminCaller } from './admin-session';
import { formatPatterns, parsePatterns } from './admin-wording';
import { useActions } from './call-failure';

interface Row {
  id: number;
  spaceKey: string;
  patterns: string;
}

type Change = { target?: { value?: string } };

function rowsOf(allowList: AllowListEntry[]): Row[] {
  const spaces = allowList.filter((entry) => entry.spaceKey !== '*');
  const others = allowList.find((entry) => entry.spaceKey === '*');
  return [
    ...spaces.map((entry, index) => ({ id: index + 1, spaceKey: entry.spaceKey, patterns: formatPatterns(entry.patterns) })),
    { id: 0, spaceKey: '*', patterns: formatPatterns(others?.patterns ?? []) },
  ];
}

/** The rows as the contract's entries: blank space keys dropped, and the `*` row only when it restricts something. */
function entriesOf(rows: Row[]): AllowListEntry[] {
  return rows
    .map((row) => ({ spaceKey: row.spaceKey.trim(), patterns: parsePatterns(row.patterns) }))
    .filter((entry) => entry.spaceKey !== '' && (entry.spaceKey !== '*' || entry.patterns.length > 0));
}

export function AllowListSection({ allowList, malformed, onState }: { allowList: AllowListEntry[]; malformed?: boolean; onState: (state: AdminState) => void }): React.JSX.Element {
  const call = useAdminCaller();
  const { busy, run, failureAt } = useActions();
  const [rows, setRows] = useState(() => rowsOf(allowList));
  const [savedNote, setSavedNote] = useState(false);
  const edit = (id: number, change: Partial<Row>) => {
    setSavedNote(false);
    setRows(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  };
  const add = () => setRows([...rows.slice(0, -1), { id: Math.max(...rows.map((row) => row.id)) + 1, spaceKey: '', patterns: '' }, rows[rows.length - 1]!]);
  const save = () =>
    run('save', () => call('saveAllowList', { allowList: entriesOf(rows) }), (state) => {
      setRows(rowsOf(state.allowList));
      setSavedNote(true);
      onState(state);
    });

  return (
    <Stack space="space.200">
      <Heading as="h3">Allow-list</Heading>
      {malformed ? (
        <SectionMessage appearance="error">
          <Text>The stored allow-list cannot be read, so every specification is refused in every space. Save a list (an empty one allows everything) to replace it.</Text>
        </SectionMessage>
      ) : null}
      <Text>
        Which specifications each space may show, as spec id patterns separated by commas or new lines (`*` matches any run of characters:
        SHAFT-*). An empty list allows every specification the token can read.
      </Text>
      {rows.map((row) => (
        <Stack key={row.id} space="space.050">
          {row.spaceKey === '*' && row.id === 0 ? (
            <Text weight="bold">Every other space (*)</Text>
          ) : (
            <Inline space="space.100" alignBlock="center">
              <Label labelFor={`space-${row.id}`}>Space key</Label>
              <Textfield id={`space-${row.id}`} name={`space-${row.id}`} value={row.spaceKey} onChange={(e: Change) => edit(row.id, { spaceKey: e?.target?.value ?? '' })} />
              <Button appearance="subtle" onClick={() => setRows(rows.filter((other) => other.id !== row.id))}>
                Remove space
              </Button>
            </Inline>
          )}
          <TextArea name={`patterns-${row.id}`} value={row.patterns} placeholder="Everything allowed" onChange={(e: Change) => edit(row.id, { patterns: e?.target?.value ?? '' })} />
        </Stack>
      ))}
      <ButtonGroup>
        <Button onClick={add}>Add space</Button>
        <Button appearance="primary" isDisabled={busy !== undefined} onClick={() => void save()}>
          Save allow-list
        </Button>
      </ButtonGroup>
      {failureAt('save')}
      {savedNote ? <Text>Allow-list saved.</Text> : null}
    </Stack>
  );
}
