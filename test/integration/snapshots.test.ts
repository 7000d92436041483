import { afterAll, beforeAll, expect, test } from 'vitest';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { withConcurrentSnapshotWrite } from '../support/concurrent-writer';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

function propertyWrites(): number {
  return app.platform.counters.get('confluence.PUT') + app.platform.counters.get('confluence.POST');
}

/** A view, then the queue drained: a view hands its snapshot write to the refresh consumer ('macro.remember'). */
async function viewed(...args: Parameters<TestApp['invoke']>) {
  const result = await app.invoke(...args);
  await app.platform.queue.drain();
  return result;
}

function storedSnapshot(localId: string) {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId));
}

test('a content property is written once per change of displayed data and not when nothing changed', async () => {
  const localId = app.macroIds[0] as string;
  const context = { localId, config: { specIds: 'SPR-3301', layout: 'card' } };

  const before = propertyWrites();
  expectOk(await viewed('getSpecs', context));
  const afterFirst = propertyWrites();
  expectOk(await viewed('getSpecs', context));
  expectOk(await viewed('getSpecs', context));
  const afterRepeats = propertyWrites();
  app.engineering.admin.updateSpec('SPR-3301', { revision: 'Z' });
  expectOk(await viewed('refresh', context));
  const afterChange = propertyWrites();

  expect(afterFirst - before).toBe(1);
  expect(afterRepeats - afterFirst).toBe(0);
  expect(afterChange - afterRepeats).toBe(1);
  const snapshot = storedSnapshot(localId)?.value as MacroSnapshot;
  expect(snapshot.specs[0]?.record?.revision).toBe('Z');
  expect(storedSnapshot(localId)?.version.number).toBe(2);
});

test('a version conflict on the snapshot write is re-read and retried to success', async () => {
  const localId = app.macroIds[1] as string;
  const context = { localId, config: { specIds: 'SPR-3302', layout: 'card' } };
  expectOk(await viewed('getSpecs', context));
  app.platform.faults.add({ service: 'confluence', operation: 'PUT /pages/{page-id}/properties/{property-id}', status: 409, times: 1 });
  app.engineering.admin.updateSpec('SPR-3302', { revision: 'Y' });
  const putsBefore = app.platform.counters.get('confluence.PUT');

  expectOk(await viewed('refresh', context));

  expect(app.platform.counters.get('confluence.PUT') - putsBefore).toBe(2);
  expect((storedSnapshot(localId)?.value as MacroSnapshot).specs[0]?.record?.revision).toBe('Y');
});

test.each([
  { status: 409 as const, index: 4, specId: 'SPR-3304' },
  { status: 400 as const, index: 5, specId: 'FUSE-5601' },
])('a stale version answered with $status because another user wrote first is re-read, merged and retried to success', async ({ status, index, specId }) => {
  const localId = app.macroIds[index] as string;
  const context = { localId, config: { specIds: specId, layout: 'card' } };
  expectOk(await viewed('getSpecs', context));
  app.platform.confluence.setStaleVersionStatus(status);
  app.engineering.admin.updateSpec(specId, { revision: 'Y2' });
  const putsBefore = app.platform.counters.get('confluence.PUT');

  try {
    const view = expectOk(await withConcurrentSnapshotWrite(app, localId, () => viewed('refresh', context)));
    expect(view.specs[0]?.record?.revision).toBe('Y2');
  } finally {
    app.platform.confluence.setStaleVersionStatus(409);
  }

  // The app's stale update, the other user's write, and the app's merged retry on top of it.
  expect(app.platform.counters.get('confluence.PUT') - putsBefore).toBe(3);
  expect(storedSnapshot(localId)?.version).toMatchObject({ number: 3, authorId: 'app-spec-bridge' });
  expect((storedSnapshot(localId)?.value as MacroSnapshot).specs[0]?.record?.revision).toBe('Y2');
});

