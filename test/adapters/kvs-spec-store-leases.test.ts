/**
 * The KVS single-flight leases and circuit breaker of src/kvs/spec-store.ts with the real
 * @forge/kvs against the local platform's KVS, under lazy expiry (expired keys are still returned,
 * as Forge KVS may do for up to 48 h) so the takeover path runs. Each store is one invocation; the
 * interleavings are forced with KVS latency faults and a transport that loses an answer.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../local/platform/clock';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import { MAX_BREAKER_OPEN_SECONDS, type SpecStore } from '../../src/domain/ports';

let platform: LocalPlatform;
let clock: ManualClock;
let createStore: () => SpecStore;

beforeAll(async () => {
  clock = new ManualClock();
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' }, clock, kvs: { lazyExpiry: true } });
  const { createKvsSpecStore } = await import('../../src/kvs/spec-store');
  createStore = () => createKvsSpecStore({ clock, maxStaleSeconds: 3600 });
});

afterEach(() => {
  platform.faults.clear();
  restoreTransport?.();
  restoreTransport = undefined;
});

afterAll(() => {
  platform.close();
});

let restoreTransport: (() => void) | undefined;

/** Makes the next KVS call to `path` commit but answer 500, as when the response is lost after the write. */
function loseNextAnswer(path: string): void {
  const g = globalThis as { __forge_fetch__?: (target: unknown, path: string, init?: RequestInit) => Promise<Response> };
  const original = g.__forge_fetch__;
  if (!original) throw new Error('no __forge_fetch__');
  let armed = true;
  g.__forge_fetch__ = async (target, p, init) => {
    const response = await original(target, p, init);
    if (armed && p === path) {
      armed = false;
      return new Response(JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'answer lost' }), { status: 500 });
    }
    return response;
  };
  restoreTransport = () => {
    g.__forge_fetch__ = original;
  };
}

const storedLease = () => (name: string) =>
  (platform.db.prepare("SELECT value FROM kvs_entries WHERE namespace = 'kvs' AND key = ?").get(`lease:${name}`) as { value: string } | undefined)?.value;

test('a held lease is exclusive, and after its owner releases it the next caller gets it', async () => {
  const [a, b] = [createStore(), createStore()];

  expect(await a.tryLease('plain', 60)).toBe(true);
  expect(await b.tryLease('plain', 60)).toBe(false);
  await a.releaseLease('plain');
  expect(await b.tryLease('plain', 60)).toBe(true);
});

test.each(['none', 'get', 'set', 'delete'])(
  'two callers racing to take over an expired lease: exactly one wins (first %s delayed)',
  async (delayed) => {
    const name = `race-${delayed}`;
    const [old, b, c] = [createStore(), createStore(), createStore()];
    expect(await old.tryLease(name, 10)).toBe(true);
    clock.advance(11_000); // expired, but KVS still returns it
    if (delayed !== 'none') platform.faults.add({ service: 'kvs', operation: delayed, latencyMs: 40, times: 1 });

    const won = await Promise.all([b.tryLease(name, 60), c.tryLease(name, 60)]);

    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = won[0] ? b : c;
    const loser = won[0] ? c : b;
    expect(await createStore().tryLease(name, 60)).toBe(false);
    await loser.releaseLease(name); // not its lease: must not delete the winner's
    expect(await createStore().tryLease(name, 60)).toBe(false);
    await winner.releaseLease(name);
    expect(await createStore().tryLease(name, 60)).toBe(true);
  },
);

test('an expired holder releasing after a successor took over leaves the successor its lease', async () => {
  const [a, b, c] = [createStore(), createStore(), createStore()];
  expect(await a.tryLease('succession', 10)).toBe(true);
  clock.advance(11_000);
  expect(await b.tryLease('succession', 60)).toBe(true);
  const successor = storedLease()('succession');

  await a.releaseLease('succession');

  expect(storedLease()('succession')).toBe(successor);
  expect(await c.tryLease('succession', 60)).toBe(false);
});

test('a holder whose lease expires while it releases does not delete the successor that took over meanwhile', async () => {
  const [a, b, c] = [createStore(), createStore(), createStore()];
  expect(await a.tryLease('slow-release', 10)).toBe(true);
  clock.advance(9_000);
  // A reads its own, still valid lease; its next write is held back while the lease expires and B takes over.
  platform.faults.add({ service: 'kvs', operation: 'set', latencyMs: 60, times: 1 });
  const releasing = a.releaseLease('slow-release');
  await new Promise((resolve) => setTimeout(resolve, 15));
  clock.advance(2_000);
  const takeover = b.tryLease('slow-release', 60);

  await Promise.all([releasing, takeover]);

  expect(await takeover).toBe(true);
  expect(await c.tryLease('slow-release', 60)).toBe(false);
  await b.releaseLease('slow-release');
  expect(await c.tryLease('slow-release', 60)).toBe(true);
});

