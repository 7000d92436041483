/**
 * Live updates survive a failed subscription: a token the realtime service rejects or lets expire while the page is
 * open, or a subscribe that fails. The macro subscribes again (without its token: every change is also published
 * without one), re-reads its data for a change it may have missed, and keeps retrying with growing waits.
 */
import { afterEach, expect, test } from 'vitest';
import { SPEC_CHANGES_CHANNEL } from '../../src/shared/resolver-contract';
import { findByText, findByType, visibleText } from './forge-doc';
import { waitFor } from './harness';
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

const live = { channel: SPEC_CHANGES_CHANNEL, token: 'signed-token' };

async function showWithToken(): Promise<MountedMacro> {
  const result = await renderView(makeViewModel([makeSpec('SHAFT-1042'), makeSpec('BOLT-2001')], { live }));
  await waitFor(() => expect(result.harness.subscriptions.filter((s) => s.active)).toHaveLength(1));
  return result;
}

test('a token rejected while the page is open: the macro subscribes again without it, at once', async () => {
  mounted = await showWithToken();
  const harness = mounted.harness;

  expect(harness.rejectSubscriptions()).toBe(1);

  await waitFor(() => expect(harness.subscriptions.filter((s) => s.active)).toHaveLength(1));
  expect(harness.subscriptions.map((s) => s.options)).toEqual([{ token: 'signed-token' }, undefined]);
  expect(harness.subscribeTimes[1]! - harness.subscribeTimes[0]!).toBeLessThan(5_000);
});

test('after subscribing again, events reach the macro again', async () => {
  mounted = await showWithToken();
  const harness = mounted.harness;
  harness.rejectSubscriptions();
  await waitFor(() => expect(harness.subscriptions.filter((s) => s.active)).toHaveLength(1));
  harness.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042'), makeSpec('BOLT-2001', { record: makeRecord({ id: 'BOLT-2001', revision: 'D' }) })], { live }));

  expect(harness.publish(SPEC_CHANGES_CHANNEL, { specIds: ['BOLT-2001'] })).toBe(1);

  await waitFor(() => expect(findByType(findByText(harness.root, 'Row', 'BOLT-2001')[0], 'Lozenge').map(visibleText)).toContain('updated just now'), 8_000);
});

test('after subscribing again, the macro re-reads its data, so a change published while it was deaf shows', async () => {
  mounted = await showWithToken();
  const harness = mounted.harness;
  harness.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ title: 'Drive shaft, hardened' }) }), makeSpec('BOLT-2001')], { live }));

  harness.rejectSubscriptions();

  await waitFor(() => expect(visibleText(harness.root)).toContain('Drive shaft, hardened'), 8_000);
  expect(harness.invokeCount('getSpecs')).toBe(2);
});

test('a subscribe that keeps failing is retried with growing waits', async () => {
  mounted = await showWithToken();
  const harness = mounted.harness;
  harness.failingSubscribes = 2;

  harness.rejectSubscriptions('Realtime connection lost');

  // Attempts: the token-less one at once (fails), after 1 s (fails), after 2 s more (holds).
  await waitFor(() => expect(harness.subscriptions.filter((s) => s.active)).toHaveLength(1), 8_000);
  const gaps = harness.subscribeTimes.slice(1).map((time, i) => time - harness.subscribeTimes[i]!);
  expect(gaps).toHaveLength(3);
  expect(gaps[0]).toBeLessThan(500);
  expect(gaps[1]).toBeGreaterThanOrEqual(900);
  expect(gaps[2]).toBeGreaterThanOrEqual(1_900);
});

test('an unmounted macro stops retrying', async () => {
  mounted = await showWithToken();
  const harness = mounted.harness;
  harness.failingSubscribes = 5;
  harness.rejectSubscriptions();
  await waitFor(() => expect(harness.subscribeTimes).toHaveLength(2));

  await mounted.unmount();
  mounted = undefined;
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  expect(harness.subscribeTimes).toHaveLength(2);
});
