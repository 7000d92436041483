/**
 * The two-way bridge under faults, on the local platform's time (queue and product-event delays run at startApp's
 * timeScale of 0.001: one second of Forge's time is one millisecond here). Pages change through the platform's
 * Confluence, whose writes raise the product events the Forge-built `page-event` trigger hears; the reconcile's page
 * states go through the `documentation-notices` queue to the sample engineering system's own receiver.
 */
import { afterEach, expect, test } from 'vitest';
import { LIMITS } from '../../local/platform/limits';
import type { PageIndexEntry } from '../../src/domain/ports';
import type { DeliveryEntry } from '../../src/shared/admin-contract';
import type { DocumentationPageState } from '../../src/shared/documentation-notice';
import { bodyWith, connectDocumentationReceiver, documentedPages, pageEntryHeader, pageMacro, whereUsedOn, type PageMacro } from '../support/bridge-kit';
import { expectOk, startApp, type TestApp } from '../support/start-app';

/** One hour of queue time at startApp's timeScale of 0.001. */
const HOUR_IN_QUEUE_TIME_MS = 3_600;
/** Forge's limit on one queue push (forge-facts §7). */
const QUEUE_PUSH_LIMIT_BYTES = 200 * 1024;

let app: TestApp | undefined;

afterEach(async () => {
  await app?.platform.events.drain(30_000).catch(() => undefined);
  await app?.close();
  app = undefined;
});

async function bridgedApp(seed: number, events?: { concurrency: number }): Promise<{ app: TestApp; spaceId: string }> {
  app = await startApp({ seed, ...(events ? { events } : {}) });
  await connectDocumentationReceiver(app);
  return { app, spaceId: app.platform.confluence.admin.getSpaceByKey('TST')!.id };
}

/** A reader's view of one macro: the app records the macro and marks its page, so the page's events are read. */
async function view(app: TestApp, pageId: string, macro: PageMacro, specIds: string): Promise<void> {
  expectOk(await app.invoke('getSpecs', { pageId, localId: macro.localId, config: { specIds } }));
}

async function settled(app: TestApp, timeoutMs = 60_000): Promise<void> {
  await app.platform.events.drain(timeoutMs);
  await app.platform.queue.drain(timeoutMs);
}

/** The state the engineering system keeps per page (its `eng_doc_pages` table). */
function engineeringStates(app: TestApp): Map<string, DocumentationPageState> {
  const rows = app.engineeringDb.prepare('SELECT page_id, state FROM eng_doc_pages').all() as { page_id: string; state: string }[];
  return new Map(rows.map((row) => [row.page_id, JSON.parse(row.state) as DocumentationPageState]));
}

function specsOf(state: DocumentationPageState | undefined): string[] {
  return (state?.specs ?? []).map((s) => `${s.macroLocalId}:${s.specId}${s.pinned ? `@${s.revision}` : ''}`);
}

function entryMacros(entry: PageIndexEntry | undefined): string[] {
  return (entry?.macros ?? []).flatMap((m) => m.specIds.map((id) => `${m.localId}:${id}${m.pinnedRevisions[id] ? `@${m.pinnedRevisions[id]}` : ''}`));
}

/** Pairs of deliveries started in the opposite order to their publication. */
function inversions(order: number[]): number {
  let count = 0;
  for (let i = 0; i < order.length; i += 1) for (let j = i + 1; j < order.length; j += 1) if ((order[i] ?? 0) > (order[j] ?? 0)) count += 1;
  return count;
}

const SEED_SPECS = [
  'BOLT-2001', 'BOLT-2002', 'BOLT-2003', 'BOLT-2004', 'BOLT-2005', 'BOLT-2006', 'NUT-2101', 'BRG-3001', 'BRG-3002', 'BRG-3003',
  'BRG-3004', 'FIT-3101', 'FIT-3102', 'SURF-3201', 'SURF-3202', 'SURF-3203', 'SPR-3301', 'SPR-3302', 'SPR-3303', 'SPR-3304',
  'MAT-3401', 'MAT-3402', 'MAT-3403', 'MAT-3404', 'HSG-3501', 'GEAR-3601', 'SEAL-3701', 'ORING-3702', 'PIN-3801', 'KEY-3802',
];

