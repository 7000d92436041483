/**
 * What the macro shows for a given state: loading box, resolver errors, page-level and config
 * messages, the layout, and the Refresh control. Pure rendering; MacroApp owns the data.
 */
import { Box, Button, Inline, SectionMessage, Spinner, Stack, Text, xcss } from '@forge/react';
import React from 'react';
import type { MacroViewModel, SpecView } from '../shared/resolver-contract';
import { outageSentence } from './outage-wording';
import { RefreshControl, refreshAllowedAtMs } from './refresh-control';
import { ScrollsSideways } from './scrolls-sideways';
import { SpecBlock } from './spec-card';
import { staleNote } from './stale-note';
import { SpecTable, summarizeFreshness } from './spec-table';
import type { MacroViewState, ViewFailure } from './use-macro-view';
import { FreshnessLine } from './view-parts';

// Fixed height so the page does not jump when the data arrives.
const loadingBox = xcss({ height: '160px', paddingBlockStart: 'space.600' });

export interface MacroViewProps {
  state: MacroViewState;
  nowMs: number;
  recentlyUpdated: ReadonlySet<string>;
  onRefresh: () => void;
  onRetry: () => void;
}

function ErrorMessage({ error, title }: { error: ViewFailure; title: string }): React.JSX.Element {
  const retry = error.retryAfterSeconds === undefined ? '' : ` Try again in ${error.retryAfterSeconds} s.`;
  return (
    <SectionMessage appearance="error" title={title}>
      <Text>{`${error.message}${retry}`}</Text>
    </SectionMessage>
  );
}

function PageMessages({ view, nowMs }: { view: MacroViewModel; nowMs: number }): React.JSX.Element {
  const { configProblems } = view;
  const outage = outageSentence(view, nowMs);
  return (
    <>
      {outage ? (
        <SectionMessage appearance="warning">
          <Text>{outage}</Text>
        </SectionMessage>
      ) : null}
      {configProblems.length > 0 ? (
        <SectionMessage appearance="warning" title="Some macro settings need attention">
          {configProblems.map((problem) => (
            <Text key={problem}>{problem}</Text>
          ))}
        </SectionMessage>
      ) : null}
    </>
  );
}

function EmptySelection(): React.JSX.Element {
  return (
    <SectionMessage appearance="information" title="No specifications selected yet">
      <Text>
        Edit this macro to find specifications by id or title and add them. Choose a layout there too: card, table or
        parameters.
      </Text>
    </SectionMessage>
  );
}

/** Card and parameters layouts show the first configured spec (macro-config reports the rest). */
function firstSpec(view: MacroViewModel): SpecView | undefined {
  return view.specs.find((s) => s.id === view.settings.specIds[0]) ?? view.specs[0];
}

function Layout({ view, nowMs, recentlyUpdated, failed }: { view: MacroViewModel; nowMs: number; recentlyUpdated: ReadonlySet<string>; failed: boolean }): React.JSX.Element {
  const { settings } = view;
  const note = staleNote(view, nowMs, failed);
  if (settings.layout === 'table') {
    return (
      <Stack space="space.100">
        <ScrollsSideways>
          <SpecTable specs={view.specs} columns={settings.columns} parameterColumns={settings.parameterColumns} recentlyUpdated={recentlyUpdated} />
        </ScrollsSideways>
        <FreshnessLine text={summarizeFreshness(view.specs, nowMs, note)} />
      </Stack>
    );
  }
  const spec = firstSpec(view);
  if (!spec) return <FreshnessLine text="Spec Bridge returned no data for the selected specifications." />;
  return <SpecBlock spec={spec} nowMs={nowMs} recentlyUpdated={recentlyUpdated.has(spec.id)} variant={settings.layout} staleNote={note} />;
}

/** The whole macro for one state. */
export function MacroView({ state, nowMs, recentlyUpdated, onRefresh, onRetry }: MacroViewProps): React.JSX.Element {
  const { view } = state;
  if (!view) {
    if (state.loading || !state.error) {
      return (
        <Box xcss={loadingBox}>
          <Inline alignInline="center">
            <Spinner size="large" label="Loading specifications" />
          </Inline>
        </Box>
      );
    }
    return (
      <Stack space="space.100">
        <ErrorMessage error={state.error} title="Spec Bridge could not load these specifications" />
        <Button onClick={onRetry}>Try again</Button>
      </Stack>
    );
  }
  return (
    <Stack space="space.150">
      {state.error ? <ErrorMessage error={state.error} title="Spec Bridge could not update this view" /> : null}
      <PageMessages view={view} nowMs={nowMs} />
      {view.settings.specIds.length === 0 ? (
        <EmptySelection />
      ) : (
        <>
          <Layout view={view} nowMs={nowMs} recentlyUpdated={recentlyUpdated} failed={state.error !== undefined} />
          <RefreshControl
            nowMs={nowMs}
            allowedAtMs={refreshAllowedAtMs(view.refreshAllowedAt, state.refreshBlockedUntil)}
            refreshing={state.refreshing}
            error={state.refreshError}
            refreshedAtMs={state.refreshedAt}
            onRefresh={onRefresh}
          />
        </>
      )}
    </Stack>
  );
}
