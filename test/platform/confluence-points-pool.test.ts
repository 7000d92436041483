import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../local/platform/clock';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

/**
 * The app's hourly Confluence REST points pool as backend code sees it through the real @forge/api:
 * quota headers on every answer, the near-limit signal past 80 % use, 429 once the pool is spent,
 * and a full pool again at the top of the hour (a ManualClock stands in for time).
 */
const manifest = `
modules:
  function:
    - { key: read-page, handler: index.readPage }
app:
  id: ari:cloud:ecosystem::app/33333333-3333-4333-8333-333333333333
  runtime: { name: nodejs24.x }
permissions:
  scopes: [read:page:confluence]
`;

const POOL = 10;
const QUOTA_HEADERS = ['ratelimit', 'ratelimit-policy', 'x-ratelimit-nearlimit', 'ratelimit-reason', 'retry-after'];
/** 12:59:20 UTC: 40 s before the pool refills. */
const clock = new ManualClock(Date.parse('2026-03-02T12:59:20Z'));
let platform: LocalPlatform;
let pageId = '';

interface Answer {
  status: number;
  headers: Record<string, string>;
}

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-points-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, clock, queue: { autoStart: false }, confluence: { pointsPerHour: POOL } });
  const space = platform.confluence.admin.createSpace({ key: 'ENG', name: 'Engineering' });
  pageId = platform.confluence.admin.createPage({ spaceId: space.id, title: 'Pump' }).id;
  const api = await import('@forge/api');
  platform.loadApp(
    appFromExports(
      {
        async readPage(): Promise<Answer> {
          const response = await api.asApp().requestConfluence(api.route`/wiki/api/v2/pages/${pageId}`);
          const headers = QUOTA_HEADERS.flatMap((name) => {
            const value = response.headers.get(name);
            return value === null ? [] : [[name, value] as const];
          });
          return { status: response.status, headers: Object.fromEntries(headers) };
        },
      },
      { kind: 'stand-in', name: 'points pool handlers' },
    ),
  );
});

afterAll(() => platform.close());

const readPage = () => platform.invokeFunction('read-page', []) as Promise<Answer>;

test('the Confluence points pool: headers, near limit past 80 %, 429 until the top of the hour, then a full pool', async () => {
  // A page GET costs 2 points: 10 → 8 left (80 %), no `r` yet.
  const first = await readPage();
  expect(first.status).toBe(200);
  expect(first.headers['ratelimit-policy']).toBe(`"global-app-quota";q=${POOL};w=3600`);
  expect(first.headers.ratelimit).toBe('"global-app-quota";t=40');
  expect(first.headers['x-ratelimit-nearlimit']).toBeUndefined();

  // 8 → 6 left (60 %), still above 20 %.
  expect((await readPage()).headers['x-ratelimit-nearlimit']).toBeUndefined();
  await readPage(); // 4 left
  await readPage(); // 2 left
  // 2 → 0 left: past 80 % use, `r` appears with the near-limit flag and the reason.
  const last = await readPage();
  expect(last.status).toBe(200);
  expect(last.headers.ratelimit).toBe('"global-app-quota";r=0;t=40');
  expect(last.headers['x-ratelimit-nearlimit']).toBe('true');
  expect(last.headers['ratelimit-reason']).toBe('confluence-quota-global-based');

  clock.advance(10_000);
  const refused = await readPage();
  expect(refused.status).toBe(429);
  expect(refused.headers['retry-after']).toBe('30');
  expect(refused.headers['ratelimit-reason']).toBe('confluence-quota-global-based');
  expect(platform.confluencePoints.state().spent).toBe(POOL);

  clock.advance(30_000); // 13:00:00 UTC
  const afterReset = await readPage();
  expect(afterReset.status).toBe(200);
  expect(afterReset.headers.ratelimit).toBe('"global-app-quota";t=3600');
  expect(platform.confluencePoints.state()).toEqual({ pointsPerHour: POOL, spent: 2, remaining: 8, secondsToReset: 3600 });
});

test('a request refused with 429 counts as a Confluence request of its invocation but spends no points', async () => {
  const spent = platform.confluencePoints.state().spent;
  for (let left = POOL - spent; left > 0; left -= 2) await readPage();

  const refused = await readPage();

  const cost = platform.costs.invocations().at(-1);
  expect(refused.status).toBe(429);
  expect(cost).toMatchObject({ functionKey: 'read-page', confluenceRequests: 1, confluencePoints: 0 });
});
