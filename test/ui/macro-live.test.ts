import { afterEach, expect, test } from 'vitest';
import { SPEC_CHANGES_CHANNEL } from '../../src/shared/resolver-contract';
import { findByText, findByType, visibleText } from './forge-doc';
import { makeMacroContext, waitFor } from './harness';
import type { MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { makeRecord, makeSpec, makeViewModel, ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

/** The two specs the table shows, built once: a record built again differs (its updatedAt is relative to now). */
const SHAFT = makeSpec('SHAFT-1042');
const BOLT = makeSpec('BOLT-2001');

async function showTable(): Promise<MountedMacro> {
  const view = makeViewModel([SHAFT, BOLT]);
  const result = await renderView(view);
  await waitFor(() => expect(result.harness.subscriptions.filter((s) => s.active)).toHaveLength(1));
  return result;
}

test('the macro subscribes to the global spec-changes channel once its view has loaded', async () => {
  mounted = await showTable();

  const [subscription] = mounted.harness.subscriptions;

  expect(subscription).toMatchObject({ channel: SPEC_CHANGES_CHANNEL, isGlobal: true, active: true });
});

/** The table after BOLT-2001 moved to revision D. */
const BOLT_CHANGED = makeViewModel([SHAFT, makeSpec('BOLT-2001', { record: makeRecord({ id: 'BOLT-2001', revision: 'D' }) })]);

test('a realtime event for one of its specs re-fetches the view and marks that spec updated just now', async () => {
  mounted = await showTable();
  const harness = mounted.harness;
  harness.resolver = () => ok(BOLT_CHANGED);

  const delivered = harness.publish(SPEC_CHANGES_CHANNEL, { specIds: ['BOLT-2001', 'OTHER-1'] });

  expect(delivered).toBe(1);
  await waitFor(() => expect(findByType(findByText(harness.root, 'Row', 'BOLT-2001')[0], 'Lozenge').map(visibleText)).toContain('updated just now'));
  expect(harness.invokeCount('getSpecs')).toBe(2);
  expect(visibleText(findByText(harness.root, 'Row', 'SHAFT-1042')[0])).not.toContain('updated just now');
});

test('a realtime event for another spec does not re-fetch', async () => {
  mounted = await showTable();
  const harness = mounted.harness;
  harness.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ revision: 'D' }) }), BOLT]));

  harness.publish(SPEC_CHANGES_CHANNEL, { specIds: ['OTHER-1'] });
  harness.publish(SPEC_CHANGES_CHANNEL, JSON.stringify({ specIds: ['SHAFT-1042'] }));

  await waitFor(() => expect(harness.invokeCount('getSpecs')).toBe(2));
  await waitFor(() => expect(visibleText(harness.root)).toContain('updated just now'));
  expect(harness.invocations.map((i) => i.functionKey)).toEqual(['getSpecs', 'getSpecs']);
});

test('a realtime event whose spec comes back unchanged re-fetches but marks nothing as updated', async () => {
  mounted = await showTable();
  const harness = mounted.harness;

  await viewAgainAfterBoltNotice(harness);

  expect(visibleText(harness.root)).not.toContain('updated just now');
});

/** A notice for BOLT-2001 reaches the open macro, which asks its resolver again and shows the answer. */
async function viewAgainAfterBoltNotice(harness: MountedMacro['harness']): Promise<void> {
  harness.publish(SPEC_CHANGES_CHANNEL, { specIds: ['BOLT-2001'] });
  await waitFor(() => expect(harness.invokeCount('getSpecs')).toBe(2));
  await settle();
}

