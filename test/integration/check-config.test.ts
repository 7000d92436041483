import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CheckedConfig } from '../../src/shared/resolver-contract';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

const CLASSIC = { specIds: 'SHAFT-1042@B, bolt-2001, X', pinnedRevision: '', ttlMinutes: '30', layout: 'table' };

test('checkConfig opens a macro saved with the classic config panel as a version-2 config, with its problems', async () => {
  const result = expectOk(await app.invoke<CheckedConfig>('checkConfig', { localId: app.macroIds[0] as string, isEditing: true, config: CLASSIC }));

  expect(result.config).toEqual({
    version: 2,
    specs: [{ id: 'SHAFT-1042', revision: 'B' }, { id: 'BOLT-2001' }, { id: 'X' }],
    freshnessMinutes: '30',
    layout: 'table',
  });
  expect(result.problems).toEqual([expect.stringMatching(/^"X" is not a valid spec id/)]);
});

test("checkConfig checks the dialog's draft instead of the saved config when it is given one", async () => {
  const draft = { version: 2, specs: [{ id: 'SHAFT-1042' }], freshnessMinutes: 'soon' };

  const result = expectOk(await app.invoke<CheckedConfig>('checkConfig', { localId: app.macroIds[0] as string, isEditing: true, config: CLASSIC }, { config: draft }));

  expect(result.config).toEqual(draft);
  expect(result.problems).toEqual([expect.stringMatching(/^Freshness "soon" is not a number of minutes/)]);
});

test('checkConfig names the titles of the picked specs already cached when the dialog opens', async () => {
  const context = { localId: app.macroIds[1] as string, isEditing: true, config: { specIds: 'SHAFT-1042, BOLT-2001' } };
  expectOk(await app.invoke('getSpecs', { ...context, config: { specIds: 'SHAFT-1042' } }));

  const result = expectOk(await app.invoke<CheckedConfig>('checkConfig', context));

  expect(result.known).toEqual([{ id: 'SHAFT-1042', title: expect.stringContaining('Drive shaft'), revision: 'C', status: 'released' }]);
});
