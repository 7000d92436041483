/**
 * The read path's fetch primitives (src/pipeline/fetch-specs.ts) with real KVS leases on virtual
 * time: which answer the cache keeps when fetches overlap, and how concurrent views share one
 * fetch. Interleavings are forced by holding an engineering answer back and by holding pollers
 * at their sleep (manual time), never by real delays.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { fetchAndStore, fetchWithSingleFlight } from '../../src/pipeline/fetch-specs';
import { loadView } from '../../src/pipeline/load-view';
import type { MacroSettings } from '../../src/shared/resolver-contract';
import { createPipelineRig, record, type PipelineRig } from '../support/pipeline-rig';
import { settle, until } from '../support/virtual-time';

let rig: PipelineRig;

beforeAll(async () => {
  rig = await createPipelineRig({ mode: 'manual' });
});

beforeEach(async () => {
  rig.source.failure = undefined;
  rig.time.mode = 'manual';
  await rig.store().resetBreaker();
});

afterAll(() => rig.close());

const view = (specId: string, localId: string, force = false) => {
  const settings: MacroSettings = { specIds: [specId], layout: 'card', columns: ['id', 'title'], ttlSeconds: 600 };
  return loadView(rig.invocation(), { ref: { pageId: '100', localId }, settings, configProblems: [], force });
};

const noBreaker = () => ({ consecutiveFailures: 0 });

test('two invocations fetching one spec at once: the answer whose fetch started later is kept, whichever is stored last', async () => {
  rig.source.serve(record('ORD-1', 'A'));
  rig.source.hold();
  const early = fetchAndStore(rig.invocation(), ['ORD-1'], new Map(), noBreaker());
  await until(() => rig.source.heldCount() === 1, 'the first fetch is in flight');
  await rig.time.advance(1_000);
  rig.source.serve(record('ORD-1', 'B'));

  const late = await fetchAndStore(rig.invocation(), ['ORD-1'], new Map(), noBreaker());
  rig.source.releaseHeld();
  const stale = await early;

  expect(late.entries.get('ORD-1')?.record?.revision).toBe('B');
  expect((await rig.entry('ORD-1'))?.record?.revision).toBe('B');
  // The slower invocation reports what the cache holds, not its own older answer.
  expect(stale.entries.get('ORD-1')?.record?.revision).toBe('B');
});

test('a cold view whose fetch is overtaken by a later one stored without its lease keeps the later answer, and its lease ends', async () => {
  rig.source.serve(record('ORD-6', 'A'));
  rig.source.hold();
  const leader = fetchWithSingleFlight(rig.invocation(), ['ORD-6'], new Map(), noBreaker());
  await until(() => rig.source.heldCount() === 1, "the view's fetch is in flight");
  await rig.time.advance(1_000);
  rig.source.serve(record('ORD-6', 'B'));
  // A notice's delivery that stores without the lease (its third attempt) reads and stores the later revision.
  await fetchAndStore(rig.invocation(), ['ORD-6'], new Map(), noBreaker());
  rig.source.releaseHeld();
  const outcome = await leader;

  expect((await rig.entry('ORD-6'))?.record?.revision).toBe('B');
  expect(outcome.entries.get('ORD-6')?.record?.revision).toBe('B');
  expect(await rig.store().leaseAcquiredAt('fetch:ORD-6')).toBeUndefined();
});

test('an answer whose cache read is held up while a later fetch is stored keeps the later answer, not taking it for one from the future', async () => {
  rig.source.serve(record('ORD-8', 'A'));
  const store = rig.store();
  let letRead: () => void = () => undefined;
  const readHeld = new Promise<void>((resolve) => (letRead = resolve));
  let reads = 0;
  // The slow invocation's read before its write (a KVS retry, a busy machine) waits until the later answer is stored.
  const slowStore = new Proxy(store, {
    get: (target, name, receiver) =>
      name === 'readEntries'
        ? async (ids: string[]) => {
            reads += 1;
            await readHeld;
            return target.readEntries(ids);
          }
        : Reflect.get(target, name, receiver),
  });
  const early = fetchAndStore(rig.invocation({ store: slowStore }), ['ORD-8'], new Map(), noBreaker());
  await until(() => reads === 1, 'the first answer is read back before its write');
  await rig.time.advance(1_000);
  rig.source.serve(record('ORD-8', 'B'));
  await fetchAndStore(rig.invocation(), ['ORD-8'], new Map(), noBreaker());
  letRead();
  const stale = await early;

  expect((await rig.entry('ORD-8'))?.record?.revision).toBe('B');
  expect(stale.entries.get('ORD-8')?.record?.revision).toBe('B');
});

test('a cold view stores its answer and ends its fetch lease', async () => {
  rig.source.serve(record('ORD-7', 'A'));

  const outcome = await fetchWithSingleFlight(rig.invocation(), ['ORD-7'], new Map(), noBreaker());

  expect(outcome.entries.get('ORD-7')?.record?.revision).toBe('A');
  expect((await rig.entry('ORD-7'))?.record?.revision).toBe('A');
  expect(await rig.store().leaseAcquiredAt('fetch:ORD-7')).toBeUndefined();
});

test('a cached answer stamped in the future (a wrong clock) does not block the next fetch', async () => {
  const future = rig.time.now() + 10 * 365 * 86_400_000;
  await rig.store().writeEntries([{ specId: 'ORD-2', record: record('ORD-2', 'FUTURE'), fetchedAt: future }]);
  rig.source.serve(record('ORD-2', 'B'));

  await fetchAndStore(rig.invocation(), ['ORD-2'], new Map(), noBreaker());

  expect((await rig.entry('ORD-2'))?.record?.revision).toBe('B');
});

test('a 304 keeps the cached record and its ETag and moves its fetch time to when the request started', async () => {
  rig.source.serve(record('ORD-3', 'C'));
  const first = await fetchAndStore(rig.invocation(), ['ORD-3'], new Map(), noBreaker());
  await rig.time.advance(60_000);
  const askedAt = rig.time.now();
  rig.source.hold();
  const second = fetchAndStore(rig.invocation(), ['ORD-3'], first.entries, noBreaker());
  await until(() => rig.source.heldCount() === 1, 'the conditional read is in flight');
  await rig.time.advance(2_000);
  rig.source.releaseHeld();
  await second;

  expect(rig.source.requests.at(-1)).toEqual(['ORD-3']);
  expect(await rig.entry('ORD-3')).toMatchObject({ record: { revision: 'C' }, etag: '"C"', fetchedAt: askedAt });
});

test('a failed fetch keeps each cached record, notes the error on it, and writes nothing for a spec it had no record of', async () => {
  rig.source.serve(record('ORD-4', 'A'));
  const known = (await fetchAndStore(rig.invocation(), ['ORD-4'], new Map(), noBreaker())).entries;
  rig.source.failure = { kind: 'unavailable', message: 'HTTP 503' };
  await rig.time.advance(1_000);

  const outcome = await fetchAndStore(rig.invocation(), ['ORD-4', 'ORD-5'], known, noBreaker());

  expect(outcome.failure?.kind).toBe('unavailable');
  expect([...outcome.problems.keys()]).toEqual(['ORD-4', 'ORD-5']);
  expect(await rig.entry('ORD-4')).toMatchObject({ record: { revision: 'A' }, lastError: { at: rig.time.now() } });
  expect(await rig.entry('ORD-5')).toBeUndefined();
});

test('concurrent views of a cold spec make one engineering request, and every view shows its answer', async () => {
  rig.source.serve(record('FLY-1', 'A'));
  const before = rig.source.requests.length;
  rig.source.hold();
  const leader = view('FLY-1', 'm-leader');
  await until(() => rig.source.heldCount() === 1, 'the leader is fetching');
  const followers = [view('FLY-1', 'm-1'), view('FLY-1', 'm-2'), view('FLY-1', 'm-3')];
  await until(() => rig.time.pendingSleeps() === 3, 'the followers are waiting');

  rig.source.releaseHeld();
  await leader;
  await rig.time.advance(rig.policy.followerPollMs);
  const shown = await Promise.all(followers);

  expect(rig.source.requests.length - before).toBe(1);
  expect(shown.map((v) => v.specs[0]?.record?.revision)).toEqual(['A', 'A', 'A']);
});

test('a view waiting for a leader that never answers stops after followerWaitMs and says the spec is still loading', async () => {
  rig.source.serve(record('FLY-2', 'A'));
  rig.source.hold();
  const leader = view('FLY-2', 'm-leader');
  await until(() => rig.source.heldCount() === 1, 'the leader is fetching');
  const follower = view('FLY-2', 'm-1');
  await until(() => rig.time.pendingSleeps() === 1, 'the follower is waiting');
  const started = rig.time.now();

  let done = false;
  void follower.finally(() => (done = true));
  for (let i = 0; i < 40 && !done; i += 1) await rig.time.advance(250);
  const shown = await follower;

  expect(rig.time.now() - started).toBeGreaterThanOrEqual(rig.policy.followerWaitMs);
  expect(rig.time.now() - started).toBeLessThan(rig.policy.followerWaitMs + 1_500);
  expect(shown.specs[0]).toMatchObject({ state: 'missing', problem: { code: 'unavailable', message: expect.stringMatching(/still loading/i) } });
  rig.source.releaseHeld();
  await leader;
});

test('a forced refresh waiting on another viewer\'s fetch does not take the answer it already had for the new one', async () => {
  rig.source.serve(record('FLY-3', 'A'));
  await view('FLY-3', 'm-0');
  rig.source.serve(record('FLY-3', 'B'));
  await rig.time.advance(5_000);
  rig.source.hold();
  const leader = view('FLY-3', 'm-leader', true);
  await until(() => rig.source.heldCount() === 1, 'the leader is fetching');
  const follower = view('FLY-3', 'm-1', true);
  await until(() => rig.time.pendingSleeps() === 1, 'the follower is waiting');

  // The follower polls while the cache still holds revision A (fetched before it began): it keeps waiting.
  await rig.time.advance(rig.policy.followerPollMs);
  await until(() => rig.time.pendingSleeps() === 1, 'the follower is waiting again');
  rig.source.releaseHeld();
  await leader;
  for (let i = 0; i < 5 && rig.time.pendingSleeps() > 0; i += 1) await rig.time.advance(1_000);

  expect((await follower).specs[0]?.record?.revision).toBe('B');
});

test('a leader whose fetch failed lets go of the spec: the next view asks the engineering system at once', async () => {
  rig.source.serve(record('FLY-4', 'A'));
  rig.source.failure = { kind: 'timeout', message: 'no answer in 8 s' };
  await fetchWithSingleFlight(rig.invocation(), ['FLY-4'], new Map(), noBreaker());
  rig.source.failure = undefined;
  const before = rig.source.requests.length;

  const shown = await view('FLY-4', 'm-1');
  await settle();

  expect(rig.source.requests.length - before).toBe(1);
  expect(shown.specs[0]?.record?.revision).toBe('A');
});
