import { afterAll, beforeAll, expect, test } from 'vitest';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import { ageSpecCache } from '../support/age-cache';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

const specIds = ['SHAFT-1042', 'BRG-3001', 'PSU-4801'];

test('with the engineering system down, every previously seen spec still renders with the reason', async () => {
  const context = { localId: app.macroIds[0] as string, config: { specIds: specIds.join(','), layout: 'table' } };
  expectOk(await app.invoke('getSpecs', context));
  ageSpecCache(app.platform.db, 2 * 3600);
  app.engineering.admin.setMode({ failAll: 503 });

  const view = expectOk(await app.invoke('getSpecs', context));

  expect(view.specs.map((s) => s.record?.id)).toEqual(specIds);
  for (const spec of view.specs) expect(spec.state).toBe('stale');
  expect(view.specs[0]?.ageSeconds).toBeGreaterThanOrEqual(7200);
});

test('when the cache has nothing and the engineering system is down, the snapshot is the last-known-good source', async () => {
  app.engineering.admin.setMode({});
  const localId = app.macroIds[1] as string;
  const context = { localId, config: { specIds: 'BOLT-2001', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));
  await app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  const property = app.platform.confluence.admin.listProperties(app.pageId).find((p) => p.key === snapshotPropertyKey(localId));
  expect(property).toBeDefined();
  app.platform.db.exec("DELETE FROM kvs_entries WHERE key LIKE 'spec:%'");
  app.engineering.admin.setMode({ failAll: 503 });

  const view = expectOk(await app.invoke('getSpecs', context));

  expect(view.specs[0]?.record?.id).toBe('BOLT-2001');
  expect(view.specs[0]?.state).toBe('degraded');
  expect(view.page.state).toBe('degraded');
  expect(view.page.reason).toMatch(/unavailable|failing/i);
  app.engineering.admin.setMode({});
});
