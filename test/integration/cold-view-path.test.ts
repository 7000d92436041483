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

/** 'macro.remember' events for the macro waiting in the (held) queue. */
function remembersWaitingFor(localId: string): number {
  const rows = app.platform.db.prepare('SELECT body FROM queue_events').all() as { body: string }[];
  return rows.filter((row) => {
    const body = JSON.parse(row.body) as { type?: string; ref?: { localId?: string } };
    return body.type === 'macro.remember' && body.ref?.localId === localId;
  }).length;
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

function kvsOperationsDuring(): () => Record<string, number> {
  const before = app.platform.counters.snapshot();
  return () => {
    const after = app.platform.counters.snapshot();
    return Object.fromEntries(
      Object.keys(after)
        .filter((name) => name.startsWith('kvs.') && after[name] !== before[name])
        .map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]),
    );
  };
}

test('a cold view of a new macro waits for 3 KVS round trips: the records are created if still absent beside the delete of their fetch leases', async () => {
  // The realtime token is cached by an earlier view, as on any site after its first view.
  expectOk(await app.invoke('getSpecs', { localId: app.macroIds[5] as string, config: { specIds: 'SHAFT-1043' } }));
  await app.platform.queue.drain();
  const localId = app.macroIds[4] as string;
  const ref = { pageId: app.pageId, localId };
  app.platform.queue.pause(); // the consumer's snapshot write that follows is not the view's
  try {
    const counted = kvsOperationsDuring();

    const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'PSU-4802, PSU-4803, PSU-4804', layout: 'table' } }));

    expect(view.specs.map((s) => s.record?.id)).toEqual(['PSU-4802', 'PSU-4803', 'PSU-4804']);
    // 13 operations, 3 in a row (§21): the view's batch read; three fetch leases (beside them the remember lease, then
    // the macro record with where-used in one transaction and, after the viewer check, the remember lease's delete);
    // after the engineering read, three create-if-absent record writes beside one batch delete of the fetch leases
    // (and the snapshot claim). Beside the fetch, the viewer check reads the Confluence points ledger (a batch read; §20).
    // Before §21: 22 operations, 8 in a row; before the create-if-absent write: 11, 4 in a row (a re-read, then a
    // transaction writing the records and deleting the leases). Beside the fetch leases, the site's connection is read
    // (a get and a secret get, §26): 15 operations, still 3 in a row.
    expect(counted()).toEqual({ 'kvs.batch/get': 2, 'kvs.set': 8, 'kvs.transaction': 1, 'kvs.delete': 1, 'kvs.batch/delete': 1, 'kvs.get': 1, 'kvs.secret/get': 1 });
    for (const lease of ['fetch:PSU-4802', 'fetch:PSU-4803', 'fetch:PSU-4804', `remember:${app.pageId}:${localId}`]) expect(kvsHas(KEYS.lease(lease))).toBe(false);
    expect(kvsHas(KEYS.macro(ref))).toBe(true);
    for (const id of ['PSU-4802', 'PSU-4803', 'PSU-4804']) {
      expect(kvsHas(KEYS.spec(id))).toBe(true);
      expect(kvsHas(KEYS.whereUsed(id, ref))).toBe(true);
    }
    expect(remembersWaitingFor(localId)).toBe(1);
  } finally {
    app.platform.queue.resume();
  }
  await app.platform.queue.drain();
  expect(storedSnapshot(localId)?.specs.map((s) => s.record?.id)).toEqual(['PSU-4802', 'PSU-4803', 'PSU-4804']);
});

/** Every call the app makes through Forge's runtime (KVS, Confluence, queue, realtime), as start and end events in order. */
function recordForgeCalls(): { events: { at: 'start' | 'end'; kind: string; body: string }[]; stop: () => void } {
  const events: { at: 'start' | 'end'; kind: string; body: string }[] = [];
  const g = globalThis as unknown as { __forge_fetch__: (target: { type?: string }, path: string, init?: { body?: unknown }) => Promise<Response> };
  const route = g.__forge_fetch__;
  g.__forge_fetch__ = async (target, path, init) => {
    const call = { kind: `${target.type ?? '?'} ${path.split('?')[0] ?? ''}`, body: typeof init?.body === 'string' ? init.body : '' };
    events.push({ at: 'start', ...call });
    try {
      return await route(target, path, init);
    } finally {
      events.push({ at: 'end', ...call });
    }
  };
  return {
    events,
    stop: () => {
      g.__forge_fetch__ = route;
    },
  };
}

