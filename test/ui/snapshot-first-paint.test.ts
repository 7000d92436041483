/**
 * First paint without a function call (docs/decisions.md): the macro reads its signed snapshot through
 * requestConfluence, verifies it with WebCrypto, and invokes its resolver only when the data needs it.
 */
import { afterEach, expect, test } from 'vitest';
import { EVENT_RESOLVER_SPACING_MS } from '../../src/frontend/event-resolver-spacing';
import { SPEC_CHANGES_CHANNEL } from '../../src/shared/resolver-contract';
import { findByType, visibleText } from './forge-doc';
import { makeMacroContext, waitFor } from './harness';
import type { MountedMacro } from './mount-macro';
import { mountMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { serveSnapshot, signedSnapshot } from './signed-snapshot';
import { makeRecord, makeSpec, makeViewModel, minutesAgo, ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const CONFIG = { specIds: 'SHAFT-1042', ttlMinutes: '10' };
const FROM_RESOLVER = makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft from the resolver' }) })]);
const FRESH = [makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft from the snapshot' }), fetchedAt: minutesAgo(2) })];

async function mountWith(options: { snapshot?: () => unknown; context?: Record<string, unknown>; config?: Record<string, unknown> }): Promise<MountedMacro> {
  const macro = await mountMacro((h) => {
    h.context = options.context ?? makeMacroContext(options.config ?? CONFIG);
    h.resolver = () => ok(FROM_RESOLVER);
    if (options.snapshot) serveSnapshot(h, options.snapshot);
  });
  await waitFor(() => expect(findByType(macro.harness.root, 'Spinner')).toHaveLength(0));
  return macro;
}

const text = (m: MountedMacro) => visibleText(m.harness.root);
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

test('a fresh signed snapshot is painted with no resolver invocation', async () => {
  const snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot });
  await settle();

  expect(text(mounted)).toContain('Shaft from the snapshot');
  expect(mounted.harness.invocations).toHaveLength(0);
  expect(mounted.harness.productFetches).toHaveLength(1);
});

test('in the editor the macro asks its resolver at once and reads no snapshot, even a fresh one', async () => {
  const snapshot = signedSnapshot(FRESH);
  const context = makeMacroContext(CONFIG);
  (context.extension as Record<string, unknown>).isEditing = true;
  mounted = await mountWith({ snapshot: () => snapshot, context });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.productFetches).toHaveLength(0);
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
  expect(mounted.harness.invocations[0]?.payload).not.toEqual({ snapshot: 'absent' });
});

