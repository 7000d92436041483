/**
 * The config dialog's draft check fetches the picked specs the cache holds nothing for (decisions §42), so the macro's
 * first view after Save makes no engineering request. Through the built bundle on the local platform.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { KEYS } from '../../src/kvs/keys';
import type { CheckedConfig } from '../../src/shared/resolver-contract';
import { writeKvsKey } from '../support/kvs-key';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

afterEach(async () => {
  await writeKvsKey(app, KEYS.allowList(), undefined);
  await app.platform.queue.drain(10_000);
});

const requests = () => app.engineeringCounters.get('engineering.requests');
const draftOf = (...ids: string[]) => ({ version: 2, specs: ids.map((id) => ({ id })), layout: 'table' });
const configuring = (index: number) => ({ localId: app.macroIds[index] as string, spaceKey: 'ENG', isConfiguring: true, config: {} });

function check(index: number, ids: string[], context: Record<string, unknown> = {}) {
  return app.invoke<CheckedConfig>('checkConfig', { ...configuring(index), ...context }, { config: draftOf(...ids) });
}

function firstView(index: number, ids: string[]) {
  return app.invoke('getSpecs', { localId: app.macroIds[index] as string, spaceKey: 'ENG', config: draftOf(...ids) }, { snapshot: 'absent' });
}

test("an author's draft check fetches the picked specs once, and the macro's first view after Save asks the engineering system nothing", async () => {
  const before = requests();

  expectOk(await check(0, ['SHAFT-1043', 'BOLT-2002']));
  const afterCheck = requests();
  const view = expectOk(await firstView(0, ['SHAFT-1043', 'BOLT-2002']));

  expect(afterCheck - before).toBe(1);
  expect(requests()).toBe(afterCheck);
  expect(view.specs.map((s) => [s.id, s.state, s.record?.id])).toEqual([
    ['SHAFT-1043', 'fresh', 'SHAFT-1043'],
    ['BOLT-2002', 'fresh', 'BOLT-2002'],
  ]);
});

test('a check of a draft whose specs are all cached asks the engineering system nothing', async () => {
  expectOk(await check(1, ['SHAFT-1050']));
  const before = requests();

  expectOk(await check(1, ['SHAFT-1050']));

  expect(requests()).toBe(before);
});

test('a draft checked outside the editor (a page view) fetches nothing', async () => {
  const before = requests();

  expectOk(await app.invoke<CheckedConfig>('checkConfig', { localId: app.macroIds[2] as string, spaceKey: 'ENG', config: {} }, { config: draftOf('SHAFT-1051') }));

  expect(requests()).toBe(before);
});

test("a spec the site's allow-list refuses in this space is named as a problem and not fetched", async () => {
  await writeKvsKey(app, KEYS.allowList(), { entries: [{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }], savedAt: Date.now() });
  const before = requests();

  const checked = expectOk(await check(3, ['BOLT-2003']));

  expect(checked.problems).toEqual([expect.stringContaining('BOLT-2003')]);
  expect(requests()).toBe(before);
});

test('ten checks of the same new pick at once make one engineering request', async () => {
  const before = requests();

  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => check(4 + (i % 6), ['BOLT-2004'])));

  for (const result of results) expectOk(result);
  expect(requests() - before).toBe(1);
});

test('when the engineering system fails, the check still answers with the draft and the first view fetches', async () => {
  app.engineeringFaults.add({ service: 'engineering', operation: /^GET \/specs/, status: 503, times: 3 });
  const before = requests();

  const checked = expectOk(await check(10, ['BOLT-2005']));
  const afterCheck = requests();
  const view = expectOk(await firstView(10, ['BOLT-2005']));

  expect(checked.config).toEqual(draftOf('BOLT-2005'));
  expect(afterCheck).toBeGreaterThan(before);
  expect(requests()).toBeGreaterThan(afterCheck);
  expect(view.specs[0]).toMatchObject({ id: 'BOLT-2005', state: 'fresh' });
});
