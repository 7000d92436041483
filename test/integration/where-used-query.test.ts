/**
 * The where-used query web trigger (docs/where-used-queries.md) on the local platform with the Forge-built bundle:
 * queries signed with the reference `standardwebhooks` package are answered from the where-used index, the page index
 * and verified snapshots; anything not signed with the site's query secret gets the documented 4xx and no data.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toWebTriggerRequest, type WebTriggerRequest } from '../../local/platform/webtriggers';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import type { CreatedSecret } from '../../src/shared/admin-contract';
import { storedSnapshot, writeSnapshotAsEditor } from '../support/hostile-snapshot';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

const QUERY_SECRET = 'whsec_' + Buffer.from('where-used-query-test-secret-0123').toString('base64');
const TRIGGER = 'where-used-query';

function signedQuery(query: unknown, options: { secret?: string; at?: Date; body?: string; tamper?: (body: string) => string } = {}): WebTriggerRequest {
  const at = options.at ?? new Date();
  const id = `msg_${randomUUID()}`;
  const body = options.body ?? JSON.stringify(query);
  const headers = new Headers({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(options.secret ?? QUERY_SECRET).sign(id, at, body),
  });
  return toWebTriggerRequest('POST', new URL(`http://127.0.0.1/x/${TRIGGER}`), headers, options.tamper ? options.tamper(body) : body);
}

interface MacroAnswer {
  localId: string;
  revision?: string | null;
  specs: { specId: string; revision: string | null }[];
  [field: string]: unknown;
}
interface PageAnswer {
  pageId: string;
  macros: MacroAnswer[];
  [field: string]: unknown;
}
/** Any answer or error body of the trigger, as the tests read it. */
interface QueryBody {
  specId?: string;
  pages: PageAnswer[];
  macros: MacroAnswer[];
  nextCursor?: string;
  error: { code: string; message: string };
}

async function ask(app: TestApp, request: WebTriggerRequest) {
  const response = await app.platform.callWebTrigger(TRIGGER, request);
  return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') as QueryBody, raw: response.body ?? '' };
}

/** Puts a value in the app's KVS as if the app had written it (the page index's writer is the page-event reconcile). */
function putKvs(app: TestApp, key: string, value: unknown): void {
  app.platform.db
    .prepare('INSERT OR REPLACE INTO kvs_entries (namespace, key, value, created_at, updated_at) VALUES (?, ?, ?, 0, 0)')
    .run('kvs', key, JSON.stringify(value));
}

function kvsKeys(app: TestApp, prefix: string): string[] {
  return (app.platform.db.prepare("SELECT key FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE ?").all(`${prefix}%`) as { key: string }[]).map((row) => row.key);
}

let app: TestApp;
/** Five more pages, each with one macro showing BOLT-2001 (pagination). */
const boltPages: { pageId: string; localId: string }[] = [];

