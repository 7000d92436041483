/**
 * What the engineering system serves now is the truth (docs/decisions.md, "Ordering"): a record's own
 * clock decides nothing, a delete notice is checked against the engineering system, a withdrawn spec
 * comes back when it is back, and a notice's revision hint is waited for — a bounded number of times.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { REVISION_HINT_ATTEMPTS } from '../../src/pipeline/apply-change';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { ageSpecCache } from '../support/age-cache';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

let app: TestApp;
/** Runs after each request the engineering system answered (a seam for a lagging replica). */
let afterRead: ((url: URL) => void) | undefined;

beforeEach(async () => {
  afterRead = undefined;
  app = await startApp({
    wrapEngineering: (system) => ({
      basePath: system.basePath,
      async handle(request: Request) {
        const response = await system.handle(request);
        afterRead?.(new URL(request.url));
        return response;
      },
    }),
  });
});

afterEach(async () => {
  await app.close();
});

/** Rewrites the engineering system's record in place, as a system with a wrong clock would serve it. */
function serveRecord(id: string, patch: { revision?: string; updatedAt?: string }): void {
  const row = app.engineeringDb.prepare('SELECT record FROM eng_specs WHERE id = ?').get(id) as { record: string };
  const record = { ...(JSON.parse(row.record) as Record<string, unknown>), ...patch };
  app.engineeringDb.prepare('UPDATE eng_specs SET record = ? WHERE id = ?').run(JSON.stringify(record), id);
}

async function notify(specIds: string[], extra: { type?: 'spec.updated' | 'spec.deleted'; revisions?: Record<string, string> } = {}) {
  const answer = await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds, ...extra }));
  expect(answer.statusCode).toBe(202);
  await app.platform.queue.drain();
}

function snapshotOf(localId: string): MacroSnapshot {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot;
}

const engineeringReads = () => app.engineeringCounters.total('engineering.GET /specs');

test('a record stamped with a far-future updatedAt is replaced by the corrected record the engineering system serves next', async () => {
  const context = { localId: app.macroIds[0]!, config: { specIds: 'SHAFT-1042', layout: 'card' } };
  serveRecord('SHAFT-1042', { revision: 'A', updatedAt: '9999-12-31T23:59:59Z' });
  expect(expectOk(await app.invoke('getSpecs', context)).specs[0]?.record?.revision).toBe('A');

  serveRecord('SHAFT-1042', { revision: 'B', updatedAt: new Date().toISOString() });
  await notify(['SHAFT-1042']);
  const view = expectOk(await app.invoke('getSpecs', context));

  expect(view.specs[0]?.record?.revision).toBe('B');
  expect(snapshotOf(context.localId).specs[0]?.record?.revision).toBe('B');
});

test('a spec.deleted notice for a spec the engineering system still has re-reads it and leaves it live', async () => {
  const context = { localId: app.macroIds[1]!, config: { specIds: 'BOLT-2001', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));

  await notify(['BOLT-2001'], { type: 'spec.deleted' });
  const view = expectOk(await app.invoke('getSpecs', context));

  expect(view.specs[0]?.problem?.code).toBeUndefined();
  expect(view.specs[0]?.record?.id).toBe('BOLT-2001');
  expect(snapshotOf(context.localId).specs[0]?.withdrawn).toBeUndefined();
});

test('a spec.deleted notice for a spec with no cached record still withdraws it in the snapshot the export reads', async () => {
  const context = { localId: app.macroIds[2]!, config: { specIds: 'KEY-3802', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));
  app.platform.db.prepare("DELETE FROM kvs_entries WHERE key LIKE 'spec:%'").run();
  app.engineering.admin.deleteSpec('KEY-3802');

  await notify(['KEY-3802'], { type: 'spec.deleted' });

  expect(snapshotOf(context.localId).specs[0]).toMatchObject({ id: 'KEY-3802', withdrawn: true });
  expect(snapshotOf(context.localId).specs[0]?.record).toBeUndefined();
});

test('a withdrawn spec that the engineering system serves again is shown live once the not-found answer ages out', async () => {
  const context = { localId: app.macroIds[3]!, config: { specIds: 'KEY-3802', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));
  const record = app.engineering.admin.getSpec('KEY-3802')!;
  app.engineering.admin.deleteSpec('KEY-3802');
  await notify(['KEY-3802'], { type: 'spec.deleted' });
  expect(expectOk(await app.invoke('getSpecs', context)).specs[0]?.problem?.code).toBe('withdrawn');

  app.engineering.admin.createSpec(record);
  ageSpecCache(app.platform.db, 120);
  const view = expectOk(await app.invoke('getSpecs', context));

  expect(view.specs[0]?.problem).toBeUndefined();
  expect(view.specs[0]?.record?.revision).toBe(record.revision);
});

test("a notice's revision hint is re-read until the engineering system serves it", async () => {
  const context = { localId: app.macroIds[4]!, config: { specIds: 'SHAFT-1042', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));
  const before = engineeringReads();
  // A lagging replica: the first re-read still sees the old revision, the change lands right after it.
  afterRead = (url) => {
    if (!url.pathname.endsWith('/SHAFT-1042')) return;
    afterRead = undefined;
    serveRecord('SHAFT-1042', { revision: 'Q' });
  };

  await notify(['SHAFT-1042'], { revisions: { 'SHAFT-1042': 'Q' } });

  expect(engineeringReads() - before).toBe(2);
  expect(expectOk(await app.invoke('getSpecs', context)).specs[0]?.record?.revision).toBe('Q');
});

test('a revision hint the engineering system never serves is re-read a bounded number of times, then what it serves is kept', async () => {
  const context = { localId: app.macroIds[5]!, config: { specIds: 'BOLT-2001', layout: 'card' } };
  const current = expectOk(await app.invoke('getSpecs', context)).specs[0]?.record?.revision;
  const before = engineeringReads();

  await notify(['BOLT-2001'], { revisions: { 'BOLT-2001': 'ZZ' } });

  expect(engineeringReads() - before).toBe(REVISION_HINT_ATTEMPTS);
  expect(expectOk(await app.invoke('getSpecs', context)).specs[0]?.record?.revision).toBe(current);
});