test('with page events duplicated and reordered, six pages edited 30 times each end with their last bodies in the index, where-used and the engineering system', async () => {
  const { app, spaceId } = await bridgedApp(21, { concurrency: 8 });
  const admin = app.platform.confluence.admin;
  const PAGES = 6;
  const pages = Array.from({ length: PAGES }, (_, p) => {
    const stable = pageMacro('SHAFT-1042', `churn-${p}-stable`);
    return { stable, page: admin.createPage({ spaceId, title: `Churned page ${p}`, body: bodyWith('first', [stable]) }) };
  });
  for (const { page, stable } of pages) await view(app, page.id, stable, 'SHAFT-1042');
  await settled(app);
  const before = { duplicated: app.platform.counters.get('events.duplicated'), deliveries: app.platform.events.deliveries().length };
  // Half the deliveries twice; every delivery held back up to 200 s of event time (200 ms here), so later edits overtake.
  app.platform.faults.add({ service: 'events', operation: 'deliver', duplicate: true, rate: 0.5 });
  app.platform.faults.add({ service: 'events', operation: 'deliver', reorderMs: 200_000 });
  // Slow KVS writes: a reconcile is still writing when later events arrive (they defer to it and it reads the page again).
  app.platform.faults.add({ service: 'kvs', operation: 'batch/set', latencyMs: 100 });
  // The notices too: half delivered twice, all held back up to 100 s of queue time, so older states may arrive last.
  app.platform.faults.add({ service: 'queue', operation: 'deliver', duplicate: true, rate: 0.5 });
  app.platform.faults.add({ service: 'queue', operation: 'deliver', reorderMs: 100_000 });

  // Page p's i-th edit replaces its second macro with spec (i + 5p) mod 30; every other edit pins the revision it shows.
  const specAt = (p: number, i: number) => SEED_SPECS[(i + 5 * p) % SEED_SPECS.length]!;
  for (let i = 0; i < SEED_SPECS.length; i += 1) {
    for (const [p, { page, stable }] of pages.entries()) {
      admin.setPageBody(page.id, bodyWith(`edit ${i}`, [stable, pageMacro(`${specAt(p, i)}${i % 2 === 0 ? '@A' : ''}`, `churn-${p}-${i}`)]));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await settled(app);

  const deliveries = app.platform.events.deliveries().slice(before.deliveries);
  expect(app.platform.faults.injectedCount('events', 'deliver')).toBeGreaterThanOrEqual(PAGES * SEED_SPECS.length);
  expect(app.platform.counters.get('events.duplicated') - before.duplicated).toBeGreaterThan(30);
  expect(inversions(deliveries.map((d) => d.publishSeq))).toBeGreaterThan(100);
  expect(app.platform.faults.injectedCount('queue', 'deliver')).toBeGreaterThan(0);
  expect(app.platform.counters.get('events.failed')).toBe(0);

  const states = engineeringStates(app);
  const lastEdit = SEED_SPECS.length - 1;
  for (const [p, { page }] of pages.entries()) {
    const finalSpec = specAt(p, lastEdit);
    const entry = pageEntryHeader(app, page.id);
    expect(entry, `page ${p}`).toMatchObject({ version: SEED_SPECS.length + 1 });
    expect(entryMacros(entry)).toEqual([`churn-${p}-stable:SHAFT-1042`, `churn-${p}-${lastEdit}:${finalSpec}`]);
    expect(whereUsedOn(app, 'SHAFT-1042', page.id)).toEqual([`churn-${p}-stable`]);
    expect(whereUsedOn(app, finalSpec, page.id)).toEqual([`churn-${p}-${lastEdit}`]);
    expect(SEED_SPECS.filter((spec) => spec !== finalSpec && whereUsedOn(app, spec, page.id).length > 0)).toEqual([]);
    // The engineering system holds the newest state the index has, and lists the page under its specs only.
    expect(states.get(page.id), `page ${p}`).toMatchObject({ sequence: entry!.sequence, version: SEED_SPECS.length + 1, status: 'current' });
    expect(specsOf(states.get(page.id))).toEqual(entryMacros(entry));
    expect(documentedPages(app, finalSpec)).toEqual([page.id]);
    expect(SEED_SPECS.filter((spec) => spec !== finalSpec && documentedPages(app, spec).includes(page.id))).toEqual([]);
  }
  expect(documentedPages(app, 'SHAFT-1042').sort()).toEqual(pages.map(({ page }) => page.id).sort());
  const reconciles = app.platform.costs.invocations().filter((i) => i.functionKey === 'page-event');
  console.info(
    `${PAGES} pages × 30 edits, duplicated and reordered: ${deliveries.length} deliveries (${app.platform.counters.get('events.duplicated') - before.duplicated} doubled, ` +
      `${inversions(deliveries.map((d) => d.publishSeq))} inversions), ${reconciles.length} trigger invocations, ` +
      `${app.platform.queue.deliveries().filter((d) => d.body.type === 'documentation.notice').length} notice deliveries`,
  );
}, 120_000);

test('with the engineering system down for an hour, every page\'s newest state arrives afterwards and none is lost', async () => {
  const { app, spaceId } = await bridgedApp(22);
  const admin = app.platform.confluence.admin;
  const pages = Array.from({ length: 4 }, (_, k) => {
    const first = pageMacro(SEED_SPECS[k]!, `down-${k}-0`);
    return { first, page: admin.createPage({ spaceId, title: `Outage page ${k}`, body: bodyWith('first', [first]) }) };
  });
  for (const [k, { page, first }] of pages.entries()) await view(app, page.id, first, SEED_SPECS[k]!);
  await settled(app);

  app.engineering.admin.setMode({ failAll: true });
  const downUntil = Date.now() + HOUR_IN_QUEUE_TIME_MS;
  // Three edits of every page spread over the outage (0, 20 and 40 min of queue time); page 3's last edit removes its macros.
  const finalBodies = new Map<string, PageMacro[]>();
  for (let round = 1; round <= 3; round += 1) {
    for (const [k, { page, first }] of pages.entries()) {
      const macros = k === 3 && round === 3 ? [] : [first, pageMacro(`${SEED_SPECS[10 + k * 3 + round]}`, `down-${k}-${round}`)];
      admin.setPageBody(page.id, bodyWith(`round ${round}`, macros));
      finalBodies.set(page.id, macros);
    }
    await app.platform.events.drain();
    if (round < 3) await new Promise((resolve) => setTimeout(resolve, HOUR_IN_QUEUE_TIME_MS / 3));
  }
  const refusedWhileDown = app.engineeringCounters.get('engineering.POST /documentation-notices');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, downUntil - Date.now())));
  app.engineering.admin.setMode({});
  await settled(app, 90_000);

  const states = engineeringStates(app);
  for (const { page } of pages) {
    const entry = pageEntryHeader(app, page.id);
    expect(states.get(page.id), `page ${page.id}`).toMatchObject({ sequence: entry!.sequence, version: 4 });
    expect(specsOf(states.get(page.id))).toEqual(entryMacros(entry));
    expect(entry?.macros.map((m) => m.localId)).toEqual(finalBodies.get(page.id)!.map((m) => m.localId));
  }
  // Page 3 shows nothing now: no spec lists it, though every one of its earlier states did.
  expect(documentedPages(app, SEED_SPECS[3]!)).toEqual([]);
  expect(documentedPages(app, SEED_SPECS[0]!)).toEqual([pages[0]!.page.id]);
  expect(documentedPages(app, SEED_SPECS[10 + 3]!)).toEqual([pages[0]!.page.id]);
  expect(documentedPages(app, SEED_SPECS[10 + 1]!)).toEqual([]);

  const log = expectOk(await app.invokeAdmin<{ items: DeliveryEntry[] }>('listDeliveries', { direction: 'outbound' })).items;
  const refused = log.filter((e) => e.status === 'refused');
  expect(refusedWhileDown).toBeGreaterThanOrEqual(12);
  expect(refused.every((e) => e.httpStatus === 503)).toBe(true);
  expect(Date.parse(log.filter((e) => e.status === 'accepted').at(-1)!.at)).toBeGreaterThanOrEqual(downUntil);
  const retries = app.platform.queue.deliveries().filter((d) => d.body.type === 'documentation.notice' && d.retry);
  expect(Math.max(...retries.map((d) => d.retry!.afterSeconds))).toBeLessThanOrEqual(900);
  console.info(
    `engineering down 1 h of queue time: ${refusedWhileDown} notice requests refused during it, ${refused.length} refusals logged, ` +
      `${log.filter((e) => e.status === 'accepted').length} states accepted afterwards for ${pages.length} pages`,
  );
}, 120_000);

