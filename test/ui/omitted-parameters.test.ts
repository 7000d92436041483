/** What the macro says when the resolver left parameters out to fit Forge's response limit (SpecView.omitted). */
import { afterEach, expect, test } from 'vitest';
import { visibleText } from './forge-doc';
import type { MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { makeRecord, makeSpec, makeViewModel } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

test('a card whose parameters were cut says how many are not shown and where to see them', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042', { omitted: { parameters: 498, changes: 0 } })]));

  expect(visibleText(mounted.harness.root)).toContain('498 parameters not shown — open the record in the engineering system to see them all.');
});

test('a card whose parameters were all cut does not claim the spec lists none', async () => {
  const spec = makeSpec('SHAFT-1042', { record: makeRecord({ parameters: [] }), omitted: { parameters: 500, changes: 0 } });

  mounted = await renderView(makeViewModel([spec]));

  const text = visibleText(mounted.harness.root);
  expect(text).toContain('500 parameters not shown');
  expect(text).not.toContain('lists no parameters');
});

test('a table counts the parameters that were not shown', async () => {
  const specs = [makeSpec('SHAFT-1042', { omitted: { parameters: 498, changes: 0 } }), makeSpec('SHAFT-1043')];

  mounted = await renderView(makeViewModel(specs, { settings: { specIds: ['SHAFT-1042', 'SHAFT-1043'], layout: 'table', columns: ['id', 'parameters'], ttlSeconds: 600 } }));

  expect(visibleText(mounted.harness.root)).toContain('500 (498 not shown)');
});

test('a pinned card whose changes were all cut says how many are not shown, never that no parameter changed', async () => {
  const spec = makeSpec('SHAFT-1042', {
    record: makeRecord({ revision: 'B' }),
    pinned: { revision: 'B', latestRevision: 'C', changes: [], availability: 'shown' },
    omitted: { parameters: 0, changes: 40 },
  });

  mounted = await renderView(makeViewModel([spec]));

  const text = visibleText(mounted.harness.root);
  expect(text).toContain('40 more changes not shown');
  expect(text).not.toContain('No parameter changed');
});

test('a table row answered with counts only (the layout shows no parameters) shows the counts, and nothing as not shown', async () => {
  const specs = [makeSpec('SHAFT-1042', { record: makeRecord({ parameters: [] }), parameterSummary: { count: 12, outOfLimits: 2 } })];

  mounted = await renderView(makeViewModel(specs, { settings: { specIds: ['SHAFT-1042'], layout: 'table', columns: ['id', 'parameters'], ttlSeconds: 600 } }));

  const text = visibleText(mounted.harness.root);
  expect(text).toContain('12 (2 out of limits)');
  expect(text).not.toContain('not shown');
});
