/**
 * The Confluence points governor (src/confluence/points-governor.ts) with its KVS ledger, through the real @forge/api
 * against the local platform's Confluence and its hourly points pool. Each governor stands for one function
 * invocation; they share the installation's ledger in KVS. A ManualClock is both the platform's time and the app's.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../local/platform/clock';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import type { CallPurpose } from '../../src/domain/points-budget';
import type { Logger } from '../../src/domain/ports';
import type { UpstreamError } from '../../src/errors';

const POOL = 40;
/** 10:59:00 UTC: the pool refills in 60 s. */
const clock = new ManualClock(Date.parse('2026-03-02T10:59:00Z'));
let platform: LocalPlatform;
let pageId = '';
let invocation: (purpose: CallPurpose, sharePerHour?: number) => Promise<{ readPage(): Promise<number>; settle(): Promise<void> }>;
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' }, clock, confluence: { pointsPerHour: POOL } });
  const space = platform.confluence.admin.createSpace({ key: 'PTS', name: 'Points' });
  pageId = platform.confluence.admin.createPage({ spaceId: space.id, title: 'Pump' }).id;
  const api = await import('@forge/api');
  const { createPointsGovernor } = await import('../../src/confluence/points-governor');
  const { createKvsPointsLedger } = await import('../../src/kvs/points-ledger');
  invocation = async (purpose, sharePerHour = 1_000_000) => {
    const governor = createPointsGovernor({ ledger: createKvsPointsLedger(clock), clock, policy: { sharePerHour }, purpose, log: quiet });
    const product = governor.govern(api.asApp());
    return {
      // A page with its body: 2 points.
      readPage: async () => (await product.requestConfluence(api.route`/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`)).status,
      settle: () => governor.settle(),
    };
  };
});

afterAll(() => platform.close());

/** What a refused call threw (an UpstreamError naming when to try again), or undefined when it went out. */
async function refusal(call: () => Promise<unknown>): Promise<UpstreamError | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error as UpstreamError;
  }
}

const requestsMade = () => platform.costs.totals().confluenceRequests;

test('once Confluence says the pool is spent, no invocation calls it again until the top of the hour', async () => {
  const first = await invocation('push');
  // 40 points at 2 a read: the 20th read takes the pool to 0 and its answer says r=0.
  for (let i = 0; i < 20; i += 1) expect(await first.readPage()).toBe(200);
  const refusedByPool = platform.confluencePoints.refusals;
  const requests = requestsMade();

  const stopped = await refusal(() => first.readPage());
  expect(stopped?.message).toMatch(/pool spent/);
  expect(stopped?.retryAfterSeconds).toBe(60);

  // Another invocation reads the signal from the ledger: refused before any request.
  const second = await invocation('view');
  expect((await refusal(() => second.readPage()))?.retryAfterSeconds).toBe(60);
  expect(requestsMade()).toBe(requests);
  expect(platform.confluencePoints.refusals).toBe(refusedByPool);

  clock.advance(60_000);
  const afterReset = await invocation('deferrable');
  expect(await afterReset.readPage()).toBe(200);
});

test('near the limit, work that can wait waits while change notices and views go on', async () => {
  clock.advance(Date.parse('2026-03-02T11:10:00Z') - clock.now());
  const busy = await invocation('push');
  // 34 of 40 spent (the previous test's read at 11:00 counts in this hour): 6 left, under 20 %: X-RateLimit-NearLimit.
  for (let i = 0; i < 16; i += 1) await busy.readPage();
  expect(platform.confluencePoints.state().remaining).toBe(6);

  const requests = requestsMade();
  const deferrable = await invocation('deferrable');
  const waited = await refusal(() => deferrable.readPage());
  expect(waited?.message).toMatch(/pool nearly spent/);
  // Until the pool refills at 12:00.
  expect(waited?.retryAfterSeconds).toBe(900);
  expect(requestsMade()).toBe(requests);

  expect(await (await invocation('push')).readPage()).toBe(200);
  expect(await (await invocation('view')).readPage()).toBe(200);
});

test("an installation that spent its hour's share stops until the next hour, counted across invocations", async () => {
  clock.advance(Date.parse('2026-03-02T13:30:00Z') - clock.now());
  const share = 12;
  const before = platform.confluencePoints.state().spent;
  // Three invocations of 2 reads (4 points) each, one after the other.
  for (let i = 0; i < 3; i += 1) {
    const run = await invocation('push', share);
    await run.readPage();
    await run.readPage();
    await run.settle();
  }
  const next = await invocation('push', share);
  const stopped = await refusal(() => next.readPage());
  expect(stopped?.message).toMatch(/share spent/);
  // Until 14:00; a queued event asks for at most 900 s.
  expect(stopped?.retryAfterSeconds).toBe(900);
  expect(platform.confluencePoints.state().spent - before).toBe(12);

  clock.advance(Date.parse('2026-03-02T14:00:00Z') - clock.now());
  expect(await (await invocation('push', share)).readPage()).toBe(200);
});

test('invocations that settle at the same moment lose none of the points they spent', async () => {
  clock.advance(Date.parse('2026-03-02T15:05:00Z') - clock.now());
  const runs = await Promise.all(Array.from({ length: 15 }, () => invocation('push')));
  for (const run of runs) await run.readPage();
  await Promise.all(runs.map((run) => run.settle()));
  const { createKvsPointsLedger } = await import('../../src/kvs/points-ledger');
  const ledger = await createKvsPointsLedger(clock).read(Date.parse('2026-03-02T15:00:00Z'));
  expect(ledger.spent).toBe(30);
});
