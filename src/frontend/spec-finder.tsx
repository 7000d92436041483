/**
 * While the page is being edited, a search over the engineering system so the author can find the
 * ids to type into the config panel (macro config forms cannot call the resolver themselves).
 */
import { Button, Heading, Inline, Stack, Text, Textfield } from '@forge/react';
import React, { useState } from 'react';
import type { SpecSummary } from '../shared/resolver-contract';
import { searchSpecs } from './resolver-client';
import { StatusLozenge } from './view-parts';

type FinderState = { kind: 'idle' } | { kind: 'searching' } | { kind: 'found'; items: SpecSummary[] } | { kind: 'failed'; message: string };

const MIN_QUERY = 2;

/** The search box and its results. */
export function SpecFinder(): React.JSX.Element {
  const [query, setQuery] = useState('');
  const [state, setState] = useState<FinderState>({ kind: 'idle' });
  const search = async () => {
    setState({ kind: 'searching' });
    const result = await searchSpecs(query.trim());
    setState(result.ok ? { kind: 'found', items: result.value.items } : { kind: 'failed', message: result.message });
  };
  return (
    <Stack space="space.100">
      <Heading as="h4" size="xsmall">
        Find specifications
      </Heading>
      <Text>Search by id or title, then enter the ids in this macro's config panel.</Text>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          name="spec-search"
          placeholder="e.g. shaft or BOLT-2001"
          value={query}
          onChange={(event: { target?: { value?: string } }) => setQuery(event?.target?.value ?? '')}
        />
        <Button onClick={() => void search()} isDisabled={query.trim().length < MIN_QUERY || state.kind === 'searching'}>
          Search
        </Button>
      </Inline>
      <FinderResults state={state} />
    </Stack>
  );
}

function FinderResults({ state }: { state: FinderState }): React.JSX.Element | null {
  if (state.kind === 'idle') return null;
  if (state.kind === 'searching') return <Text>Searching…</Text>;
  if (state.kind === 'failed') return <Text>{state.message}</Text>;
  if (state.items.length === 0) return <Text>No specification matches.</Text>;
  return (
    <Stack space="space.050">
      {state.items.map((item) => (
        <Inline key={item.id} space="space.100" alignBlock="center">
          <Text weight="bold">{item.id}</Text>
          <Text>{item.title}</Text>
          <Text>Rev {item.revision}</Text>
          <StatusLozenge status={item.status} />
        </Inline>
      ))}
    </Stack>
  );
}