test('a cold view does its bookkeeping beside the engineering read and the records write, not after them', async () => {
  const localId = app.macroIds[6] as string;
  const specIds = ['PSU-4805', 'SHAFT-1051'];
  // No cached subscribe token: this view signs one.
  app.platform.db.prepare('DELETE FROM kvs_entries WHERE key = ?').run(KEYS.realtimeToken());
  const { events, stop } = recordForgeCalls();
  app.platform.queue.pause();
  try {
    expectOk(await app.invoke('getSpecs', { localId, config: { specIds: specIds.join(', ') } }));
  } finally {
    stop();
    app.platform.queue.resume();
  }
  const index = (at: 'start' | 'end', matches: (e: { kind: string; body: string }) => boolean) => {
    const found = events.findIndex((e) => e.at === at && matches(e));
    expect(found, `${at} of a call the view should make`).toBeGreaterThanOrEqual(0);
    return found;
  };
  const kvs = (operation: string) => (e: { kind: string }) => e.kind === `kvs /api/v1/${operation}`;
  // Creating the record is the first call that needs the engineering answer.
  const afterEngineering = index('start', (e) => kvs('set')(e) && e.body.includes('spec:PSU-4805'));
  const recordsWritten = Math.max(...specIds.map((id) => index('end', (e) => kvs('set')(e) && e.body.includes(`spec:${id}`))));

  expect(index('start', (e) => e.kind.startsWith('realtime'))).toBeLessThan(afterEngineering);
  expect(index('end', (e) => kvs('transaction')(e) && e.body.includes(KEYS.macro({ pageId: app.pageId, localId })))).toBeLessThan(afterEngineering);
  expect(index('start', (e) => kvs('set')(e) && e.body.includes(`lease:snapshot-queued:${app.pageId}:${localId}`))).toBeLessThan(recordsWritten);
  expect(recordsWritten).toBeLessThan(index('start', (e) => e.kind.startsWith('queue') || e.body.includes('macro.remember')));
  await app.platform.queue.drain();
});

test("a new macro's first view over cached specs reads the points ledger beside the macro's record, and claims its snapshot beside the viewer check", async () => {
  const specIds = 'NUT-2101, BRG-3002';
  expectOk(await app.invoke('getSpecs', { localId: '00000000-0000-4000-9000-0000000000a0', config: { specIds } }));
  await app.platform.queue.drain();
  const localId = '00000000-0000-4000-9000-0000000000a1';
  const { events, stop } = recordForgeCalls();
  app.platform.queue.pause();
  try {
    expectOk(await app.invoke('getSpecs', { localId, config: { specIds } }));
    expect(remembersWaitingFor(localId)).toBe(1);
  } finally {
    stop();
    app.platform.queue.resume();
  }
  const recordWritten = positionOf(events, 'end', (e) => e.kind === 'kvs /api/v1/transaction' && e.body.includes(KEYS.macro({ pageId: app.pageId, localId })));
  const ledgerRead = positionOf(events, 'start', (e) => e.kind === 'kvs /api/v1/batch/get' && e.body.includes('points:spent:'));
  const viewerChecked = positionOf(events, 'end', (e) => e.kind.startsWith('fpp') && e.kind.includes(`/pages/${app.pageId}/properties`));
  const claimed = positionOf(events, 'start', (e) => e.kind === 'kvs /api/v1/set' && e.body.includes(`lease:snapshot-queued:${app.pageId}:${localId}`));

  // Two KVS round trips off the path of every new macro's first view whose specs are cached (the dialog warmed them, §42).
  expect(ledgerRead).toBeLessThan(recordWritten);
  expect(claimed).toBeLessThan(viewerChecked);
  await app.platform.queue.drain();
});

test("a view reads the site's engineering connection only when it fetches, beside its fetch leases", async () => {
  const localId = app.macroIds[7] as string;
  const { events, stop } = recordForgeCalls();
  app.platform.queue.pause();
  try {
    expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'PSU-4806' } }));
    const coldEvents = events.splice(0);
    expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'PSU-4806' } }));
    const connectionReads = (list: typeof events) => list.filter((e) => e.at === 'start' && e.body.includes('site:connection'));
    // Cold: the connection (plain key and token secret) is read, and both reads start before the fetch lease is answered.
    expect(connectionReads(coldEvents).map((e) => e.kind).sort()).toEqual(['kvs /api/v1/get', 'kvs /api/v1/secret/get']);
    const leaseAnswered = coldEvents.findIndex((e) => e.at === 'end' && e.body.includes('lease:fetch:PSU-4806'));
    for (const read of connectionReads(coldEvents)) expect(coldEvents.indexOf(read)).toBeLessThan(leaseAnswered);
    // Warm: served from the cache, no connection read at all.
    expect(connectionReads(events)).toEqual([]);
  } finally {
    stop();
    app.platform.queue.resume();
  }
  await app.platform.queue.drain();
});