beforeAll(async () => {
  app = await startApp({ env: { QUERY_SECRET } });
  // Views remember macros into where-used and queue their signed snapshots.
  expectOk(await app.invoke('getSpecs', { localId: app.macroIds[0] as string, config: { specIds: 'SHAFT-1042', layout: 'card' } }));
  expectOk(await app.invoke('getSpecs', { localId: app.macroIds[1] as string, config: { specIds: 'SHAFT-1042', layout: 'card', pinnedRevision: 'B' } }));
  expectOk(await app.invoke('getSpecs', { localId: app.macroIds[2] as string, config: { specIds: 'SHAFT-1042', layout: 'card' } }));
  const space = app.platform.confluence.admin.getSpaceByKey('TST');
  for (let i = 0; i < 5; i += 1) {
    const localId = `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`;
    const page = app.platform.confluence.admin.createPage({ spaceId: space?.id as string, title: `Bolt page ${i}`, body: adfDocument(forgeMacroNode({ localId, nodeLocalId: `bolt-${i}`, config: {} })) });
    boltPages.push({ pageId: page.id, localId });
    expectOk(await app.invoke('getSpecs', { pageId: page.id, localId, config: { specIds: 'BOLT-2001', layout: 'card' } }));
  }
  await app.platform.queue.drain();
  // The third SHAFT macro's snapshot is replaced by an editor's unsigned copy that claims another revision.
  const genuine = storedSnapshot(app, app.macroIds[2] as string) as { signature?: unknown; specs: { record: Record<string, unknown> }[] };
  const { signature: _dropped, ...unsigned } = genuine;
  const [spec] = unsigned.specs;
  await writeSnapshotAsEditor(app, app.macroIds[2] as string, { ...unsigned, specs: [{ ...spec, record: { ...spec?.record, revision: 'Z' } }] });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('answers', () => {
  test('a signed query lists the page with each macro: the revision its verified snapshot shows, the pin, and freshness', async () => {
    const before = app.platform.costs.totals();
    const answer = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'SHAFT-1042' }));
    const after = app.platform.costs.totals();
    expect(answer.status).toBe(200);
    expect(answer.body.specId).toBe('SHAFT-1042');
    expect(answer.body.nextCursor).toBeUndefined();
    expect(answer.body.pages).toHaveLength(1);
    const [page] = answer.body.pages;
    expect(page).toMatchObject({ pageId: app.pageId, contentType: 'page' });
    // Privacy by default: no title, no space key.
    expect(page).not.toHaveProperty('title');
    expect(page).not.toHaveProperty('spaceKey');
    const byId = Object.fromEntries((page as PageAnswer).macros.map((macro) => [macro.localId, macro]));
    expect(byId[app.macroIds[0] as string]).toMatchObject({ revision: 'C', pinned: false, fresh: true, snapshot: 'verified', snapshotAt: expect.any(String) });
    expect(byId[app.macroIds[1] as string]).toMatchObject({ revision: 'B', pinned: true, pinnedRevision: 'B', fresh: true, snapshot: 'verified' });
    // Figures: one content-property read (1 REST point) per macro; nothing else reaches Confluence.
    expect(after.confluenceRequests - before.confluenceRequests).toBe(3);
    expect(after.confluencePoints - before.confluencePoints).toBe(3);
  });

  test('a macro whose snapshot an editor replaced with unsigned data is listed without a revision', async () => {
    const answer = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'SHAFT-1042' }));
    const macro = answer.body.pages[0]?.macros.find((m) => m.localId === app.macroIds[2]);
    expect(macro).toEqual({ localId: app.macroIds[2], revision: null, pinned: false, snapshotAt: null, fresh: false, snapshot: 'untrusted' });
    expect(answer.raw).not.toContain('"Z"');
  });

  test('what the macros on a page show now comes from verified snapshots only', async () => {
    const answer = await ask(app, signedQuery({ query: 'macroOnPage', pageId: app.pageId }));
    expect(answer.status).toBe(200);
    const byId = Object.fromEntries(answer.body.macros.map((macro) => [macro.localId, macro]));
    expect(byId[app.macroIds[0] as string]).toMatchObject({ snapshot: 'verified', specs: [{ specId: 'SHAFT-1042', revision: 'C', status: expect.any(String), pinned: false, fresh: true, withdrawn: false }] });
    expect(byId[app.macroIds[1] as string]?.specs[0]).toMatchObject({ revision: 'B', pinned: true, pinnedRevision: 'B' });
    expect(byId[app.macroIds[2] as string]).toEqual({ localId: app.macroIds[2], snapshot: 'untrusted', writtenAt: null, specs: [] });

    const one = await ask(app, signedQuery({ query: 'macroOnPage', pageId: app.pageId, localId: app.macroIds[0] }));
    expect(one.body.macros.map((m) => m.localId)).toEqual([app.macroIds[0]]);
    expect((await ask(app, signedQuery({ query: 'macroOnPage', pageId: '424242' }))).status).toBe(404);
  });

  test('pages come in pages of `limit` with a cursor, each page once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    const before = app.platform.costs.totals().confluenceRequests;
    do {
      const answer = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'BOLT-2001', limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(answer.status).toBe(200);
      expect(answer.body.pages.length).toBeLessThanOrEqual(2);
      seen.push(...answer.body.pages.map((page) => page.pageId));
      cursor = answer.body.nextCursor;
      calls += 1;
    } while (cursor && calls < 10);
    expect(calls).toBe(3);
    // One content-property read per page answered, none repeated across the three answers.
    expect(app.platform.costs.totals().confluenceRequests - before).toBe(5);
    expect(seen).toEqual(boltPages.map((page) => page.pageId).sort((a, b) => a.length - b.length || a.localeCompare(b)));
    const forged = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'BOLT-2001', cursor: 'not-a-cursor' }));
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('bad_request');
  });

  test('a spec no page shows answers an empty list', async () => {
    const answer = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'NONE-1' }));
    expect(answer).toMatchObject({ status: 200, body: { specId: 'NONE-1', pages: [] } });
  });

  test('a page that no longer exists is left out', async () => {
    putKvs(app, `where-used:BOLT-2001:99999999:gone-macro`, { pageId: '99999999', localId: 'gone-macro', contentType: 'page' });
    const answer = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'BOLT-2001', limit: 50 }));
    expect(answer.body.pages.map((page) => page.pageId)).not.toContain('99999999');
    expect(answer.body.pages).toHaveLength(5);
  });

  test('a macro the page index no longer lists is left out and its where-used entry removed; titles only when the admin shares them', async () => {
    const last = boltPages[4] as { pageId: string; localId: string };
    const first = boltPages[0] as { pageId: string; localId: string };
    const entry = (pageId: string, macros: { localId: string; specIds: string[]; pinnedRevisions: Record<string, string> }[]) => ({
      pageId, contentType: 'page', version: 2, sequence: 1, status: 'current', spaceKey: 'TST', title: 'Secret roadmap', macros, reconciledAt: Date.now(),
    });
    putKvs(app, `page-index:${last.pageId}`, entry(last.pageId, []));
    putKvs(app, `page-index:${first.pageId}`, entry(first.pageId, [{ localId: first.localId, specIds: ['BOLT-2001'], pinnedRevisions: { 'BOLT-2001': 'A' } }]));
    const answer = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'BOLT-2001', limit: 50 }));
    const ids = answer.body.pages.map((page) => page.pageId);
    expect(ids).not.toContain(last.pageId);
    expect(kvsKeys(app, `where-used:BOLT-2001:${last.pageId}:`)).toEqual([]);
    const shown = answer.body.pages.find((page) => page.pageId === first.pageId);
    // The page body (the index) is the authority on pins.
    expect(shown?.macros[0]).toMatchObject({ pinned: true, pinnedRevision: 'A' });
    expect(shown).not.toHaveProperty('title');
    expect(answer.raw).not.toContain('Secret roadmap');

    // The admin's sharing opt-in (Integrators tab), which documentation notices use too.
    putKvs(app, 'site:documentation-notices', { receiverUrl: 'http://127.0.0.1:1/none', shareTitles: true, includeRestricted: false, updatedAt: 0, updatedBy: 'local-admin' });
    const shared = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'BOLT-2001', limit: 50 }));
    expect(shared.body.pages.find((page) => page.pageId === first.pageId)).toMatchObject({ title: 'Secret roadmap', spaceKey: 'TST' });
    app.platform.db.prepare("DELETE FROM kvs_entries WHERE namespace = 'kvs' AND key = 'site:documentation-notices'").run();
  });
});

