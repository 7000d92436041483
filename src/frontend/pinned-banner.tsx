/**
 * What a pin means for one spec: "Rev D available" with the parameter changes when a newer revision
 * exists, or why the pinned revision is not what is shown (it does not exist, or cannot be read now).
 */
import { Inline, Lozenge, SectionMessage, Stack, Text } from '@forge/react';
import React from 'react';
import type { ParameterChange, PinnedRevisionInfo, SpecView } from '../shared/resolver-contract';
import { formatActual, formatParameter } from '../shared/format-parameter';

/** "before → after" of one shown part of a parameter, or nothing when that part did not change. */
function transition(before: string, after: string): string | undefined {
  return before === after ? undefined : `${before || '—'} → ${after || '—'}`;
}

/**
 * One change as a sentence, naming only the parts that differ: "Bore: 25.000 ± 0.005 mm → 25.000 ± 0.003 mm",
 * "Length (312.0 ± 0.2 mm): actual — → 312.06 mm", "Chamfer added: …".
 */
export function describeParameterChange(change: ParameterChange): string {
  const before = change.before ? formatParameter(change.before) : undefined;
  const after = change.after ? formatParameter(change.after) : undefined;
  if (change.kind === 'added') return `${change.name} added: ${after ?? '—'}`;
  if (change.kind === 'removed') return `${change.name} removed (was ${before ?? '—'})`;
  const specification = transition(before ?? '', after ?? '');
  const actual = transition(change.before ? formatActual(change.before) : '', change.after ? formatActual(change.after) : '');
  if (specification === undefined && actual !== undefined) return `${change.name} (${after ?? '—'}): actual ${actual}`;
  return `${change.name}: ${specification ?? `${before ?? '—'} → ${after ?? '—'}`}${actual === undefined ? '' : `; actual ${actual}`}`;
}

/** True when the view shows the pinned revision itself (so it may be labelled "pinned"). */
export function showsPinnedRevision(spec: SpecView): boolean {
  return spec.pinned !== undefined && (spec.pinned.availability ?? 'shown') === 'shown' && spec.record?.revision === spec.pinned.revision;
}

/** Why the pinned revision is not shown, or undefined when it is. */
function pinNotShownReason(spec: SpecView): string | undefined {
  const { pinned } = spec;
  if (!pinned || (pinned.availability ?? 'shown') === 'shown') return undefined;
  const latest = `showing the latest revision, Rev ${pinned.latestRevision}, instead`;
  if (pinned.availability === 'not_found') return `Rev ${pinned.revision} does not exist for ${spec.id}; ${latest}.`;
  return `Rev ${pinned.revision} of ${spec.id} could not be read from the engineering system; ${latest}.`;
}

/** Inline note for a table row: "pinned" with "Rev D available", or that the pinned revision is not shown. */
export function PinnedNote({ spec }: { spec: SpecView }): React.JSX.Element | null {
  const { pinned } = spec;
  if (!pinned) return null;
  if (pinned.availability === 'not_found') return <Lozenge appearance="removed">{`Rev ${pinned.revision} does not exist`}</Lozenge>;
  if (pinned.availability === 'unreadable') return <Lozenge appearance="moved">{`pinned Rev ${pinned.revision} unreadable`}</Lozenge>;
  return (
    <Inline space="space.050" alignBlock="center" shouldWrap>
      <Lozenge appearance="inprogress">pinned</Lozenge>
      {pinned.latestRevision === pinned.revision ? null : <Text>{`Rev ${pinned.latestRevision} available`}</Text>}
    </Inline>
  );
}

function NewerRevision({ pinned, omittedChanges }: { pinned: PinnedRevisionInfo; omittedChanges: number }): React.JSX.Element {
  const { changes } = pinned;
  return (
    <SectionMessage appearance="information" title={`Rev ${pinned.latestRevision} available`}>
      <Stack space="space.050">
        <Text>This macro is pinned to Rev {pinned.revision}.</Text>
        {changes === null ? (
          <Text>A newer revision exists; its changes could not be compared.</Text>
        ) : changes.length === 0 && omittedChanges === 0 ? (
          <Text>No parameter changed between Rev {pinned.revision} and Rev {pinned.latestRevision}.</Text>
        ) : (
          changes.map((change) => <Text key={`${change.kind}-${change.name}`}>{describeParameterChange(change)}</Text>)
        )}
        {omittedChanges > 0 ? <Text>{`${omittedChanges} more ${omittedChanges === 1 ? 'change' : 'changes'} not shown — open the record in the engineering system to see them all.`}</Text> : null}
      </Stack>
    </SectionMessage>
  );
}

/** Nothing unless a newer revision than the pinned one exists, or the pinned revision is not what is shown. */
export function PinnedBanner({ spec }: { spec: SpecView }): React.JSX.Element | null {
  const { pinned } = spec;
  if (!pinned) return null;
  const notShown = pinNotShownReason(spec);
  // An answer of another revision is already explained by the spec's problem.
  if (notShown !== undefined && spec.problem?.code === 'invalid_record') return null;
  if (notShown !== undefined) {
    const title = pinned.availability === 'not_found' ? `Pinned Rev ${pinned.revision} does not exist` : `Pinned Rev ${pinned.revision} is not available`;
    return (
      <SectionMessage appearance="warning" title={title}>
        <Text>{notShown}</Text>
      </SectionMessage>
    );
  }
  return pinned.latestRevision === pinned.revision ? null : <NewerRevision pinned={pinned} omittedChanges={spec.omitted?.changes ?? 0} />;
}
