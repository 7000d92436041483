/** Without SNAPSHOT_SIGNING_KEY (docs/decisions.md §13) the app works, writes unsigned snapshots and trusts none. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { storedSnapshot } from '../support/hostile-snapshot';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ env: { SNAPSHOT_SIGNING_KEY: '' } });
});

afterAll(async () => {
  await app.close();
});

test('without SNAPSHOT_SIGNING_KEY the app still works, writes unsigned snapshots and trusts none', async () => {
  const localId = app.macroIds[0] as string;
  const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'SHAFT-1042', layout: 'card' } }));
  await app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  expect(view.specs[0]?.record?.id).toBe('SHAFT-1042');
  const value = storedSnapshot(app, localId);
  expect(value).toMatchObject({ pageId: app.pageId, localId, sequence: 1 });
  expect(value?.signature).toBeUndefined();

  const doc = await app.platform.invokeAdfExport({ localId, pageId: app.pageId, exportType: 'pdf' });
  expect(doc).toMatchObject({ type: 'doc', version: 1 });
  expect(JSON.stringify(doc)).toContain('no saved data');

  app.platform.db.exec("DELETE FROM kvs_entries WHERE key LIKE 'spec:%'");
  app.engineering.admin.setMode({ failAll: 503 });
  const fallback = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'SHAFT-1042', layout: 'card' } }));
  app.engineering.admin.setMode({});
  expect(fallback.specs[0]?.record).toBeUndefined();
});