describe('refusals: the documented 4xx and no data', () => {
  const query = { query: 'pagesShowingSpec', specId: 'SHAFT-1042' };
  test.each([
    ['unsigned', () => toWebTriggerRequest('POST', new URL(`http://127.0.0.1/x/${TRIGGER}`), new Headers({ 'content-type': 'application/json' }), JSON.stringify(query))],
    ['stale (10 minutes old)', () => signedQuery(query, { at: new Date(Date.now() - 10 * 60_000) })],
    ['from the future (10 minutes ahead)', () => signedQuery(query, { at: new Date(Date.now() + 10 * 60_000) })],
    ['tampered after signing', () => signedQuery(query, { tamper: (body) => body.replace('SHAFT-1042', 'BOLT-2001') })],
    ['signed with the inbound (change-notice) secret', () => signedQuery(query, { secret: TEST_WEBHOOK_SECRET })],
  ])('%s → 401 unauthorized', async (_what, request) => {
    const answer = await ask(app, request());
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(answer.raw).not.toContain(app.pageId);
  });

  test('GET → 405, a huge body → 413, a malformed query → 400', async () => {
    const get = await ask(app, { ...signedQuery(query), method: 'GET' });
    expect(get).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
    expect((await ask(app, signedQuery(query, { body: JSON.stringify({ ...query, pad: 'x'.repeat(10_000) }) }))).status).toBe(413);
    const bad = await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'not a spec', limit: 500 }));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    expect((await ask(app, signedQuery({ query: 'pagesShowingSpec', specId: 'SHAFT-1042', limit: 51 }))).status).toBe(400);
    expect((await ask(app, signedQuery({ query: 'everything' }))).status).toBe(400);
  });

  test('a lapsed subscription → 403 not_licensed, with no data', async () => {
    app.platform.setLicense({ isActive: false });
    try {
      const answer = await ask(app, signedQuery(query));
      expect(answer).toMatchObject({ status: 403, body: { error: { code: 'not_licensed' } } });
      expect(answer.raw).not.toContain(app.pageId);
    } finally {
      app.platform.setLicense(undefined);
    }
  });
});

describe('a site without a query secret', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await startApp({ env: { QUERY_SECRET: '' } });
  }, 60_000);
  afterAll(async () => {
    await bare?.close();
  });

  test('answers 503 not_configured until its admin creates a query secret, which then verifies queries (and the inbound one does not)', async () => {
    const refused = await ask(bare, signedQuery({ query: 'pagesShowingSpec', specId: 'SHAFT-1042' }));
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'not_configured' } } });
    const created = expectOk(await bare.invokeAdmin<CreatedSecret>('createSecret', { direction: 'query' }));
    const inbound = expectOk(await bare.invokeAdmin<CreatedSecret>('createSecret', { direction: 'inbound' }));
    expect((await ask(bare, signedQuery({ query: 'pagesShowingSpec', specId: 'SHAFT-1042' }, { secret: created.secret }))).status).toBe(200);
    expect((await ask(bare, signedQuery({ query: 'pagesShowingSpec', specId: 'SHAFT-1042' }, { secret: inbound.secret }))).status).toBe(401);
  });
});
