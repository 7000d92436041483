/**
 * What an installation whose Marketplace subscription is not active does: Forge passes `license.isActive: false` to
 * every function; an install with no license (development, private) is not unlicensed.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LICENSE_LAPSED } from '../../src/shared/license';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  app.platform.setLicense(undefined);
  await app?.close();
});

test('a lapsed subscription shows one sentence instead of data, asks nothing of the engineering system, and refuses notices', async () => {
  app.platform.setLicense({ isActive: false });
  const requestsBefore = app.engineeringCounters.get('engineering.requests');
  const answer = await app.invoke('getSpecs', { localId: app.macroIds[0] as string, config: { specIds: 'SHAFT-1042' } });
  expect(answer).toEqual({ ok: false, code: 'unavailable', message: LICENSE_LAPSED });
  expect(await app.invoke('searchSpecs', { localId: app.macroIds[0] as string, isEditing: true }, { query: 'shaft' })).toMatchObject({ ok: false, message: LICENSE_LAPSED });
  // The config dialog still checks a draft, but fetches none of its picked specs ahead of the first view (§42).
  expectOk(await app.invoke('checkConfig', { localId: app.macroIds[0] as string, isConfiguring: true }, { config: { version: 2, specs: [{ id: 'BOLT-2001' }] } }));
  const notice = await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1042'] }));
  expect(notice.statusCode).toBe(403);
  expect(JSON.parse(notice.body ?? '{}')).toMatchObject({ error: 'not_licensed' });
  expect(app.engineeringCounters.get('engineering.requests')).toBe(requestsBefore);
});

test.each([
  ['an active subscription', { isActive: true }],
  ['no license at all (a development or private install)', undefined],
])('%s works as usual', async (_what, license) => {
  app.platform.setLicense(license);
  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[1] as string, config: { specIds: 'SHAFT-1042' } }));
  expect(view.specs[0]?.record?.id).toBe('SHAFT-1042');
  expect((await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1042'] }))).statusCode).toBe(202);
});
