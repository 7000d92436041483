/** "Rev D available" for a macro pinned to an older revision, with the parameter changes when known. */
import { SectionMessage, Stack, Text } from '@forge/react';
import React from 'react';
import type { ParameterChange, PinnedRevisionInfo } from '../shared/resolver-contract';
import { formatParameter } from '../shared/format-parameter';

/** One change as a sentence: "Bore: 25.000 ± 0.005 mm → 25.000 ± 0.003 mm", "Chamfer added: …". */
export function describeParameterChange(change: ParameterChange): string {
  const before = change.before ? formatParameter(change.before) : undefined;
  const after = change.after ? formatParameter(change.after) : undefined;
  if (change.kind === 'added') return `${change.name} added: ${after ?? '—'}`;
  if (change.kind === 'removed') return `${change.name} removed (was ${before ?? '—'})`;
  return `${change.name}: ${before ?? '—'} → ${after ?? '—'}`;
}

/** Nothing unless a newer revision than the pinned one exists. */
export function PinnedBanner({ pinned }: { pinned?: PinnedRevisionInfo }): React.JSX.Element | null {
  if (!pinned || pinned.latestRevision === pinned.revision) return null;
  const { changes } = pinned;
  return (
    <SectionMessage appearance="information" title={`Rev ${pinned.latestRevision} available`}>
      <Stack space="space.050">
        <Text>This macro is pinned to Rev {pinned.revision}.</Text>
        {changes === null ? (
          <Text>A newer revision exists; its changes could not be compared.</Text>
        ) : changes.length === 0 ? (
          <Text>No parameter changed between Rev {pinned.revision} and Rev {pinned.latestRevision}.</Text>
        ) : (
          changes.map((change) => <Text key={`${change.kind}-${change.name}`}>{describeParameterChange(change)}</Text>)
        )}
      </Stack>
    </SectionMessage>
  );
}
