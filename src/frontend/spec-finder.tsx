/**
 * The config dialog's search over the engineering system: type an id or words of a title, press Enter
 * or Search, and add matches to the macro. A query too short to search says so, and a new query
 * clears the results of the previous one.
 */
import { Button, Form, Inline, Label, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { SpecSummary } from '../shared/resolver-contract';
import { searchSpecs } from './resolver-client';
import { StatusLozenge } from './view-parts';

type FinderState =
  | { kind: 'idle' }
  | { kind: 'too-short' }
  | { kind: 'searching' }
  | { kind: 'found'; query: string; items: SpecSummary[] }
  | { kind: 'failed'; message: string };

const MIN_QUERY = 2;
const SEARCH_FIELD_ID = 'spec-search';

/** What the finder needs from the dialog: which ids are picked already, and how to add one. */
export interface SpecFinderProps {
  pickedIds: readonly string[];
  onAdd: (item: SpecSummary) => void;
}

/** The search box and its results, each with an Add button. */
export function SpecFinder({ pickedIds, onAdd }: SpecFinderProps): React.JSX.Element {
  const [query, setQuery] = useState('');
  const [state, setState] = useState<FinderState>({ kind: 'idle' });
  const search = async () => {
    const text = query.trim();
    if (text.length < MIN_QUERY) return setState({ kind: 'too-short' });
    setState({ kind: 'searching' });
    const result = await searchSpecs(text);
    setState(result.ok ? { kind: 'found', query: text, items: result.value.items } : { kind: 'failed', message: result.message });
  };
  return (
    <Stack space="space.100">
      <Form onSubmit={() => void search()}>
        <Label labelFor={SEARCH_FIELD_ID}>Find specifications by id or title</Label>
        <Inline space="space.100" alignBlock="center">
          <Textfield
            id={SEARCH_FIELD_ID}
            name="spec-search"
            placeholder="Search by id or title"
            value={query}
            onChange={(event: { target?: { value?: string } }) => {
              setQuery(event?.target?.value ?? '');
              // Results of another query would read as answers to this one.
              if (state.kind !== 'searching') setState({ kind: 'idle' });
            }}
          />
          <Button type="submit" isDisabled={state.kind === 'searching'}>
            Search
          </Button>
        </Inline>
      </Form>
      <FinderResults state={state} pickedIds={pickedIds} onAdd={onAdd} />
    </Stack>
  );
}

function FinderResults({ state, pickedIds, onAdd }: { state: FinderState } & SpecFinderProps): React.JSX.Element | null {
  if (state.kind === 'idle') return null;
  if (state.kind === 'too-short') return <Text>Type at least {MIN_QUERY} characters to search.</Text>;
  if (state.kind === 'searching') return <Text>Searching…</Text>;
  if (state.kind === 'failed') return <Text>{state.message}</Text>;
  if (state.items.length === 0) return <Text>No specification matches “{state.query}”.</Text>;
  return (
    <Stack space="space.050">
      {state.items.map((item) => {
        const picked = pickedIds.includes(item.id);
        return (
          <Inline key={item.id} space="space.100" alignBlock="center">
            <Button isDisabled={picked} onClick={() => onAdd(item)}>
              {picked ? `${item.id} added` : `Add ${item.id}`}
            </Button>
            <Text weight="bold">{item.id}</Text>
            <Text>{item.title}</Text>
            <Text>Rev {item.revision}</Text>
            <StatusLozenge status={item.status} />
          </Inline>
        );
      })}
    </Stack>
  );
}
