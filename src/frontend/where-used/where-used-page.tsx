/**
 * Where each spec is documented: the specs in the where-used index and the pages showing them that the viewer may see,
 * the revision each macro shows against the current one, with "pinned, behind" and "stale" flags. Read part by part
 * ("Show more"); the index and the snapshots are the app's own records, never what a page editor typed.
 */
import { Button, DynamicTable, Heading, Link, Lozenge, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import React, { useEffect, useState } from 'react';
import type { WhereUsedPage, WhereUsedSpec } from '../../shared/where-used-contract';
import { fetchWhereUsed } from './where-used-client';

const head = {
  cells: [
    { key: 'spec', content: 'Specification' },
    { key: 'page', content: 'Page' },
    { key: 'shows', content: 'Shows' },
    { key: 'current', content: 'Current' },
    { key: 'flags', content: 'State' },
  ],
};

function stateOf(page: WhereUsedPage): React.JSX.Element {
  if (page.pinnedBehind) return <Lozenge appearance="moved">{`Pinned to Rev ${page.pinnedRevision ?? ''}, behind`}</Lozenge>;
  if (page.stale) return <Lozenge appearance="removed">Stale</Lozenge>;
  if (page.pinnedRevision) return <Lozenge appearance="inprogress">Pinned</Lozenge>;
  return <Lozenge appearance="success">Current</Lozenge>;
}

function rowsOf(specs: WhereUsedSpec[]) {
  return specs.flatMap((spec) =>
    spec.pages.map((page) => ({
      key: `${spec.specId}:${page.pageId}:${page.localId}`,
      cells: [
        { key: 'spec', content: spec.title ? `${spec.specId} — ${spec.title}` : spec.specId },
        { key: 'page', content: <Link href={page.url}>{page.title}</Link> },
        { key: 'shows', content: page.shownRevision ? `Rev ${page.shownRevision}` : 'No verified snapshot' },
        { key: 'current', content: spec.currentRevision ? `Rev ${spec.currentRevision}` : 'Not cached' },
        { key: 'flags', content: stateOf(page) },
      ],
    })),
  );
}

export function WhereUsedPage(): React.JSX.Element {
  const [specs, setSpecs] = useState<WhereUsedSpec[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string>();

  const load = async (from?: string) => {
    setLoading(true);
    const result = await fetchWhereUsed(from ? { cursor: from } : {});
    setLoading(false);
    if (!result.ok) {
      setFailure(result.message);
      return;
    }
    setFailure(undefined);
    setSpecs((before) => (from ? [...before, ...result.value.specs] : result.value.specs));
    setCursor(result.value.cursor);
  };
  useEffect(() => void load(), []);

  const rows = rowsOf(specs);
  return (
    <Stack space="space.200">
      <Heading as="h1">Where specifications are documented</Heading>
      <Text>Pages you may see that show a Spec Bridge macro, the revision each shows and the current one.</Text>
      {failure ? <SectionMessage appearance="warning">{failure}</SectionMessage> : null}
      {rows.length > 0 ? <DynamicTable caption="Specifications and the pages showing them" head={head} rows={rows} rowsPerPage={50} /> : null}
      {!loading && !failure && rows.length === 0 ? <Text>No page you may see shows a Spec Bridge macro yet.</Text> : null}
      {loading ? <Spinner label="Loading" /> : null}
      {cursor && !loading ? (
        <Button onClick={() => void load(cursor)}>Show more</Button>
      ) : null}
    </Stack>
  );
}