test('a 400 on a snapshot update that is not a version conflict is not retried in a loop', async () => {
  const localId = app.macroIds[6] as string;
  const context = { localId, config: { specIds: 'RLY-5701', layout: 'card' } };
  expectOk(await viewed('getSpecs', context));
  app.engineering.admin.updateSpec('RLY-5701', { revision: 'Q' });
  const putsBefore = app.platform.counters.get('confluence.PUT');
  const remove = app.platform.faults.add({ service: 'confluence', operation: 'PUT /pages/{page-id}/properties/{property-id}', status: 400 });

  try {
    const view = expectOk(await viewed('refresh', context));
    expect(view.specs[0]?.record?.revision).toBe('Q');
  } finally {
    remove();
  }

  expect(app.platform.counters.get('confluence.PUT') - putsBefore).toBe(1);
  expect(storedSnapshot(localId)?.version.number).toBe(1);
});

test('a 400 on a snapshot create that is not a taken key is not retried in a loop', async () => {
  const localId = app.macroIds[7] as string;
  const context = { localId, config: { specIds: 'SENS-5801', layout: 'card' } };
  const postsBefore = app.platform.counters.get('confluence.POST');
  const remove = app.platform.faults.add({ service: 'confluence', operation: 'POST /pages/{page-id}/properties', status: 400 });

  try {
    const view = expectOk(await viewed('getSpecs', context));
    expect(view.specs[0]?.record?.id).toBe('SENS-5801');
  } finally {
    remove();
  }

  expect(app.platform.counters.get('confluence.POST') - postsBefore).toBe(1);
  expect(storedSnapshot(localId)).toBeUndefined();
});

test('a snapshot over 32 KB is stored trimmed and marked truncated', async () => {
  const localId = app.macroIds[2] as string;
  const bigSpecs = ['HSG-3501', 'GEAR-3601', 'SEAL-3701'];
  for (const id of bigSpecs) {
    const parameters = Array.from({ length: 100 }, (_, i) => ({
      name: `${id} bore diameter at inspection plane ${String(i).padStart(3, '0')}, measured after final honing and cleaning`,
      nominal: 25 + i / 1000,
      unit: 'mm',
      tolerance: { type: 'deviation', upper: 0.021, lower: 0.0 },
    }));
    expect(app.engineering.admin.updateSpec(id, { parameters }).ok).toBe(true);
  }
  const context = { localId, config: { specIds: [...bigSpecs, 'BOLT-2003'].join(', '), layout: 'table' } };

  const view = expectOk(await viewed('getSpecs', context));

  // The records as the engineering system serves them (the answer to a table shows counts, not parameters).
  const served = [...bigSpecs, 'BOLT-2003'].map((id) => app.engineering.admin.getSpec(id));
  expect(Buffer.byteLength(JSON.stringify(served))).toBeGreaterThan(40 * 1024);
  const snapshot = storedSnapshot(localId)?.value as MacroSnapshot;
  expect(Buffer.byteLength(JSON.stringify(snapshot))).toBeLessThanOrEqual(32 * 1024);
  expect(snapshot.truncated).toBe(true);
  expect(snapshot.trimmedSpecIds?.length).toBeGreaterThan(0);
  for (const id of snapshot.trimmedSpecIds ?? []) expect(bigSpecs).toContain(id);
  expect(snapshot.specs.map((s) => s.record?.revision)).toEqual(view.specs.map((s) => s.record?.revision));
});

test('refresh is limited to once per 30 seconds per macro instance', async () => {
  const context = { localId: app.macroIds[3] as string, config: { specIds: 'SPR-3303' } };

  const first = await viewed('refresh', context);
  const second = await viewed('refresh', context);

  expect(first.ok).toBe(true);
  expect(second).toMatchObject({ ok: false, code: 'rate_limited' });
  const retryAfter = (second as { retryAfterSeconds: number }).retryAfterSeconds;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(30);
  expect(expectOk(await viewed('getSpecs', context)).refreshAllowedAt).toBeDefined();
});
