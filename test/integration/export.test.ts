import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

test('the export function renders the macro from its content-property snapshot, with the revision', async () => {
  const localId = app.macroIds[0] as string;
  const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'SHAFT-1042', layout: 'card' } }));
  await app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer

  const doc = await app.platform.invokeAdfExport({ localId, pageId: app.pageId, exportType: 'pdf' });

  const text = JSON.stringify(doc);
  expect(doc).toMatchObject({ type: 'doc', version: 1 });
  expect(text).toContain('SHAFT-1042');
  expect(text).toContain(view.specs[0]?.record?.title ?? 'missing title');
});

test('the export of a macro that was never viewed says there is no saved data', async () => {
  const doc = await app.platform.invokeAdfExport({ localId: app.macroIds[5] as string, pageId: app.pageId, exportType: 'word' });

  expect(JSON.stringify(doc)).toContain('no saved data');
});
