import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EMPTY_KVS_READ_BYTES } from '../../local/platform/costs';
import { startLocalServer, type LocalServer } from '../../local/platform/http-server';
import { appFromExports } from '../../local/platform/loaded-app';
import { DEFAULT_FUNCTION_MEMORY_MB, loadManifest } from '../../local/platform/manifest';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

/**
 * Per-invocation cost counters, with a tiny app whose handlers call the real @forge/kvs and
 * @forge/api: what each invocation read and wrote in KVS, printed, and spent in REST points.
 */
const manifest = `
modules:
  function:
    - { key: kvs-work, handler: index.kvsWork }
    - { key: batch-work, handler: index.batchWork, runtime: { memoryMB: 1024 } }
    - { key: confluence-work, handler: index.confluenceWork }
    - { key: idle, handler: index.idle }
    - { key: publish-work, handler: index.publishWork }
app:
  id: ari:cloud:ecosystem::app/22222222-2222-4222-8222-222222222222
  runtime: { name: nodejs24.x, memoryMB: 256 }
permissions:
  scopes: [storage:app, read:page:confluence, write:page:confluence]
`;

const STORED = { spec: 'SPEC-1', title: 'Pump — Förderhöhe' };
const storedBytes = Buffer.byteLength(JSON.stringify(STORED), 'utf8');
const LOG_LINE = 'cache miss for SPEC-1';

let platform: LocalPlatform;
let server: LocalServer;
let pageId = '';

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-costs-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, queue: { autoStart: false } });
  const space = platform.confluence.admin.createSpace({ key: 'ENG', name: 'Engineering' });
  pageId = platform.confluence.admin.createPage({ spaceId: space.id, title: 'Pump' }).id;
  const { kvs } = await import('@forge/kvs');
  const api = await import('@forge/api');
  const { route } = api;
  const realtime = await import('@forge/realtime');
  platform.loadApp(
    appFromExports(
      {
        async kvsWork() {
          await kvs.set('spec:SPEC-1', STORED);
          await kvs.get('spec:SPEC-1');
          await kvs.get('spec:missing');
          console.log(LOG_LINE);
        },
        async batchWork() {
          await kvs.batchSet<unknown>([
            { key: 'b:1', value: STORED },
            { key: 'b:2', value: [1, 2, 3] },
          ]);
          await kvs.batchGet([{ key: 'b:1' }, { key: 'b:2' }, { key: 'b:none' }]);
        },
        async confluenceWork() {
          const app = api.asApp();
          await app.requestConfluence(route`/wiki/api/v2/pages/${pageId}`);
          const created = await app.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ key: 'spec-bridge.snapshot', value: { n: 1 } }),
          });
          const { id } = (await created.json()) as { id: string };
          await app.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties/${id}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ key: 'spec-bridge.snapshot', value: { n: 2 }, version: { number: 2 } }),
          });
          await app.requestConfluence(route`/wiki/api/v2/pages/${pageId}/properties/${id}`);
        },
        async publishWork() {
          await realtime.publish('spec-updates', { id: 'SPEC-1' });
          await realtime.publishGlobal('spec-updates', 'changed');
        },
        async idle() {
          await new Promise((resolve) => setTimeout(resolve, 50));
        },
      },
      { kind: 'stand-in', name: 'cost counter handlers' },
    ),
  );
  server = await startLocalServer({ platform });
});

afterAll(async () => {
  await server.close();
  platform.close();
});

function lastInvocation(functionKey: string) {
  const found = platform.costs.invocations().filter((cost) => cost.functionKey === functionKey).at(-1);
  if (!found) throw new Error(`no invocation of ${functionKey} was recorded`);
  return found;
}

test('an invocation counts the KVS bytes it wrote and read, an empty read as 1 KB, and the bytes it printed', async () => {
  await platform.invokeFunction('kvs-work', []);

  const cost = lastInvocation('kvs-work');
  expect(cost.kvsWriteBytes).toBe(storedBytes);
  expect(cost.kvsReadBytes).toBe(storedBytes + EMPTY_KVS_READ_BYTES);
  expect(cost.logBytes).toBe(Buffer.byteLength(`${LOG_LINE}\n`));
  expect(cost.confluencePoints).toBe(0);
});

test('batch KVS calls count every stored value, and each missing key of a batch read as 1 KB', async () => {
  await platform.invokeFunction('batch-work', []);

  const cost = lastInvocation('batch-work');
  const arrayBytes = Buffer.byteLength('[1,2,3]');
  expect(cost.kvsWriteBytes).toBe(storedBytes + arrayBytes);
  expect(cost.kvsReadBytes).toBe(storedBytes + arrayBytes + EMPTY_KVS_READ_BYTES);
});

test('REST points: a page GET costs 2, a property POST or PUT 1, a property GET 1', async () => {
  const before = platform.confluencePoints.state().spent;

  await platform.invokeFunction('confluence-work', []);

  const cost = lastInvocation('confluence-work');
  expect(cost.confluenceRequests).toBe(4);
  expect(cost.confluencePoints).toBe(2 + 1 + 1 + 1);
  expect(platform.confluencePoints.state().spent - before).toBe(5);
});

test('GB-seconds are the measured duration times the function memory, else the app memory', async () => {
  await platform.invokeFunction('idle', []);

  const idle = lastInvocation('idle');
  const batch = lastInvocation('batch-work');
  expect(idle.memoryMB).toBe(256);
  expect(batch.memoryMB).toBe(1024);
  expect(idle.durationMs).toBeGreaterThanOrEqual(45);
  expect(idle.gbSeconds).toBeCloseTo((idle.durationMs / 1000) * (256 / 1024), 10);
});

test('a function with no memoryMB in a manifest with none gets the Forge default of 512 MB', () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-costs-default-'));
  writeFileSync(join(appDir, 'manifest.yml'), 'modules:\n  function:\n    - { key: f, handler: index.f }\napp:\n  id: x\n  runtime: { name: nodejs24.x }\n');

  const loaded = loadManifest(join(appDir, 'manifest.yml'), {});

  expect(loaded.functions.get('f')?.memoryMB).toBe(DEFAULT_FUNCTION_MEMORY_MB);
  expect(DEFAULT_FUNCTION_MEMORY_MB).toBe(512);
});

test('UI-side Confluence calls over HTTP are counted apart and spend no REST points', async () => {
  const before = platform.costs.totals();

  const response = await fetch(`${server.origin}/wiki/api/v2/pages/${pageId}`, { headers: { 'X-Local-As-App': 'true' } });

  const after = platform.costs.totals();
  expect(response.status).toBe(200);
  expect(response.headers.get('ratelimit-policy')).toBeNull();
  expect(after.bridgeConfluenceRequests - before.bridgeConfluenceRequests).toBe(1);
  expect(after.confluencePoints).toBe(before.confluencePoints);
});

test('an invocation counts its realtime publishes', async () => {
  await platform.invokeFunction('publish-work', []);

  expect(lastInvocation('publish-work').realtimePublishes).toBe(2);
});

test('totals add up the finished invocations and realtime subscribes made outside any invocation', () => {
  const unsubscribe = platform.realtime.subscribe({ channel: 'c', isGlobal: false, listener: () => undefined });
  unsubscribe();

  const totals = platform.costs.totals();
  const invocations = platform.costs.invocations();
  expect(totals.invocations).toBe(invocations.length);
  expect(totals.kvsReadBytes).toBe(invocations.reduce((sum, cost) => sum + cost.kvsReadBytes, 0));
  expect(totals.realtimeSubscribes).toBe(1);
});
