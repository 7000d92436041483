/**
 * The admin page's Health tab through the real Forge-built bundle: the cache count, the circuit breaker and the
 * engineering errors with their details, and the site-wide actions (purge, re-snapshot, remove snapshots) that the
 * resolver only starts and the refresh consumer carries out in slices, reporting progress.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { ActionProgress, AdminAction, HealthState } from '../../src/shared/admin-contract';
import type { MacroViewModel } from '../../src/shared/resolver-contract';
import { behindSnapshots, expireBreaker, type PlacedMacro } from '../support/fault-kit';
import { expectOk, startApp, TEST_ENG_TOKEN, type TestApp } from '../support/start-app';

/** Macros one re-snapshot slice takes (src/admin/action-runner.ts; not imported: it loads @forge/* before the platform). */
const RESNAPSHOT_MACROS_PER_SLICE = 25;

let app: TestApp;

beforeAll(async () => {
  // A 3 s resolver limit keeps a failing view's engineering attempts short.
  app = await startApp({ limits: { resolverTimeoutMs: 3_000 } });
});

afterEach(() => {
  app.engineeringFaults.clear();
  app.platform.faults.clear();
});

afterAll(async () => {
  await app?.close();
});

const placed = (index: number, specIds: string): PlacedMacro => ({ localId: app.macroIds[index] as string, config: { specIds } });

/** A page view of one macro, then the queue drained (the view hands its snapshot write to the consumer). */
async function view(macro: PlacedMacro): Promise<MacroViewModel> {
  const shown = expectOk(await app.invoke('getSpecs', macro));
  await app.platform.queue.drain();
  return shown;
}

async function health(): Promise<HealthState> {
  return expectOk(await app.invokeAdmin<HealthState>('getHealth'));
}

function storedKeys(prefix: string): number {
  const row = app.platform.db.prepare("SELECT COUNT(*) AS n FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE ?").get(`${prefix}%`) as { n: number };
  return row.n;
}

function engineeringRequests(): number {
  return app.engineeringCounters.get('engineering.requests');
}

function snapshotOf(localId: string) {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId));
}

/** The snapshot property keys on every page of the site. */
function snapshotProperties(): string[] {
  const { admin } = app.platform.confluence;
  return admin
    .listPages()
    .flatMap((page) => admin.listProperties(page.id))
    .map((property) => property.key)
    .filter((key) => key.startsWith(snapshotPropertyKey('')));
}

