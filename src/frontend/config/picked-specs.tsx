/** The specs the macro shows, in order: move, remove, and pin each to a revision. */
import { Button, Heading, Inline, Label, Stack, Text, Textfield } from '@forge/react';
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
      <Heading as="h4" size="xsmall">
        Shown in this macro
      </Heading>
      {specs.map((pick, index) => {
        const summary = summaries.get(pick.id);
        return (
          <Stack key={pick.id} space="space.050">
            <Inline space="space.100" alignBlock="baseline">
              <Text weight="bold">{`${index + 1}. ${pick.id}`}</Text>
              {summary ? <Text>{`${summary.title} · latest Rev ${summary.revision}`}</Text> : null}
            </Inline>
            <Inline space="space.100" alignBlock="center">
              <Label labelFor={`revision-${pick.id}`}>Revision</Label>
              <Textfield
                id={`revision-${pick.id}`}
                name={`revision-${pick.id}`}
                width={160}
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
          </Stack>
        );
      })}
      <Text>Type a revision (e.g. B) to pin a spec to it; leave it empty to always show the latest. Revisions are case-sensitive.</Text>
    </Stack>
  );
}