test('a snapshot older than the macro TTL is painted and then replaced by the resolver answer', async () => {
  const snapshot = signedSnapshot([makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft from the snapshot' }), fetchedAt: minutesAgo(11) })]);
  mounted = await mountWith({ snapshot: () => snapshot });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test('a tampered snapshot is not painted and the resolver is asked', async () => {
  const snapshot = signedSnapshot(FRESH) as { specs: { record: { title: string } }[] };
  snapshot.specs[0]!.record.title = 'Forged title';
  mounted = await mountWith({ snapshot: () => snapshot });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(text(mounted)).not.toContain('Forged title');
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test('a snapshot signed for another site is not trusted', async () => {
  const snapshot = signedSnapshot(FRESH, {}, 'another-cloud');
  mounted = await mountWith({ snapshot: () => snapshot });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test('outside a development environment the development key is not trusted', async () => {
  const snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot, context: { ...makeMacroContext(CONFIG), environmentType: 'PRODUCTION' } });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test('a failed bridge read (no consent, no permission) falls back to the resolver instead of blanking the macro', async () => {
  mounted = await mountWith({});

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.productFetches).toHaveLength(1);
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test('a snapshot that shows another spec list than the config is not painted', async () => {
  const snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot, config: { specIds: 'BOLT-2001' } });

  await waitFor(() => expect(mounted!.harness.invokeCount('getSpecs')).toBe(1));
  expect(text(mounted)).not.toContain('Shaft from the snapshot');
});

test('a pinned spec is left to the resolver (the snapshot has no parameter diff)', async () => {
  const snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot, config: { specIds: 'SHAFT-1042@B' } });

  await waitFor(() => expect(mounted!.harness.invokeCount('getSpecs')).toBe(1));
});

test('a realtime event for a shown spec re-reads the snapshot and paints the new one without a resolver call', async () => {
  let snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot });
  await waitFor(() => expect(mounted!.harness.subscriptions.filter((s) => s.active)).toHaveLength(1));

  snapshot = signedSnapshot([makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft, revised' }), fetchedAt: minutesAgo(0) })]);
  mounted.harness.publish(SPEC_CHANGES_CHANNEL, JSON.stringify({ specIds: ['SHAFT-1042'] }));

  await waitFor(() => expect(text(mounted!)).toContain('Shaft, revised'));
  expect(mounted.harness.productFetches).toHaveLength(2);
  expect(mounted.harness.invocations).toHaveLength(0);
});

test('a realtime event whose snapshot did not change asks the resolver (the snapshot missed the update)', async () => {
  const snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot });
  await waitFor(() => expect(mounted!.harness.subscriptions.filter((s) => s.active)).toHaveLength(1));

  mounted.harness.publish(SPEC_CHANGES_CHANNEL, JSON.stringify({ specIds: ['SHAFT-1042'] }));

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test('a macro painted by its resolver keeps its subscribe token when a realtime event repaints it from the snapshot', async () => {
  let snapshot: unknown = undefined;
  mounted = await mountMacro((h) => {
    h.context = makeMacroContext(CONFIG);
    h.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042')], { live: { channel: SPEC_CHANGES_CHANNEL, token: 'subscribe-token' } }));
    serveSnapshot(h, () => snapshot);
  });
  await waitFor(() => expect(mounted!.harness.subscriptions.filter((s) => s.active)).toHaveLength(1));

  snapshot = signedSnapshot([makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft, revised' }), fetchedAt: minutesAgo(0) })]);
  mounted.harness.publish(SPEC_CHANGES_CHANNEL, JSON.stringify({ specIds: ['SHAFT-1042'] }));
  await waitFor(() => expect(text(mounted!)).toContain('Shaft, revised'));
  await settle();

  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
  expect(mounted.harness.subscriptions.filter((s) => s.active).map((s) => s.options)).toEqual([{ token: 'subscribe-token' }]);
});

test('a snapshot trimmed to fit the property size limit is left to the resolver (its records lost detail)', async () => {
  const snapshot = signedSnapshot(FRESH, {}, undefined, { truncated: true, trimmedSpecIds: ['SHAFT-1042'] });
  mounted = await mountWith({ snapshot: () => snapshot });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(text(mounted)).not.toContain('Shaft from the snapshot');
});

test('a macro on a blog post reads its snapshot from the blog post', async () => {
  const context = makeMacroContext(CONFIG) as { extension: { content: { id: string; type: string } } };
  context.extension.content.type = 'blogpost';
  mounted = await mountWith({ context });

  await waitFor(() => expect(mounted!.harness.invokeCount('getSpecs')).toBe(1));
  expect(mounted.harness.productFetches.map((call) => call.restPath)).toEqual(['/wiki/api/v2/blogposts/12345/properties?key=spec-bridge.snapshot.macro-local-1']);
});

test(`a flood of realtime events whose snapshot did not change asks the resolver at most once per ${EVENT_RESOLVER_SPACING_MS / 1000} s`, async () => {
  const snapshot = signedSnapshot(FRESH);
  mounted = await mountWith({ snapshot: () => snapshot });
  await waitFor(() => expect(mounted!.harness.subscriptions.filter((s) => s.active)).toHaveLength(1));
  // When each resolver call happened, as the macro scheduled it (load only delays calls, never brings one forward).
  const calls: number[] = [];
  mounted.harness.resolver = () => {
    calls.push(Date.now());
    return ok(FROM_RESOLVER);
  };

  for (let i = 0; i < 20; i += 1) {
    mounted.harness.publish(SPEC_CHANGES_CHANNEL, JSON.stringify({ specIds: ['SHAFT-1042'] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await waitFor(() => expect(calls).toHaveLength(2), EVENT_RESOLVER_SPACING_MS + 5_000);
  await settle();

  // 20 events: one call at once, one more for those that came while it was spaced out, none after.
  expect(calls).toHaveLength(2);
  expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(EVENT_RESOLVER_SPACING_MS - 250);
}, 20_000);

test('a config that sets no freshness paints the snapshot as current for the TTL the backend wrote into it', async () => {
  const twentyMinutesOld = [makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft from the snapshot' }), fetchedAt: minutesAgo(20) })];
  const snapshot = signedSnapshot(twentyMinutesOld, { ttlSeconds: 3_600 });
  mounted = await mountWith({ snapshot: () => snapshot, config: { specIds: 'SHAFT-1042' } });
  await settle();

  expect(text(mounted)).toContain('Shaft from the snapshot');
  expect(mounted.harness.invocations).toHaveLength(0);
});

test('a snapshot whose backend TTL has passed asks the resolver, though the UI built-in default would still call it fresh', async () => {
  const sixMinutesOld = [makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft from the snapshot' }), fetchedAt: minutesAgo(6) })];
  const snapshot = signedSnapshot(sixMinutesOld, { ttlSeconds: 300 });
  mounted = await mountWith({ snapshot: () => snapshot, config: { specIds: 'SHAFT-1042' } });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invokeCount('getSpecs')).toBe(1);
});

test("a config's own freshness shorter than the snapshot's wins (the config changed after the snapshot was written)", async () => {
  const threeMinutesOld = [makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Shaft from the snapshot' }), fetchedAt: minutesAgo(3) })];
  const snapshot = signedSnapshot(threeMinutesOld, { ttlSeconds: 3_600 });
  mounted = await mountWith({ snapshot: () => snapshot, config: { specIds: 'SHAFT-1042', ttlMinutes: '2' } });

  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
});

test('a macro with no snapshot stored tells getSpecs so', async () => {
  mounted = await mountWith({ snapshot: () => undefined });
  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invocations.map((i) => [i.functionKey, i.payload])).toEqual([['getSpecs', { snapshot: 'absent' }]]);
});

test('a macro whose stored snapshot cannot be used does not tell getSpecs it has none', async () => {
  const snapshot = signedSnapshot(FRESH) as { specs: { record: { title: string } }[] };
  snapshot.specs[0]!.record.title = 'Forged title';
  mounted = await mountWith({ snapshot: () => snapshot });
  await waitFor(() => expect(text(mounted!)).toContain('Shaft from the resolver'));
  expect(mounted.harness.invocations.map((i) => [i.functionKey, i.payload])).toEqual([['getSpecs', undefined]]);
});