/** The position in `events` of the first call matching `matches` at `at`; fails the test when there is none. */
function positionOf(events: { at: 'start' | 'end'; kind: string; body: string }[], at: 'start' | 'end', matches: (e: { kind: string; body: string }) => boolean): number {
  const found = events.findIndex((e) => e.at === at && matches(e));
  expect(found, `${at} of a call the view should make`).toBeGreaterThanOrEqual(0);
  return found;
}

test("a view told its macro has no snapshot takes its fetch leases beside the read that tells cold from warm, saving a round trip", async () => {
  const hinted = { localId: app.macroIds[8] as string, specIds: ['BRG-3001', 'BRG-3002'] };
  const plain = { localId: app.macroIds[9] as string, specIds: ['BRG-3003', 'BRG-3004'] };
  const viewRead = (e: { kind: string; body: string }) => e.kind === 'kvs /api/v1/batch/get' && e.body.includes('spec:BRG-');
  const leaseTry = (id: string) => (e: { kind: string; body: string }) => e.kind === 'kvs /api/v1/set' && e.body.includes(`lease:fetch:${id}`);
  app.platform.queue.pause();
  const { events, stop } = recordForgeCalls();
  try {
    const view = expectOk(await app.invoke('getSpecs', { localId: hinted.localId, config: { specIds: hinted.specIds.join(', ') } }, { snapshot: 'absent' }));
    expect(view.specs.map((s) => s.record?.id)).toEqual(hinted.specIds);
    const hintedEvents = events.splice(0);
    expectOk(await app.invoke('getSpecs', { localId: plain.localId, config: { specIds: plain.specIds.join(', ') } }));

    // Hinted: every fetch lease is asked for before the view's batch read has answered.
    const hintedReadEnd = positionOf(hintedEvents, 'end', viewRead);
    for (const id of hinted.specIds) expect(positionOf(hintedEvents, 'start', leaseTry(id))).toBeLessThan(hintedReadEnd);
    // Without the hint: only after it.
    const plainReadEnd = positionOf(events, 'end', viewRead);
    for (const id of plain.specIds) expect(positionOf(events, 'start', leaseTry(id))).toBeGreaterThan(plainReadEnd);
    for (const id of [...hinted.specIds, ...plain.specIds]) expect(kvsHas(KEYS.lease(`fetch:${id}`))).toBe(false);
  } finally {
    stop();
    app.platform.queue.resume();
  }
  await app.platform.queue.drain();
});

test('a view told its macro has no snapshot gives back the leases of specs it finds cached, so a Refresh right after fetches at once', async () => {
  const localId = app.macroIds[10] as string;
  const specId = 'SPR-3301';
  // Another macro already brought the spec into the cache.
  expectOk(await app.invoke('getSpecs', { localId: app.macroIds[11] as string, config: { specIds: specId } }));
  await app.platform.queue.drain();
  const requests = () => app.engineeringCounters.get('engineering.requests');

  const before = requests();
  expectOk(await app.invoke('getSpecs', { localId, config: { specIds: specId } }, { snapshot: 'absent' }));
  expect(requests() - before).toBe(0);
  expect(kvsHas(KEYS.lease(`fetch:${specId}`))).toBe(false);

  const refreshed = expectOk(await app.invoke('refresh', { localId, config: { specIds: specId } }));
  expect(refreshed.specs[0]?.state).toBe('fresh');
  expect(requests() - before).toBe(1);
  await app.platform.queue.drain();
});

test('many viewers of one macro, each told it has no snapshot, still make one engineering request per spec', async () => {
  const localId = app.macroIds[0] as string;
  const requests = () => app.engineeringCounters.get('engineering.requests');
  const before = requests();

  const views = await Promise.all(
    Array.from({ length: 20 }, () => app.invoke('getSpecs', { localId, config: { specIds: 'SPR-3302, SPR-3303' } }, { snapshot: 'absent' })),
  );

  for (const view of views) expect(expectOk(view).specs.map((s) => s.record?.id)).toEqual(['SPR-3302', 'SPR-3303']);
  expect(requests() - before).toBe(1);
  await app.platform.queue.drain();
});
