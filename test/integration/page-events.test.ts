/**
 * Confluence page events keep the where-used index true (docs/decisions.md §35), on the local platform with the
 * Forge-built app: pages are created and edited with the platform's Confluence admin API, and the `page-event`
 * function is invoked with the documented event payload (the platform's product events are not wired yet).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode, paragraph } from '../../local/platform/confluence';
import type { AdfNode } from '../../local/platform/confluence/types';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { PageIndexEntry } from '../../src/domain/ports';
import { SEARCH_INDEX_PROPERTY_KEY } from '../../src/domain/search-index-property';
import { KEYS } from '../../src/kvs/keys';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;
let spaceId: string;

beforeAll(async () => {
  app = await startApp();
  spaceId = app.platform.confluence.admin.getSpaceByKey('TST')?.id as string;
});

afterAll(async () => {
  await app.close();
});

let macroSerial = 0;
function macro(specIds: string, localId = `rc-${(macroSerial += 1)}`): { node: AdfNode; localId: string } {
  return { node: forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config: { specIds } }), localId };
}

function createPage(title: string, ...macros: { node: AdfNode }[]) {
  return app.platform.confluence.admin.createPage({ spaceId, title, body: adfDocument(paragraph(title), ...macros.map((m) => m.node)) });
}

function setBody(pageId: string, ...macros: { node: AdfNode }[]) {
  return app.platform.confluence.admin.setPageBody(pageId, adfDocument(paragraph('edited'), ...macros.map((m) => m.node)));
}

/** The documented payload of a Confluence page event (Forge events reference: eventType, atlassianId, content). */
function payload(eventType: string, page: { id: string; title: string }, extra: Record<string, unknown> = {}) {
  return {
    eventType,
    atlassianId: 'local-admin',
    content: {
      id: page.id,
      type: 'page',
      status: 'current',
      title: page.title,
      space: { id: Number(spaceId), key: 'TST', name: 'Test space', type: 'global', status: 'current' },
      history: { latest: true, createdDate: new Date().toISOString() },
    },
    ...extra,
  };
}

interface Outcome {
  kind: string;
  rounds?: number;
  last?: string;
  sequence?: number;
}

async function fire(eventType: string, page: { id: string; title: string }, extra: Record<string, unknown> = {}): Promise<Outcome> {
  return (await app.platform.invokeFunction('page-event', [payload(eventType, page, extra), { installContext: app.platform.installContext }], 25_000)) as Outcome;
}