test('an acquire retried after its write committed but the answer was lost recognises its own lease', async () => {
  const [a, b] = [createStore(), createStore()];
  loseNextAnswer('/api/v1/set');

  expect(await a.tryLease('ambiguous', 60)).toBe(true);
  expect(await b.tryLease('ambiguous', 60)).toBe(false);
  await a.releaseLease('ambiguous');
  expect(await b.tryLease('ambiguous', 60)).toBe(true);
});

test('a store does not take a lease it already holds a second time', async () => {
  const a = createStore();
  expect(await a.tryLease('twice', 60)).toBe(true);
  expect(await a.tryLease('twice', 60)).toBe(false);
});

test('six concurrent failures count six: the breaker opens at its threshold of three', async () => {
  const stores = Array.from({ length: 6 }, () => createStore());
  await createStore().resetBreaker();

  const states = await Promise.all(stores.map((s) => s.recordBreakerFailure({ message: 'HTTP 503', threshold: 3, cooldownSeconds: 60 })));

  expect(states.map((s) => s.consecutiveFailures).sort()).toEqual([1, 2, 3, 3, 3, 3]);
  const view = await createStore().readView([], undefined);
  expect(view.breaker.openUntil).toBe(clock.now() + 60_000);
  await createStore().resetBreaker();
  expect((await createStore().readView([], undefined)).breaker).toEqual({ consecutiveFailures: 0 });
});

test('a failure whose answer was lost after it was counted is counted once', async () => {
  await createStore().resetBreaker();
  loseNextAnswer('/api/v1/set');

  const first = await createStore().recordBreakerFailure({ message: 'timeout', threshold: 3, cooldownSeconds: 60 });
  const second = await createStore().recordBreakerFailure({ message: 'timeout', threshold: 3, cooldownSeconds: 60 });

  expect([first.consecutiveFailures, second.consecutiveFailures]).toEqual([1, 2]);
  expect((await createStore().readView([], undefined)).breaker.openUntil).toBeUndefined();
});

test('a huge Retry-After opens the breaker for at most 15 minutes, also when stored before the cap', async () => {
  await createStore().resetBreaker();

  const state = await createStore().recordBreakerFailure({ message: '429', threshold: 3, cooldownSeconds: 60, retryAfterSeconds: 999_999_999 });

  expect(state.openUntil).toBe(clock.now() + MAX_BREAKER_OPEN_SECONDS * 1000);
  platform.db.prepare("UPDATE kvs_entries SET value = json_set(value, '$.openUntil', ?) WHERE key = 'breaker:engineering'").run(Date.parse('2058-01-01'));
  expect((await createStore().readView([], undefined)).breaker.openUntil).toBe(clock.now() + MAX_BREAKER_OPEN_SECONDS * 1000);
  await createStore().resetBreaker();
});

test('a breaker reset whose slot delete failed once deletes it on the retry, so the next failure counts from one', async () => {
  await createStore().resetBreaker();
  for (let i = 0; i < 2; i += 1) await createStore().recordBreakerFailure({ message: 'HTTP 503', threshold: 3, cooldownSeconds: 60 });
  platform.faults.add({ service: 'kvs', operation: 'batch/delete', failKeys: 'breaker:engineering:failure:1', status: 503, times: 1 });

  await createStore().resetBreaker();

  const next = await createStore().recordBreakerFailure({ message: 'HTTP 503', threshold: 3, cooldownSeconds: 60 });
  expect(next.consecutiveFailures).toBe(1);
  await createStore().resetBreaker();
});

test('a breaker reset that keeps failing is reported, and leaves the breaker marked so the next success resets it', async () => {
  await createStore().resetBreaker();
  await createStore().recordBreakerFailure({ message: 'HTTP 503', threshold: 3, cooldownSeconds: 60 });
  platform.faults.add({ service: 'kvs', operation: 'batch/delete', failKeys: 'breaker:engineering:failure:1', status: 500 });

  await expect(createStore().resetBreaker()).rejects.toThrow(/breaker:engineering:failure:1/);

  expect((await createStore().readView([], undefined)).breaker.consecutiveFailures).toBe(1);
  platform.faults.clear();
  await createStore().resetBreaker();
  expect((await createStore().readView([], undefined)).breaker).toEqual({ consecutiveFailures: 0 });
});