/** Starts `action` and polls getHealth, as the admin page does, until its run is no longer running (bounded). */
async function runToEnd(action: AdminAction): Promise<{ started: ActionProgress; finished: ActionProgress; polls: number }> {
  const started = expectOk(await app.invokeAdmin<ActionProgress>('startAction', { action }));
  expect(started).toMatchObject({ action, state: 'running', done: 0 });
  for (let polls = 1; polls <= 400; polls += 1) {
    const run = (await health()).actions.find((progress) => progress.id === started.id);
    if (run && run.state !== 'running') return { started, finished: run, polls };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${action} did not finish`);
}

describe('health', () => {
  test('counts the cached specs; the breaker is closed and nothing is measured that Forge does not expose', async () => {
    await view(placed(0, 'SHAFT-1042'));
    await view(placed(1, 'SHAFT-1043, SHAFT-1044'));

    const state = await health();

    expect(state.cacheEntries).toBe(3);
    expect(state.cacheEntries).toBe(storedKeys('spec:'));
    expect(state.cacheEntriesCapped).toBeUndefined();
    expect(state.breaker).toEqual({ state: 'closed' });
    expect(state.engineeringErrors).toEqual([]);
    expect(state.queueBacklog).toBeUndefined();
  });

  test('a progress poll (countCache: false) does not count: no KVS query, no cache values read', async () => {
    await view(placed(0, 'SHAFT-1042'));
    const queriesBefore = app.platform.counters.get('kvs.query');
    const polled = expectOk(await app.invokeAdmin<HealthState>('getHealth', { countCache: false }));
    expect(polled.cacheEntries).toBeUndefined();
    expect(polled.breaker).toEqual({ state: 'closed' });
    expect(app.platform.counters.get('kvs.query')).toBe(queriesBefore);
    expect(expectOk(await app.invokeAdmin<HealthState>('getHealth', {})).cacheEntries).toBeGreaterThan(0);
    expect(app.platform.counters.get('kvs.query')).toBeGreaterThan(queriesBefore);
  });

  test('engineering faults open the breaker: the admin sees when it closes and each error with its detail, readers only a fixed sentence', async () => {
    app.engineeringFaults.add({ service: 'engineering', operation: /^GET \/specs/, status: 418 });
    const before = Date.now();

    const shown = [await view(placed(2, 'BOLT-2001')), await view(placed(3, 'BOLT-2002')), await view(placed(4, 'BOLT-2003'))];

    for (const one of shown) {
      expect(one.specs[0]?.problem?.message).toBe('The engineering system is unavailable right now.');
      expect(JSON.stringify(one)).not.toContain('injected status 418');
    }
    const state = await health();
    expect(state.breaker.state).toBe('open');
    const closesAt = Date.parse(state.breaker.closesAt ?? '');
    expect(closesAt).toBeGreaterThan(before);
    expect(closesAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(state.engineeringErrors).toHaveLength(3);
    for (const error of state.engineeringErrors) {
      expect(error.kind).toBe('unavailable');
      expect(error.detail).toMatch(/HTTP 418.*injected status 418/);
      expect(Date.parse(error.at)).toBeGreaterThanOrEqual(before - 1_000);
    }
    const times = state.engineeringErrors.map((error) => error.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(state)).not.toContain(TEST_ENG_TOKEN);

    expireBreaker(app);
    expect((await health()).breaker).toEqual({ state: 'half_open' });
    app.engineeringFaults.clear();
    expect((await view(placed(2, 'BOLT-2001'))).specs[0]?.record?.id).toBe('BOLT-2001');
    expect((await health()).breaker).toEqual({ state: 'closed' });
  });

  test('keeps the last 20 engineering errors only', async () => {
    app.engineeringFaults.add({ service: 'engineering', operation: /^GET \/specs/, status: 418 });
    for (let i = 0; i < 22; i += 1) {
      expireBreaker(app);
      await view(placed(5, `GEAR-23${String(i).padStart(2, '0')}`));
    }
    const errors = (await health()).engineeringErrors;
    expect(errors).toHaveLength(20);
    app.engineeringFaults.clear();
    expireBreaker(app);
    await view(placed(5, 'BOLT-2001'));
  });
});

describe('actions', () => {
  test('purge_cache empties the cache and the breaker, and the next view fetches from the engineering system', async () => {
    await view(placed(0, 'SHAFT-1042'));
    await view(placed(6, 'SHAFT-1042@A'));
    expect(storedKeys('spec:')).toBeGreaterThan(0);
    expect(storedKeys('spec-rev:')).toBeGreaterThan(0);
    const cached = storedKeys('spec:') + storedKeys('spec-rev:');

    const { finished } = await runToEnd('purge_cache');

    expect(finished).toMatchObject({ state: 'done', done: cached, total: cached });
    expect(finished.finishedAt).toBeDefined();
    expect(storedKeys('spec:')).toBe(0);
    expect(storedKeys('spec-rev:')).toBe(0);
    expect(storedKeys('breaker:')).toBe(0);
    expect((await health()).cacheEntries).toBe(0);
    const requests = engineeringRequests();
    const again = await view(placed(0, 'SHAFT-1042'));
    expect(again.specs[0]?.record?.id).toBe('SHAFT-1042');
    expect(engineeringRequests()).toBeGreaterThan(requests);
  });

  test('resnapshot_all brings a snapshot the engineering system changed underneath up to date', async () => {
    const macro = placed(7, 'SPR-3301');
    await view(macro);
    expect(snapshotOf(macro.localId)).toBeDefined();
    app.engineering.admin.updateSpec('SPR-3301', { revision: 'Q' });
    expect(behindSnapshots(app, [macro])).toHaveLength(1);
    const known = storedKeys('macro:');

    const { finished } = await runToEnd('resnapshot_all');

    expect(finished).toMatchObject({ state: 'done', done: known, total: known });
    expect(behindSnapshots(app, [macro])).toEqual([]);
  });

  test('resnapshot_all goes through more macros than one slice takes, reporting progress until all are current', async () => {
    const space = app.platform.confluence.admin.getSpaceByKey('TST');
    const localIds = Array.from({ length: RESNAPSHOT_MACROS_PER_SLICE + 5 }, (_, i) => `00000000-0000-4000-9100-${String(i).padStart(12, '0')}`);
    const page = app.platform.confluence.admin.createPage({
      spaceId: space?.id as string,
      title: 'Many macros',
      body: adfDocument(...localIds.map((localId, i) => forgeMacroNode({ localId, nodeLocalId: `many-${i}`, config: {} }))),
    });
    const macros = localIds.map((localId) => ({ localId, config: { specIds: 'SPR-3303' } }));
    for (const macro of macros) expectOk(await app.invoke('getSpecs', { ...macro, pageId: page.id }));
    await app.platform.queue.drain();
    app.engineering.admin.updateSpec('SPR-3303', { revision: 'M' });
    expect(behindSnapshots(app, macros, page.id)).toHaveLength(macros.length);
    const known = storedKeys('macro:');
    const deliveredBefore = app.platform.queue.deliveries().length;

    const { started, finished } = await runToEnd('resnapshot_all');

    expect(finished).toMatchObject({ state: 'done', done: known, total: known });
    expect(behindSnapshots(app, macros, page.id)).toEqual([]);
    const slices = app.platform.queue.deliveries().slice(deliveredBefore).filter((d) => (d.body as { runId?: string }).runId === started.id);
    expect(slices.length).toBeGreaterThanOrEqual(Math.ceil(known / RESNAPSHOT_MACROS_PER_SLICE));
  });

  test('resnapshot_all writes a snapshot deleted underneath again, though nothing it shows changed', async () => {
    const macro = placed(10, 'SPR-3302');
    await view(macro);
    const before = snapshotOf(macro.localId)?.value;
    expect(before).toBeDefined();
    app.platform.db.prepare('DELETE FROM confluence_properties WHERE key = ?').run(snapshotPropertyKey(macro.localId));

    expect((await runToEnd('resnapshot_all')).finished.state).toBe('done');

    expect((snapshotOf(macro.localId)?.value as { contentHash?: string } | undefined)?.contentHash).toBe((before as { contentHash: string }).contentHash);
  });

  test('remove_snapshots deletes every snapshot property; resnapshot_all writes them again', async () => {
    await view(placed(8, 'SHAFT-1050'));
    const before = snapshotProperties();
    expect(before.length).toBeGreaterThan(1);

    const { finished } = await runToEnd('remove_snapshots');

    expect(finished).toMatchObject({ state: 'done', done: storedKeys('macro:') });
    expect(snapshotProperties()).toEqual([]);

    expect((await runToEnd('resnapshot_all')).finished.state).toBe('done');
    expect(snapshotProperties().sort()).toEqual([...before].sort());
  });

  test('a second start of a running action is refused with a sentence; once it is done it may start again', async () => {
    app.platform.queue.pause();
    const first = expectOk(await app.invokeAdmin<ActionProgress>('startAction', { action: 'purge_cache' }));
    const second = await app.invokeAdmin('startAction', { action: 'purge_cache' });
    expect(second).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringMatching(/already being purged.*wait for it to finish/) });
    expect((await health()).actions.find((run) => run.action === 'purge_cache')).toMatchObject({ id: first.id, state: 'running' });
    app.platform.queue.resume();
    await app.platform.queue.drain();
    expect((await health()).actions.find((run) => run.action === 'purge_cache')).toMatchObject({ id: first.id, state: 'done' });
    expect((await runToEnd('purge_cache')).finished.state).toBe('done');
  });

  test('an unknown action is refused', async () => {
    expect(await app.invokeAdmin('startAction', { action: 'drop_everything' })).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('a removal Confluence keeps refusing ends failed, with the reason', async () => {
    await view(placed(9, 'SHAFT-1051'));
    app.platform.faults.add({ service: 'confluence', operation: 'DELETE /pages/{page-id}/properties/{property-id}', status: 500 });

    const { finished } = await runToEnd('remove_snapshots');

    expect(finished.state).toBe('failed');
    expect(finished.message).toMatch(/Stopped after \d+ attempts: Confluence answered 500 deleting a snapshot/);
    expect(snapshotOf(placed(9, 'SHAFT-1051').localId)).toBeDefined();
  });
});

test('a non-admin is refused getHealth and startAction, and no action starts', async () => {
  const runs = () => app.platform.db.prepare("SELECT key, value FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE 'admin-action:%' ORDER BY key").all();
  const before = JSON.stringify(runs());
  const pending = app.platform.queue.pending();
  for (const accountId of ['alice', null]) {
    expect(await app.invokeAdmin('getHealth', {}, accountId)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await app.invokeAdmin('startAction', { action: 'purge_cache' }, accountId)).toMatchObject({ ok: false, code: 'forbidden' });
  }
  expect(JSON.stringify(runs())).toBe(before);
  expect(app.platform.queue.pending()).toBe(pending);
});