/** A spec id of the longest shape the pattern allows (10 letters, 8 digits). */
const longId = (n: number) => `LONGSPECID-${String(10_000_000 + n).padStart(8, '0')}`;

test('a page with 200 macros of 50 specs each reconciles in one trigger invocation and its notice is queued under the push limit and delivered', async () => {
  const { app, spaceId } = await bridgedApp(23);
  const admin = app.platform.confluence.admin;
  const first = pageMacro('SHAFT-1042', 'big-0');
  const page = admin.createPage({ spaceId, title: 'Two hundred macros', body: bodyWith('first', [first]) });
  await view(app, page.id, first, 'SHAFT-1042');
  await settled(app);
  // 200 macros × 50 specs: ids from a pool of 200 long ones, so each spec is shown by 50 macros.
  const macros = Array.from({ length: 200 }, (_, m) => {
    const ids = Array.from({ length: 50 }, (_, s) => (m === 0 && s === 0 ? 'SHAFT-1042' : longId((m + s * 4) % 200)));
    return pageMacro(ids.join(', '), `big-${m}`);
  });
  const invocationsBefore = app.platform.costs.invocations().length;
  const queuedBefore = app.platform.queue.deliveries().length;

  admin.setPageBody(page.id, bodyWith('two hundred', macros));
  await settled(app, 120_000);

  const invocations = app.platform.costs.invocations().slice(invocationsBefore);
  const reconcile = invocations.filter((i) => i.functionKey === 'page-event');
  expect(reconcile).toHaveLength(1);
  // The platform ends a trigger invocation at Forge's 25 s limit and records it failed, so this is the timeout check.
  expect(reconcile[0]!.failed).toBe(false);
  const entry = pageEntryHeader(app, page.id);
  expect(entry).toMatchObject({ version: 2, moreChunks: 3 });
  expect(whereUsedOn(app, longId(7), page.id)).toHaveLength(50);

  const notices = app.platform.queue.deliveries().slice(queuedBefore).filter((d) => d.body.type === 'documentation.notice');
  expect(notices.length).toBeGreaterThanOrEqual(1);
  for (const notice of notices) expect(Buffer.byteLength(JSON.stringify(notice.body))).toBeLessThan(QUEUE_PUSH_LIMIT_BYTES);
  const held = engineeringStates(app).get(page.id);
  expect(held).toMatchObject({ sequence: entry!.sequence, version: 2, status: 'current' });
  expect(held?.specs).toHaveLength(200 * 50);
  expect(held?.specs.filter((s) => s.specId === longId(7)).map((s) => s.macroLocalId)).toHaveLength(50);
  expect(documentedPages(app, 'SHAFT-1042')).toEqual([page.id]);
  const consumer = invocations.filter((i) => i.functionKey === 'doc-notice-consumer');
  console.info(
    `200 macros × 50 specs: reconcile ${Math.round(reconcile[0]!.durationMs)} ms (limit ${LIMITS.triggerTimeoutMs} ms), ` +
      `queued event ${Math.max(...notices.map((n) => Buffer.byteLength(JSON.stringify(n.body))))} bytes, ` +
      `notice consumer ${Math.round(Math.max(...consumer.map((c) => c.durationMs)))} ms, ${held?.specs.length} specs received`,
  );
}, 180_000);

