import { afterAll, beforeAll, expect, test } from 'vitest';
import { EMPTY_KVS_READ_BYTES } from '../../local/platform/costs';
import type { ServiceRequest } from '../../local/platform/service';
import { expectOk, startApp, type TestApp } from '../support/start-app';

/**
 * Cost counters for Spec Bridge's own resolver (the Forge-built bundle): a warm page view's KVS
 * read bytes equal the stored sizes of the keys it read, each missing key counted as 1 KB.
 */
let app: TestApp;
const readKeys: string[] = [];

beforeAll(async () => {
  app = await startApp();
  // Records which keys the app reads, independently of the metering (which measures responses).
  const kvs = app.platform.kvs;
  const handle = kvs.handle.bind(kvs);
  kvs.handle = (request: ServiceRequest) => {
    if (request.path.startsWith('/api/v1/batch/get')) readKeys.push(...(JSON.parse(request.body) as { key: string }[]).map((item) => item.key));
    if (request.path.startsWith('/api/v1/get')) readKeys.push((JSON.parse(request.body) as { key: string }).key);
    return handle(request);
  };
});

afterAll(async () => {
  await app.close();
});

function storedBytes(key: string): number | undefined {
  const row = app.platform.db.prepare("SELECT length(CAST(value AS BLOB)) AS bytes FROM kvs_entries WHERE namespace = 'kvs' AND key = ?").get(key) as
    | { bytes: number }
    | undefined;
  return row?.bytes;
}

test('a warm resolver view reads the stored bytes of the keys it reads, 1 KB per missing key, and writes nothing', async () => {
  const context = { localId: app.macroIds[0] as string, config: { specIds: 'SHAFT-1042', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));
  await app.platform.queue.drain(10_000);
  readKeys.length = 0;

  expectOk(await app.invoke('getSpecs', context));

  const cost = app.platform.costs.invocations().at(-1);
  const expected = readKeys.reduce((sum, key) => sum + (storedBytes(key) ?? EMPTY_KVS_READ_BYTES), 0);
  expect(readKeys).toContain('spec:SHAFT-1042');
  // The memory manifest.yml gives the resolver (runtime.memoryMB), not Forge's 512 MB default.
  const memoryMB = app.platform.manifest.functions.get('resolver')?.memoryMB;
  expect(memoryMB).toBeDefined();
  expect(cost).toMatchObject({ functionKey: 'resolver', moduleType: 'confluence:macro', memoryMB, kvsWriteBytes: 0 });
  expect(cost?.kvsReadBytes).toBe(expected);
  expect(cost?.gbSeconds).toBeCloseTo(((cost?.durationMs ?? 0) / 1000) * ((memoryMB ?? 0) / 1024), 10);
});

test('a cold resolver view counts the spec it cached among its KVS writes and spends points on its Confluence calls', () => {
  const cold = app.platform.costs.invocations().find((cost) => cost.functionKey === 'resolver');

  expect(cold?.kvsWriteBytes).toBeGreaterThanOrEqual(storedBytes('spec:SHAFT-1042') ?? Infinity);
  expect(cold?.confluencePoints).toBeGreaterThanOrEqual(cold?.confluenceRequests ?? Infinity);
  expect(cold?.confluenceRequests).toBeGreaterThan(0);
});
