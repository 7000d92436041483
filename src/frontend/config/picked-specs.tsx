/** The specs the macro shows, in order: move, remove, and pin each to a revision. */
import { Button, Inline, Label, Stack, Text, Textfield } from '@forge/react';
import React from 'react';
import type { SpecPick, SpecSummary } from '../../shared/resolver-contract';

/** Props of the picked-spec list; every change goes back as a new list position or revision. */
export interface PickedSpecsProps {
  specs: readonly SpecPick[];
  summaries: ReadonlyMap<string, SpecSummary>;
  onMove: (index: number, by: -1 | 1) => void;
  onRemove: (index: number) => void;
  onPin: (index: number, revision: string) => void;
}

/** One row per picked spec; the first is the one the card and parameters layouts show. */
export function PickedSpecs({ specs, summaries, onMove, onRemove, onPin }: PickedSpecsProps): React.JSX.Element {
  if (specs.length === 0) return <Text>No specifications yet: search above and add them.</Text>;
  return (
    <Stack space="space.100">
      {specs.map((pick, index) => {
        const summary = summaries.get(pick.id);
        return (
          <Inline key={pick.id} space="space.100" alignBlock="center">
            <Text weight="bold">{`${index + 1}. ${pick.id}`}</Text>
            <Text>{summary ? `${summary.title} · latest Rev ${summary.revision}` : ''}</Text>
            <Label labelFor={`revision-${pick.id}`}>Revision</Label>
            <Textfield
              id={`revision-${pick.id}`}
              name={`revision-${pick.id}`}
              placeholder="Latest revision"
              value={pick.revision ?? ''}
              onChange={(event: { target?: { value?: string } }) => onPin(index, event?.target?.value ?? '')}
            />
            <Button isDisabled={index === 0} onClick={() => onMove(index, -1)}>
              Move up
            </Button>
            <Button isDisabled={index === specs.length - 1} onClick={() => onMove(index, 1)}>
              Move down
            </Button>
            <Button onClick={() => onRemove(index)}>Remove</Button>
          </Inline>
        );
      })}
      <Text>Type a revision (e.g. B) to pin a spec to it; leave it empty to always show the latest. Revisions are case-sensitive.</Text>
    </Stack>
  );
}