test('10,000 edits of pages the index does not know, raised as product events, cost no Confluence call', async () => {
  const { app, spaceId } = await bridgedApp(24);
  const admin = app.platform.confluence.admin;
  const unrelated = Array.from({ length: 50 }, (_, i) => admin.createPage({ spaceId, title: `Unrelated ${i}`, body: bodyWith('plain', []) }));
  const known = pageMacro('SHAFT-1042', 'known-0');
  const knownPage = admin.createPage({ spaceId, title: 'Known page', body: bodyWith('known', [known]) });
  await view(app, knownPage.id, known, 'SHAFT-1042');
  await settled(app);
  const before = app.platform.counters.snapshot();
  const invocationsBefore = app.platform.counters.get('events.invocations.page-events');
  const started = performance.now();

  for (let i = 0; i < 10_000; i += 1) {
    admin.setPageBody(unrelated[i % unrelated.length]!.id, bodyWith(`edit ${i}`, []));
    if (i % 500 === 499) await app.platform.events.drain(60_000);
  }
  await app.platform.events.drain(60_000);

  const ms = performance.now() - started;
  const after = app.platform.counters.snapshot();
  const diff = (prefix: string) =>
    Object.fromEntries(Object.keys(after).filter((k) => k.startsWith(prefix) && after[k] !== before[k]).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
  const kvs = diff('kvs.');
  const kvsTotal = Object.values(kvs).reduce((a, b) => a + b, 0);
  expect(app.platform.counters.get('events.invocations.page-events') - invocationsBefore).toBe(10_000);
  expect(app.platform.counters.get('events.failed')).toBe(0);
  expect(diff('confluence.')).toEqual({});
  expect(kvs).toEqual({ 'kvs.batch/get': 10_000, 'kvs.query': 10_000 });

  // The known page's next edit is still read: the test would pass for an app that ignores every event otherwise.
  admin.setPageBody(knownPage.id, bodyWith('known, edited', [known, pageMacro('BOLT-2001', 'known-1')]));
  await settled(app);
  expect(whereUsedOn(app, 'BOLT-2001', knownPage.id)).toEqual(['known-1']);
  console.info(`10,000 unrelated page edits through product events: 0 Confluence calls, ${kvsTotal / 10_000} KVS operations per event (${JSON.stringify(kvs)}), ${Math.round(ms)} ms`);
}, 300_000);
