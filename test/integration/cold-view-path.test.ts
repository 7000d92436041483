/**
 * What a cold view waits for (src/pipeline/load-view.ts): the records, and the KVS bookkeeping a change notice needs
 * (the macro's record and where-used). The snapshot's Confluence write is not on the reader's path: the view hands it
 * to the refresh consumer as a 'macro.remember' event, once per macro and content however many view it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { KEYS } from '../../src/kvs/keys';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

function storedSnapshot(localId: string): MacroSnapshot | undefined {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot | undefined;
}

function kvsHas(key: string): boolean {
  return app.platform.db.prepare('SELECT 1 FROM kvs_entries WHERE key = ?').get(key) !== undefined;
}

function remembersQueued(): number {
  return app.platform.queue.deliveries().filter((d) => (d.body as { type?: string }).type === 'macro.remember').length;
}

test('a cold view answers without waiting for the snapshot write, which the queue does after it', async () => {
  const localId = app.macroIds[0] as string;
  // With the consumer held back, a snapshot written on the reader's path would already be stored when the view answers.
  app.platform.queue.pause();
  try {
    const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'SHAFT-1042', layout: 'card' } }));

    expect(view.specs[0]?.record?.id).toBe('SHAFT-1042');
    expect(storedSnapshot(localId)).toBeUndefined();

    app.platform.queue.resume();
    await app.platform.queue.drain();

    expect(storedSnapshot(localId)?.specs[0]?.record?.revision).toBe(view.specs[0]?.record?.revision);
  } finally {
    app.platform.queue.resume();
  }
});

test('when a first view answers, the macro is already recorded and in where-used, so a notice right after it finds the macro', async () => {
  const localId = app.macroIds[1] as string;
  const ref = { pageId: app.pageId, localId };
  app.platform.queue.pause();
  try {
    expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'BOLT-2001, BOLT-2002' } }));

    expect(kvsHas(KEYS.macro(ref))).toBe(true);
    expect(kvsHas(KEYS.whereUsed('BOLT-2001', ref))).toBe(true);
    expect(kvsHas(KEYS.whereUsed('BOLT-2002', ref))).toBe(true);
  } finally {
    app.platform.queue.resume();
  }
  await app.platform.queue.drain();
  expect(storedSnapshot(localId)?.specs.map((s) => s.record?.id)).toEqual(['BOLT-2001', 'BOLT-2002']);
});

test('many viewers of one new macro queue one snapshot write', async () => {
  const localId = app.macroIds[2] as string;
  const before = remembersQueued();

  await Promise.all(Array.from({ length: 10 }, () => app.invoke('getSpecs', { localId, config: { specIds: 'FIT-3101' } })));
  await app.platform.queue.drain();
  expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'FIT-3101' } }));
  await app.platform.queue.drain();

  expect(remembersQueued() - before).toBe(1);
  expect(storedSnapshot(localId)?.specs[0]?.record?.id).toBe('FIT-3101');
});

test('a snapshot write Confluence refuses is redelivered by the queue until it is written', async () => {
  const localId = app.macroIds[3] as string;
  app.platform.faults.add({ service: 'confluence', operation: 'POST /pages/{page-id}/properties', status: 429, retryAfterSeconds: 60, times: 1 });

  expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'PSU-4801' } }));
  await app.platform.queue.drain();

  const deliveries = app.platform.queue.deliveries().filter((d) => (d.body as { ref?: { localId?: string } }).ref?.localId === localId);
  expect(deliveries.map((d) => d.attempt)).toEqual([0, 1]);
  expect(storedSnapshot(localId)?.specs[0]?.record?.id).toBe('PSU-4801');
});
