/** What the macro will show with the draft, in words, and the problems it would name on the page. */
import { SectionMessage, Stack, Text } from '@forge/react';
import React from 'react';
import type { MacroConfigV2 } from '../../shared/resolver-contract';
import { layoutOf } from './display-settings';

const LAYOUT_WORDS = { card: 'as a card', table: 'as a table', parameters: 'as a parameter table' } as const;

/** The preview section. */
export function ConfigPreview({ draft, problems }: { draft: MacroConfigV2; problems: readonly string[] }): React.JSX.Element {
  const layout = layoutOf(draft);
  const shown = layout === 'table' ? draft.specs : draft.specs.slice(0, 1);
  const names = shown.map((pick) => (pick.revision ? `${pick.id} pinned to Rev ${pick.revision}` : `${pick.id} (latest revision)`));
  return (
    <Stack space="space.100">
      <Text>{names.length === 0 ? 'The macro will ask for specifications.' : `The macro will show ${names.join(', ')} ${LAYOUT_WORDS[layout]}.`}</Text>
      {problems.length > 0 ? (
        <SectionMessage appearance="warning" title="The macro will say">
          {problems.map((problem) => (
            <Text key={problem}>{problem}</Text>
          ))}
        </SectionMessage>
      ) : null}
    </Stack>
  );
}
