import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CheckedConfig } from '../../src/shared/resolver-contract';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ env: { ENG_RECORD_URL_PATTERN: 'https://plm.example.com/specs/{id}' } });
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

test('a macro made from a pasted record link opens its dialog with that spec picked, and a dialog save without specs keeps showing it', async () => {
  const link = 'https://plm.example.com/specs/BOLT-2001';
  const context = { localId: app.macroIds[2] as string, isEditing: true, autoConvertLink: link, config: {} };

  const opened = expectOk(await app.invoke<CheckedConfig>('checkConfig', context));
  const shown = expectOk(await app.invoke<{ specs: { id: string }[] }>('getSpecs', { ...context, config: { version: 2, specs: [], layout: 'card' } }));

  expect(opened.config).toMatchObject({ version: 2, specs: [{ id: 'BOLT-2001' }] });
  expect(shown.specs.map((s) => s.id)).toEqual(['BOLT-2001']);
});
