import { afterAll, beforeAll, expect, test } from 'vitest';
import { ageSpecCache } from '../support/age-cache';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

function macro(index: number, config: Record<string, unknown>) {
  return { localId: app.macroIds[index] as string, config };
}

test('a cold view fetches the spec and a warm view makes no engineering request', async () => {
  const context = macro(0, { specIds: 'SHAFT-1042', layout: 'card' });

  const cold = expectOk(await app.invoke('getSpecs', context));
  const afterCold = app.engineeringCounters.get('engineering.requests');
  const warm = expectOk(await app.invoke('getSpecs', context));

  expect(cold.specs[0]?.record?.id).toBe('SHAFT-1042');
  expect(cold.specs[0]?.state).toBe('fresh');
  expect(afterCold).toBe(1);
  expect(warm.specs[0]?.record?.title).toBe(cold.specs[0]?.record?.title);
  expect(app.engineeringCounters.get('engineering.requests')).toBe(1);
});

test('twenty concurrent cold views of one spec make exactly one engineering request', async () => {
  const before = app.engineeringCounters.get('engineering.requests');

  const views = await Promise.all(
    Array.from({ length: 20 }, (_, i) => app.invoke('getSpecs', macro(1 + (i % 10), { specIds: 'BOLT-2001' }))),
  );

  expect(app.engineeringCounters.get('engineering.requests') - before).toBe(1);
  for (const view of views) expect(expectOk(view).specs[0]?.record?.id).toBe('BOLT-2001');
});

test('a payload naming other spec ids cannot widen what getSpecs returns', async () => {
  const context = macro(2, { specIds: 'BOLT-2002' });

  const view = expectOk(await app.invoke('getSpecs', context, { specIds: ['SHAFT-1043', 'PSU-4801'], ids: 'SHAFT-1043' }));

  expect(view.specs.map((s) => s.id)).toEqual(['BOLT-2002']);
});

test('stale data is served at once and many stale viewers cause exactly one revalidation', async () => {
  const context = macro(3, { specIds: 'FIT-3101' });
  expectOk(await app.invoke('getSpecs', context));
  await app.platform.queue.drain(); // the first view's snapshot write (a 'macro.remember' event) is not what is counted here
  ageSpecCache(app.platform.db, 3600);
  app.engineering.admin.updateSpec('FIT-3101', { revision: 'N' });
  const before = app.engineeringCounters.get('engineering.requests');
  app.platform.queue.pause();

  const views = await Promise.all(Array.from({ length: 10 }, () => app.invoke('getSpecs', context)));
  const servedBeforeRevalidation = app.engineeringCounters.get('engineering.requests') - before;
  const queued = app.platform.queue.pending();
  app.platform.queue.resume();
  await app.platform.queue.drain();
  const after = expectOk(await app.invoke('getSpecs', context));

  for (const view of views) expect(expectOk(view).specs[0]).toMatchObject({ state: 'stale', record: { revision: expect.not.stringMatching(/^N$/) } });
  expect(servedBeforeRevalidation).toBe(0);
  expect(queued).toBe(1);
  expect(app.engineeringCounters.get('engineering.requests') - before).toBe(1);
  expect(after.specs[0]).toMatchObject({ state: 'fresh', record: { revision: 'N' } });
});

test('a warm view reads everything it needs in one KVS batch and writes nothing', async () => {
  const context = macro(4, { specIds: 'SURF-3201, SURF-3202, SURF-3203', layout: 'table' });
  expectOk(await app.invoke('getSpecs', context));
  expectOk(await app.invoke('getSpecs', context));
  await app.platform.queue.drain(); // the first view's snapshot write, done by the consumer, is not the warm view's
  const kvsBefore = app.platform.counters.snapshot();

  expectOk(await app.invoke('getSpecs', context));

  const kvsAfter = app.platform.counters.snapshot();
  const delta = Object.fromEntries(
    Object.keys(kvsAfter)
      .filter((name) => name.startsWith('kvs.') && kvsAfter[name] !== kvsBefore[name])
      .map((name) => [name, (kvsAfter[name] ?? 0) - (kvsBefore[name] ?? 0)]),
  );
  expect(delta).toEqual({ 'kvs.batch/get': 1 });
});