/** Counts what the platform served while `run` ran: KVS operations and Confluence requests. */
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; kvs: Record<string, number>; confluence: Record<string, number>; ms: number }> {
  const before = app.platform.counters.snapshot();
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const after = app.platform.counters.snapshot();
  const diff = (prefix: string) =>
    Object.fromEntries(Object.keys(after).filter((k) => k.startsWith(prefix) && after[k] !== before[k]).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
  return { result, kvs: diff('kvs.'), confluence: diff('confluence.'), ms };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function kvsValue<T>(key: string): T | undefined {
  const row = app.platform.db.prepare('SELECT value FROM kvs_entries WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

function kvsKeys(prefix: string): string[] {
  return (app.platform.db.prepare('SELECT key FROM kvs_entries WHERE key LIKE ? ORDER BY key').all(`${prefix}%`) as { key: string }[]).map((r) => r.key);
}

function whereUsedOf(specId: string, pageId: string): string[] {
  return kvsKeys(KEYS.whereUsedPrefix(specId)).filter((k) => k.includes(`:${pageId}:`)).map((k) => k.split(':').at(-1) as string);
}

function entryOf(pageId: string): PageIndexEntry | undefined {
  return kvsValue<PageIndexEntry>(KEYS.pageIndex(pageId));
}

/** A view of one macro, as a reader's browser would make it (records the macro and marks its page). */
async function view(pageId: string, localId: string, specIds: string) {
  expectOk(await app.invoke('getSpecs', { pageId, localId, config: { specIds } }));
}

test('an edit of a page the index does not know costs no Confluence call, and a thousand cost none either', async () => {
  const pages = Array.from({ length: 20 }, (_, i) => createPage(`Unrelated ${i}`));

  const one = await measured(() => fire('avi:confluence:updated:page', pages[0] as { id: string; title: string }));
  const many = await measured(async () => {
    for (let i = 0; i < 1_000; i += 1) await fire('avi:confluence:updated:page', pages[i % pages.length] as { id: string; title: string });
  });

  expect(one.result).toEqual({ kind: 'unknown' });
  expect(one.confluence).toEqual({});
  // One batch read (entry and candidate mark) and one key query (a macro record from before the marks).
  expect(one.kvs).toEqual({ 'kvs.batch/get': 1, 'kvs.query': 1 });
  expect(many.confluence).toEqual({});
  expect(total(many.kvs)).toBe(2_000);
  console.info(`1,000 unrelated page edits: ${total(many.confluence)} Confluence calls, ${total(many.kvs)} KVS operations, ${Math.round(many.ms)} ms`);
});

test('a view marks a new macro\'s page; its next event reads the body and indexes every macro on it', async () => {
  const a = macro('SHAFT-1042');
  const b = macro('BOLT-2001, FIT-3101@A');
  const page = createPage('Gearbox', a, b);
  await view(page.id, a.localId, 'SHAFT-1042');
  expect(kvsValue(KEYS.pageCandidate(page.id))).toMatchObject({ pageId: page.id, contentType: 'page' });

  const run = await measured(() => fire('avi:confluence:updated:page', page));

  expect(run.result).toMatchObject({ kind: 'reconciled', last: 'changed' });
  // The body, then the page's search property: read, and created (§37).
  expect(run.confluence).toEqual({ 'confluence.GET': 2, 'confluence.POST': 1 });
  expect(app.platform.confluence.admin.getPropertyByKey(page.id, SEARCH_INDEX_PROPERTY_KEY)?.value).toMatchObject({ specs: 'SHAFT-1042 BOLT-2001 FIT-3101' });
  expect(entryOf(page.id)).toMatchObject({
    pageId: page.id,
    version: 1,
    status: 'current',
    spaceKey: 'TST',
    title: 'Gearbox',
    macros: [
      { localId: a.localId, specIds: ['SHAFT-1042'], pinnedRevisions: {} },
      { localId: b.localId, specIds: ['BOLT-2001', 'FIT-3101'], pinnedRevisions: { 'FIT-3101': 'A' } },
    ],
  });
  expect(whereUsedOf('BOLT-2001', page.id)).toEqual([b.localId]);
  expect(whereUsedOf('FIT-3101', page.id)).toEqual([b.localId]);
  expect(whereUsedOf('SHAFT-1042', page.id)).toEqual([a.localId]);
  expect(kvsValue(KEYS.macro({ pageId: page.id, localId: b.localId }))).toMatchObject({ settings: { specIds: ['BOLT-2001', 'FIT-3101'] }, spaceKey: 'TST' });
  expect(kvsValue(KEYS.pageCandidate(page.id))).toBeUndefined();
});

test('removing a macro in an edit removes its where-used entries, its record and its snapshot; adding one indexes it', async () => {
  const keep = macro('PSU-4801');
  const gone = macro('SHAFT-1042');
  const page = createPage('Power supply', keep, gone);
  await view(page.id, gone.localId, 'SHAFT-1042');
  await app.platform.queue.drain();
  expect(app.platform.confluence.admin.getPropertyByKey(page.id, snapshotPropertyKey(gone.localId))).toBeDefined();
  await fire('avi:confluence:updated:page', page);
  const first = entryOf(page.id) as PageIndexEntry;

  const added = macro('BOLT-2002');
  setBody(page.id, keep, added);
  const run = await measured(() => fire('avi:confluence:updated:page', page));

  expect(run.result).toMatchObject({ kind: 'reconciled', last: 'changed', sequence: first.sequence + 1 });
  expect(whereUsedOf('SHAFT-1042', page.id)).toEqual([]);
  expect(kvsValue(KEYS.macro({ pageId: page.id, localId: gone.localId }))).toBeUndefined();
  expect(app.platform.confluence.admin.getPropertyByKey(page.id, snapshotPropertyKey(gone.localId))).toBeUndefined();
  expect(whereUsedOf('BOLT-2002', page.id)).toEqual([added.localId]);
  expect(whereUsedOf('PSU-4801', page.id)).toEqual([keep.localId]);
  expect(entryOf(page.id)).toMatchObject({ version: 2, sequence: first.sequence + 1 });
  expect(entryOf(page.id)?.macros.map((m) => m.localId)).toEqual([keep.localId, added.localId]);
  // The body read, the removed snapshot's read and its delete, the search property's read and update.
  expect(run.confluence).toEqual({ 'confluence.GET': 3, 'confluence.DELETE': 1, 'confluence.PUT': 1 });
  expect(app.platform.confluence.admin.getPropertyByKey(page.id, SEARCH_INDEX_PROPERTY_KEY)?.value).toMatchObject({ specs: 'PSU-4801 BOLT-2002' });
});

test('a duplicate event, or an older event arriving after a newer one, changes nothing and keeps the sequence', async () => {
  const a = macro('FIT-3102');
  const page = createPage('Fits', a);
  await view(page.id, a.localId, 'FIT-3102');
  await fire('avi:confluence:created:page', page);
  const b = macro('FIT-3101');
  setBody(page.id, a, b);
  await fire('avi:confluence:updated:page', page);
  const settled = entryOf(page.id) as PageIndexEntry;

  // The created event again (redelivered late, after the update), and the update twice more.
  const repeats = await measured(async () => [
    await fire('avi:confluence:created:page', page),
    await fire('avi:confluence:updated:page', page),
    await fire('avi:confluence:updated:page', page),
  ]);

  expect(repeats.result.map((r) => r.last)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  expect(entryOf(page.id)).toEqual(settled);
  const writes = Object.entries(repeats.kvs).filter(([name]) => /set|delete|transaction/.test(name) && !name.includes('get'));
  // The only writes, per event: the per-page reconcile lease (a set and a delete) and the points ledger's record of the read.
  expect(Object.fromEntries(writes)).toEqual({ 'kvs.set': 6, 'kvs.delete': 3 });
  expect(kvsKeys(KEYS.pageIndexChunk(page.id, 0, 0).replace(/:0:0$/, ':'))).toEqual([]);
  expect(repeats.confluence).toEqual({ 'confluence.GET': 3 });
});

test('a page that is gone (GET answers 404) is pruned: where-used, macro records and its macros in the entry', async () => {
  const a = macro('SHAFT-1042');
  const b = macro('BOLT-2001');
  const page = createPage('Retired', a, b);
  await view(page.id, a.localId, 'SHAFT-1042');
  await fire('avi:confluence:updated:page', page);
  const before = entryOf(page.id) as PageIndexEntry;
  app.platform.db.prepare('DELETE FROM confluence_pages WHERE id = ?').run(Number(page.id));

  const run = await measured(() => fire('avi:confluence:updated:page', page));

  expect(run.result).toMatchObject({ kind: 'reconciled', last: 'gone' });
  expect(whereUsedOf('SHAFT-1042', page.id)).toEqual([]);
  expect(whereUsedOf('BOLT-2001', page.id)).toEqual([]);
  expect(kvsKeys(KEYS.macroPagePrefix(page.id))).toEqual([]);
  expect(entryOf(page.id)).toMatchObject({ macros: [], sequence: before.sequence + 1 });
  expect(run.confluence).toEqual({ 'confluence.GET': 1 });
});

test('a copy of a known page is read as a new page with its own macros; a copy of an unknown page costs no read', async () => {
  const a = macro('PSU-4801');
  const page = createPage('Archive me', a);
  await view(page.id, a.localId, 'PSU-4801');
  await fire('avi:confluence:updated:page', page);
  const copy = createPage('Copy of Archive me', macro('PSU-4802'));

  const copied = await fire('avi:confluence:copied:page', copy, { originContentId: page.id });
  const unrelatedCopy = await fire('avi:confluence:copied:page', createPage('Copy of nothing', macro('PSU-4803')), { originContentId: '999999' });

  expect(copied).toMatchObject({ kind: 'reconciled', last: 'changed' });
  expect(whereUsedOf('PSU-4802', copy.id)).toHaveLength(1);
  expect(unrelatedCopy).toEqual({ kind: 'unknown' });
});

test('a malformed event is dropped without a KVS or Confluence call', async () => {
  const run = await measured(() =>
    app.platform.invokeFunction('page-event', [{ eventType: 'avi:confluence:updated:page', content: { id: '../etc', type: 'page' } }, { installContext: app.platform.installContext }]),
  );

  expect(run.result).toEqual({ kind: 'malformed' });
  expect(run.kvs).toEqual({});
  expect(run.confluence).toEqual({});
});

test('a page with 200 macros reconciles in one invocation; removing half of them prunes them', async () => {
  const macros = Array.from({ length: 200 }, (_, i) => macro(`SPEC-${(i % 20) + 1}, PART-${i + 1}`));
  const page = createPage('Two hundred', ...macros);
  const first = macros[0] as { localId: string };
  await view(page.id, first.localId, 'SPEC-1, PART-1');

  const run = await measured(() => fire('avi:confluence:updated:page', page));

  expect(run.result).toMatchObject({ kind: 'reconciled', rounds: 1, last: 'changed' });
  expect(entryOf(page.id)?.macros).toHaveLength(50);
  expect(kvsKeys(KEYS.pageIndexChunk(page.id, 0, 0).replace(/:0:0$/, ':'))).toHaveLength(3);
  expect(whereUsedOf('PART-200', page.id)).toEqual([macros[199]?.localId]);
  expect(whereUsedOf('SPEC-1', page.id)).toHaveLength(10);
  expect(run.confluence).toEqual({ 'confluence.GET': 2, 'confluence.POST': 1 });
  console.info(`200 macros, first reconcile: ${Math.round(run.ms)} ms, KVS ${JSON.stringify(run.kvs)}, Confluence ${JSON.stringify(run.confluence)}`);

  setBody(page.id, ...macros.slice(0, 100));
  const prune = await measured(() => fire('avi:confluence:updated:page', page));

  expect(prune.result).toMatchObject({ kind: 'reconciled', last: 'changed' });
  expect(whereUsedOf('PART-200', page.id)).toEqual([]);
  expect(whereUsedOf('PART-100', page.id)).toEqual([macros[99]?.localId]);
  expect(kvsKeys(KEYS.macroPagePrefix(page.id))).toHaveLength(100);
  // The body, one property read per removed macro (none had a snapshot), and the search property's read and update.
  expect(prune.confluence).toEqual({ 'confluence.GET': 102, 'confluence.PUT': 1 });
  console.info(`200 macros, 100 removed: ${Math.round(prune.ms)} ms, KVS ${JSON.stringify(prune.kvs)}, Confluence ${JSON.stringify(prune.confluence)}`);
});

test('a burst of 50 updates of one page, each event fired while the next edit lands, converges on the last body', async () => {
  const seed = macro('BOLT-2001');
  const page = createPage('Busy page', seed);
  await view(page.id, seed.localId, 'BOLT-2001');
  await fire('avi:confluence:updated:page', page);
  let last: { node: AdfNode; localId: string }[] = [];
  const inFlight: Promise<Outcome>[] = [];

  const run = await measured(async () => {
    for (let i = 1; i <= 50; i += 1) {
      last = [seed, macro(`PART-${1000 + i}`)];
      setBody(page.id, ...last);
      inFlight.push(fire('avi:confluence:updated:page', page));
      // Let the invocations run between edits, so reads see intermediate bodies.
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return Promise.all(inFlight);
  });

  expect(entryOf(page.id)).toMatchObject({ version: 51 });
  expect(entryOf(page.id)?.macros.map((m) => m.localId)).toEqual(last.map((m) => m.localId));
  expect(whereUsedOf('PART-1050', page.id)).toEqual([last[1]?.localId]);
  for (let i = 1; i < 50; i += 1) expect(whereUsedOf(`PART-${1000 + i}`, page.id)).toEqual([]);
  const outcomes = run.result.map((r) => r.kind);
  console.info(`50-update burst: ${JSON.stringify(Object.fromEntries(['reconciled', 'deferred'].map((k) => [k, outcomes.filter((o) => o === k).length])))}, ${run.confluence['confluence.GET'] ?? 0} body reads, ${Math.round(run.ms)} ms`);
});

test('an edit that lands while another invocation reconciles the page is read by that invocation before it lets go', async () => {
  const many = Array.from({ length: 150 }, (_, i) => macro(`PART-${2000 + i}`));
  const page = createPage('Slow page', ...many);
  await view(page.id, (many[0] as { localId: string }).localId, 'PART-2000');
  const reads = () => app.platform.counters.snapshot()['confluence.GET'] ?? 0;
  const before = reads();

  // KVS writes that take a while, so the holder is still writing when the next edit lands.
  const slowWrites = app.platform.faults.add({ service: 'kvs', operation: 'batch/set', latencyMs: 20 });
  const holder = fire('avi:confluence:updated:page', page);
  // Once the holder has read the body (and is writing 150 macros' entries), the page changes and its event arrives.
  while (reads() === before) await new Promise((resolve) => setTimeout(resolve, 1));
  const final = [many[0] as { node: AdfNode; localId: string }, macro('PART-2999')];
  setBody(page.id, ...final);
  const late = await fire('avi:confluence:updated:page', page);
  const first = await holder;
  slowWrites();

  expect(late).toEqual({ kind: 'deferred' });
  expect(first).toMatchObject({ kind: 'reconciled', rounds: 2 });
  expect(entryOf(page.id)?.macros.map((m) => m.localId)).toEqual(final.map((m) => m.localId));
  expect(whereUsedOf('PART-2999', page.id)).toHaveLength(1);
  expect(whereUsedOf('PART-2149', page.id)).toEqual([]);
});
