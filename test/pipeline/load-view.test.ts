/**
 * One page view (src/pipeline/load-view.ts) with real KVS leases and breaker on virtual time: what
 * is served from the cache, what is fetched, what is queued, and what a reader sees while the
 * engineering system is not being called.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { MacroRef } from '../../src/domain/ports';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { BREAKER_OPEN } from '../../src/domain/reader-messages';
import { loadView } from '../../src/pipeline/load-view';
import { rememberLater } from '../../src/pipeline/remember-later';
import type { MacroSettings } from '../../src/shared/resolver-contract';
import { createPipelineRig, record, type PipelineRig } from '../support/pipeline-rig';

let rig: PipelineRig;

beforeAll(async () => {
  rig = await createPipelineRig();
});

beforeEach(async () => {
  rig.source.failure = undefined;
  rig.queue.failPushes = false;
  await rig.store().resetBreaker();
});

afterAll(() => rig.close());

const TTL_SECONDS = 300;

function view(localId: string, specIds: string[], force = false) {
  const settings: MacroSettings = { specIds, layout: 'table', columns: ['id', 'title', 'revision'], ttlSeconds: TTL_SECONDS };
  return loadView(rig.invocation(), { ref: { pageId: '300', localId }, settings, configProblems: [], force });
}

const requestsFor = (id: string) => rig.source.requests.filter((ids) => ids.includes(id)).length;

test('a warm view is served from the cache without asking the engineering system', async () => {
  rig.source.serve(record('VIEW-1', 'A'));
  await view('m-1', ['VIEW-1']);
  const before = requestsFor('VIEW-1');

  const shown = await view('m-1', ['VIEW-1']);

  expect(requestsFor('VIEW-1') - before).toBe(0);
  expect(shown.specs[0]).toMatchObject({ state: 'fresh', record: { revision: 'A' } });
});

test('stale specs are shown at once, and however many views see them one revalidation is queued', async () => {
  rig.source.serve(record('VIEW-2', 'A'), record('VIEW-3', 'A'));
  await view('m-2', ['VIEW-2', 'VIEW-3']);
  await rig.time.advance((TTL_SECONDS + 1) * 1000);
  const [requests, pushed] = [rig.source.requests.length, rig.queue.pushed];

  const shown = await Promise.all(Array.from({ length: 5 }, (_, i) => view(`m-2-${i}`, ['VIEW-2', 'VIEW-3'])));

  expect(shown.flatMap((v) => v.specs.map((s) => s.state))).toEqual(Array.from({ length: 10 }, () => 'stale'));
  expect(rig.source.requests.length - requests).toBe(0);
  const queued = rig.queue.pending.slice(-(rig.queue.pushed - pushed)).flatMap((q) => q.event.specIds);
  expect(queued.sort()).toEqual(['VIEW-2', 'VIEW-3']);
});

test('a revalidation that could not be queued is queued by the next view that sees the spec stale', async () => {
  rig.source.serve(record('VIEW-4', 'A'));
  await view('m-3', ['VIEW-4']);
  await rig.time.advance((TTL_SECONDS + 1) * 1000);
  rig.queue.failPushes = true;
  await view('m-3', ['VIEW-4']);
  rig.queue.failPushes = false;
  const pushed = rig.queue.pushed;

  await view('m-3', ['VIEW-4']);

  expect(rig.queue.pushed - pushed).toBe(1);
});

test('with the breaker open, readers see the last record with the reason and the retry time, and nothing is fetched or queued', async () => {
  rig.source.serve(record('VIEW-5', 'A'));
  await view('m-4', ['VIEW-5']);
  await rig.time.advance((TTL_SECONDS + 1) * 1000);
  rig.source.failure = { kind: 'unavailable', message: 'HTTP 503' };
  for (let i = 0; i < rig.policy.breakerThreshold; i += 1) await view('m-4', ['VIEW-5', `VIEW-COLD-${i}`]);
  const [requests, pushed] = [rig.source.requests.length, rig.queue.pushed];

  const shown = await view('m-4', ['VIEW-5', 'VIEW-6']);

  expect(rig.source.requests.length - requests).toBe(0);
  expect(rig.queue.pushed - pushed).toBe(0);
  expect(shown.specs[0]).toMatchObject({ state: 'degraded', record: { revision: 'A' }, ageSeconds: TTL_SECONDS + 1 });
  // The reader's sentence is fixed; the time of the next try travels beside it, for the screen to word as a wait.
  expect(shown.specs[0]?.problem).toMatchObject({ message: BREAKER_OPEN, retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(shown.page.retryAt).toBe(shown.specs[0]?.problem?.retryAt);
  expect(shown.specs[1]).toMatchObject({ state: 'missing', problem: { code: 'unavailable' } });
  expect(shown.page.state).toBe('degraded');
});

test('a spec the engineering system does not know is shown missing, and asked about again only after the not-found TTL', async () => {
  await view('m-5', ['VIEW-NONE']);
  const before = requestsFor('VIEW-NONE');

  const soon = await view('m-5', ['VIEW-NONE']);
  await rig.time.advance(rig.policy.notFoundTtlSeconds * 1000);
  rig.source.serve(record('VIEW-NONE', 'A'));
  const later = await view('m-5', ['VIEW-NONE']);

  expect(soon.specs[0]).toMatchObject({ state: 'missing', problem: { code: 'not_found' } });
  expect(requestsFor('VIEW-NONE') - before).toBe(1);
  expect(later.specs[0]).toMatchObject({ state: 'fresh', record: { revision: 'A' } });
});

test('a forced refresh asks the engineering system even for fresh specs, and tells the reader when the next one is allowed', async () => {
  rig.source.serve(record('VIEW-7', 'A'));
  await view('m-6', ['VIEW-7']);
  rig.source.serve(record('VIEW-7', 'B'));

  const shown = await view('m-6', ['VIEW-7'], true);

  expect(shown.specs[0]?.record?.revision).toBe('B');
  expect(Date.parse(shown.refreshAllowedAt ?? '')).toBe(rig.time.now() + rig.policy.refreshIntervalSeconds * 1000);
});

test('a first view records where the macro is used at once and hands the snapshot write to the queue: one event however many view it', async () => {
  rig.source.serve(record('VIEW-8', 'A'));
  const ref = { pageId: '300', localId: 'm-7' };
  const queuedBefore = rig.queue.remembered.length;

  await Promise.all(Array.from({ length: 5 }, () => view('m-7', ['VIEW-8'])));

  expect(await rig.whereUsed.list('VIEW-8')).toEqual([ref]);
  expect(rig.snapshots.revisionShown(ref, 'VIEW-8')).toBeUndefined();
  expect(rig.queue.remembered.slice(queuedBefore)).toEqual([{ type: 'macro.remember', ref }]);

  await rig.queue.deliverRemembered((event) => rememberLater(rig.invocation(), event.ref));
  await view('m-7', ['VIEW-8']);

  expect(rig.snapshots.revisionShown(ref, 'VIEW-8')).toBe('A');
  expect(rig.queue.remembered).toEqual([]);
});

test('a view whose viewer Confluence does not let see the content queues no snapshot write', async () => {
  rig.source.serve(record('VIEW-9', 'A'));
  const queuedBefore = rig.queue.remembered.length;
  const snapshots = rig.snapshots;
  const hidden = {
    read: (ref: MacroRef) => snapshots.read(ref),
    write: (snapshot: MacroSnapshot) => snapshots.write(snapshot),
    pageHasMacro: (ref: MacroRef) => snapshots.pageHasMacro(ref),
    viewerMaySee: async () => false,
  };
  const settings: MacroSettings = { specIds: ['VIEW-9'], layout: 'table', columns: ['id'], ttlSeconds: TTL_SECONDS };

  const shown = await loadView(rig.invocation({ snapshots: hidden }), { ref: { pageId: '300', localId: 'm-8' }, settings, configProblems: [] });

  expect(shown.specs[0]?.record?.revision).toBe('A');
  expect(rig.queue.remembered.length - queuedBefore).toBe(0);
});