/** Lets the macro act on what it was just sent: a re-fetch would reach the bridge well within this. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

test('malformed realtime payloads are ignored', async () => {
  mounted = await showTable();
  const harness = mounted.harness;
  expect(harness.invokeCount('getSpecs')).toBe(1);

  const malformed: unknown[] = [
    'not json',
    '{"specIds": "SHAFT-1042"}',
    { specIds: 'SHAFT-1042' },
    { specIds: [1042] },
    { ids: ['SHAFT-1042'] },
    ['SHAFT-1042'],
    null,
  ];
  for (const payload of malformed) expect(harness.publish(SPEC_CHANGES_CHANNEL, payload)).toBe(1);
  await settle();

  expect(harness.invocations).toHaveLength(1);

  // Positive control: the same subscription re-fetches for a well-formed payload naming a shown spec.
  harness.resolver = () => ok(BOLT_CHANGED);
  harness.publish(SPEC_CHANGES_CHANNEL, { specIds: ['BOLT-2001'] });
  await waitFor(() => expect(findByType(findByText(harness.root, 'Row', 'BOLT-2001')[0], 'Lozenge').map(visibleText)).toContain('updated just now'));
  await settle();

  expect(harness.invocations.map((i) => i.functionKey)).toEqual(['getSpecs', 'getSpecs']);
});

test('the subscription uses the channel and token the view model names', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042')], { live: { channel: 'spec-bridge.custom', token: 'signed-token' } });

  mounted = await renderView(view);

  await waitFor(() => expect(mounted?.harness.subscriptions).toHaveLength(1));
  expect(mounted.harness.subscriptions[0]).toMatchObject({ channel: 'spec-bridge.custom', options: { token: 'signed-token' } });
});

test('unmounting the macro unsubscribes from realtime', async () => {
  mounted = await showTable();
  const harness = mounted.harness;

  await mounted.unmount();
  mounted = undefined;

  await waitFor(() => expect(harness.subscriptions.map((s) => s.active)).toEqual([false]));
});

test('a config change (FORGE_CORE_MACRO_CONFIG_CHANGED) re-fetches the view', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042')]));
  const harness = mounted.harness;
  await waitFor(() => expect(harness.listeners.get('FORGE_CORE_MACRO_CONFIG_CHANGED')?.size).toBe(1));
  // One read by useConfig, one for the baseline the macro compares later configs with, one to find its snapshot.
  await waitFor(() => expect(harness.commands.filter((c) => c === 'getContext')).toHaveLength(3));
  harness.context = makeMacroContext({ specIds: 'BOLT-2001', layout: 'card' });
  harness.resolver = () => ok(makeViewModel([makeSpec('BOLT-2001', { record: { ...makeSpec('BOLT-2001').record!, title: 'Hex bolt' } })]));

  harness.fireEvent('FORGE_CORE_MACRO_CONFIG_CHANGED');

  await waitFor(() => expect(visibleText(harness.root)).toContain('Hex bolt'));
  expect(harness.invokeCount('getSpecs')).toBe(2);
});

test('a config event that leaves the config unchanged does not re-fetch', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042')]));
  const harness = mounted.harness;
  await waitFor(() => expect(harness.commands.filter((c) => c === 'getContext')).toHaveLength(3));
  harness.fireEvent('FORGE_CORE_MACRO_CONFIG_CHANGED');
  await waitFor(() => expect(harness.commands.filter((c) => c === 'getContext')).toHaveLength(4));
  harness.context = makeMacroContext({ specIds: 'BOLT-2001' });
  harness.resolver = () => ok(makeViewModel([makeSpec('BOLT-2001', { record: { ...makeSpec('BOLT-2001').record!, title: 'Hex bolt' } })]));

  harness.fireEvent('FORGE_CORE_MACRO_CONFIG_CHANGED');

  // Effects run in order, so a re-fetch for the unchanged config would have happened before this one.
  await waitFor(() => expect(visibleText(harness.root)).toContain('Hex bolt'));
  expect(harness.invokeCount('getSpecs')).toBe(2);
});

/** The table after an event, with BOLT-2001 as `bolt` (everything else as first shown). */
function tableWithBolt(bolt: Parameters<typeof makeSpec>[1]): ReturnType<typeof makeViewModel> {
  return makeViewModel([SHAFT, makeSpec('BOLT-2001', bolt)]);
}

test('a record whose only change is its timestamp (a save with no edits) is not marked updated', async () => {
  mounted = await showTable();
  const harness = mounted.harness;
  harness.resolver = () => ok(tableWithBolt({ record: { ...BOLT.record!, updatedAt: new Date(Date.now() + 60_000).toISOString() } }));

  await viewAgainAfterBoltNotice(harness);

  expect(visibleText(harness.root)).not.toContain('updated just now');
});

test('the same row sent as counts after it was shown with its parameters (snapshot, then resolver) is not marked', async () => {
  const record = BOLT.record!;
  mounted = await showTable();
  const harness = mounted.harness;
  harness.resolver = () => ok(tableWithBolt({ record: { ...record, parameters: [] }, parameterSummary: { count: record.parameters.length, outOfLimits: 0 } }));

  await viewAgainAfterBoltNotice(harness);

  expect(visibleText(harness.root)).not.toContain('updated just now');
});

test('a row sent as counts whose count differs from the parameters shown before is marked', async () => {
  const record = BOLT.record!;
  mounted = await showTable();
  const harness = mounted.harness;
  harness.resolver = () => ok(tableWithBolt({ record: { ...record, parameters: [] }, parameterSummary: { count: record.parameters.length + 1, outOfLimits: 0 } }));

  harness.publish(SPEC_CHANGES_CHANNEL, { specIds: ['BOLT-2001'] });

  await waitFor(() => expect(findByType(findByText(harness.root, 'Row', 'BOLT-2001')[0], 'Lozenge').map(visibleText)).toContain('updated just now'));
});
