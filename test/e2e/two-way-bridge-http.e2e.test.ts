/**
 * The two-way bridge through HTTP alone, in `npm run dev`'s environment (in-process, temp store, free port, the
 * Forge-built app): an engineering tool updates a page with Confluence's v2 `PUT /wiki/api/v2/pages/{id}`, and the
 * sample engineering system's `GET /eng/api/v1/specs/{id}/documentation` lists (then drops) the page — the page event,
 * the reconcile, the documentation-notice queue, the signed POST to the receiver, all as `npm run dev` wires them.
 *
 * The app reads a page body only for pages it knows (docs/decisions.md §35): a view of one of the page's macros makes
 * it known. So each page here is viewed once through the macro's resolver, as a reader (or the editor's preview) does,
 * before it is updated; an update of a page nobody viewed costs no Confluence call and tells the engineering system
 * nothing, which the last test shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDevEnvironment } from '../../local/dev-environment';
import { LOCAL_OUTBOUND_SECRET } from '../../local/keys/local-bridge-secrets';
import { adfDocument, DEMO_MACROS, forgeMacroNode, paragraph, type AdfDocument, type AdfNode } from '../../local/platform/confluence';
import { macroConfig, findMacro } from '../../local/workbench/server/macro-locator';

const APP_DIR = resolve(__dirname, '..', '..');
/** "Within seconds": the bound for the listing to follow a page update. */
const WITHIN_MS = 5_000;
const SPEC = 'SHAFT-1042';

let env: Awaited<ReturnType<typeof startDevEnvironment>>;
let storeDir: string;

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'spec-bridge-two-way-'));
  env = await startDevEnvironment({ appDir: APP_DIR, port: 0, storePath: join(storeDir, 'platform.sqlite'), watch: false });
});

afterAll(async () => {
  await env?.close();
  rmSync(storeDir, { recursive: true, force: true });
});

interface V2Page {
  id: string;
  title: string;
  version: { number: number };
  body: { atlas_doc_format: { value: string } };
}

/** Confluence REST v2 as an engineering tool or script calls it (the local site's editor, `local-admin`). */
async function confluence<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${env.origin}/wiki/api/v2${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-local-user': 'local-admin' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as T };
}

async function readPage(pageId: string): Promise<{ page: V2Page; adf: AdfDocument }> {
  const read = await confluence<V2Page>('GET', `/pages/${pageId}?body-format=atlas_doc_format`);
  expect(read.status).toBe(200);
  return { page: read.json, adf: JSON.parse(read.json.body.atlas_doc_format.value) as AdfDocument };
}

/** `PUT /pages/{id}` with version + 1 and an `atlas_doc_format` body; answers when Confluence answered. */
async function updatePage(pageId: string, edit: (content: AdfNode[]) => AdfNode[], message: string): Promise<void> {
  const { page, adf } = await readPage(pageId);
  const updated = await confluence<V2Page>('PUT', `/pages/${pageId}`, {
    id: pageId,
    status: 'current',
    title: page.title,
    body: { representation: 'atlas_doc_format', value: JSON.stringify(adfDocument(...edit(adf.content))) },
    version: { number: page.version.number + 1, message },
  });
  expect(updated.status).toBe(200);
}

/** What the engineering system's API answers (its own bearer token). */
async function documentation(specId: string): Promise<{ revision: string; pages: { pageId: string; macros: { macroLocalId: string; revision: string | null; pinned: boolean }[] }[] }> {
  const response = await fetch(`${env.engineeringBaseUrl}/specs/${specId}/documentation`, { headers: { authorization: `Bearer ${env.engineeringToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as never;
}

/** Polls the engineering API until `ready` holds; the ms it took, or a failure after WITHIN_MS. */
async function msUntil(since: number, ready: (answer: Awaited<ReturnType<typeof documentation>>) => boolean): Promise<number> {
  for (;;) {
    if (ready(await documentation(SPEC))) return Date.now() - since;
    if (Date.now() - since > WITHIN_MS) throw new Error(`the engineering system's listing did not follow within ${WITHIN_MS} ms: ${JSON.stringify(await documentation(SPEC))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One reader's view of a macro on the page, through the app's resolver (it remembers the macro: the page is known). */
async function view(pageId: string, localId: string): Promise<void> {
  const macro = findMacro(JSON.parse(env.platform.confluence.admin.getPage(pageId)!.body) as AdfDocument, localId)!;
  const answer = (await env.platform.invokeResolver({ functionKey: 'getSpecs', context: { pageId, localId, config: macroConfig(macro) }, accountId: 'local-admin' })) as { ok?: boolean };
  expect(answer).toMatchObject({ ok: true });
}

const pageTitled = (prefix: string) => env.platform.confluence.admin.listPages().find((p) => p.title.startsWith(prefix))!;
const shaftMacro = (localId: string, config: Record<string, unknown>) => forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config });

test('npm run dev sends the site\'s documentation notices to the sample engineering system, verified with the same outbound secret', () => {
  expect(env.documentationReceiver).toEqual({ configured: true, receiverUrl: `${env.engineeringBaseUrl}/documentation-notices`, seeded: true });
});

test('a v2 page update that adds a SHAFT-1042 macro lists the page at the engineering system within seconds; a later update removing it drops it', async () => {
  const psu = pageTitled('Power supply');
  await view(psu.id, DEMO_MACROS.psuRails);
  expect((await documentation(SPEC)).pages).toEqual([]);

  const added = Date.now();
  await updatePage(psu.id, (content) => [...content, shaftMacro('shaft-on-psu', { version: 2, specs: [{ id: SPEC, revision: 'B' }], layout: 'card' })], 'show the drive shaft');
  const listedMs = await msUntil(added, (answer) => answer.pages.some((p) => p.pageId === psu.id));
  const listed = (await documentation(SPEC)).pages.find((p) => p.pageId === psu.id)!;
  expect(listed.macros).toEqual([{ macroLocalId: 'shaft-on-psu', revision: 'B', pinned: true }]);

  const removed = Date.now();
  await updatePage(psu.id, (content) => content.filter((node) => (node.attrs as { parameters?: { localId?: string } } | undefined)?.parameters?.localId !== 'shaft-on-psu'), 'drive shaft moved to its own page');
  const droppedMs = await msUntil(removed, (answer) => !answer.pages.some((p) => p.pageId === psu.id));

  console.info(`two-way bridge over HTTP: PUT → listed in ${listedMs} ms; PUT removing the macro → dropped in ${droppedMs} ms`);
});

test('updating a page that holds a SHAFT-1042 macro (the demo gearbox page, viewed once) lists it, with the revision its live macro shows', async () => {
  const gearbox = pageTitled('Gearbox');
  await view(gearbox.id, DEMO_MACROS.gearboxCard);

  const edited = Date.now();
  await updatePage(gearbox.id, (content) => [...content, paragraph('Reviewed again.')], 'review notes');
  const listedMs = await msUntil(edited, (answer) => answer.pages.some((p) => p.pageId === gearbox.id));
  const answer = await documentation(SPEC);
  // A live (unpinned) macro reports the revision it shows now, the record's current one.
  expect(answer.pages.find((p) => p.pageId === gearbox.id)!.macros).toEqual([{ macroLocalId: DEMO_MACROS.gearboxCard, revision: answer.revision, pinned: false }]);
  console.info(`two-way bridge over HTTP: PUT of a page holding the macro → listed in ${listedMs} ms`);
});

test('after the update, Confluence search finds the page by spec (CQL on its search property) and the where-used page lists it', async () => {
  const gearbox = pageTitled('Gearbox');
  await view(gearbox.id, DEMO_MACROS.gearboxCard);
  const edited = Date.now();
  await updatePage(gearbox.id, (content) => [...content, paragraph('Checked for search.')], 'search check');
  await msUntil(edited, (answer) => answer.pages.some((p) => p.pageId === gearbox.id));

  const cql = encodeURIComponent(`specBridgeSpec ~ "${SPEC}" AND type = page`);
  const search = await fetch(`${env.origin}/wiki/rest/api/search?cql=${cql}`, { headers: { 'x-local-user': 'local-admin' } });
  expect(search.status).toBe(200);
  const found = (await search.json()) as { results: { content?: { id?: string } }[] };
  expect(found.results.map((r) => r.content?.id)).toContain(gearbox.id);

  const whereUsed = (await env.platform.invokeGlobalPageResolver({ functionKey: 'getWhereUsed', accountId: 'local-admin' })) as {
    ok: boolean;
    value?: { specs: { specId: string; pages: { pageId: string }[] }[] };
  };
  expect(whereUsed.ok).toBe(true);
  expect(whereUsed.value?.specs.find((s) => s.specId === SPEC)?.pages.map((p) => p.pageId)).toContain(gearbox.id);
});

test('an update of a page nobody has viewed costs no Confluence call and tells the engineering system nothing; after a view the next update does', async () => {
  const created = await confluence<V2Page>('POST', '/pages', {
    spaceId: pageTitled('Gearbox').spaceId,
    status: 'current',
    title: 'Shaft drawing notes',
    body: { representation: 'atlas_doc_format', value: JSON.stringify(adfDocument(paragraph('Notes.'))) },
  });
  expect(created.status).toBe(200);
  await env.platform.events.drain();
  const before = env.platform.costs.totals();

  await updatePage(created.json.id, (content) => [...content, shaftMacro('shaft-unseen', { specIds: SPEC })], 'add the shaft');
  await env.platform.events.drain();
  await env.platform.queue.drain();

  const after = env.platform.costs.totals();
  expect(after.confluencePoints - before.confluencePoints).toBe(0);
  expect((await documentation(SPEC)).pages.map((p) => p.pageId)).not.toContain(created.json.id);

  // A reader's view (or the editor's preview) of the macro makes the page known; the next update is read.
  await view(created.json.id, 'shaft-unseen');
  const edited = Date.now();
  await updatePage(created.json.id, (content) => [...content, paragraph('Viewed now.')], 'notes');
  await msUntil(edited, (answer) => answer.pages.some((p) => p.pageId === created.json.id));
});

test('the sample receiver verifies with the site\'s own outbound secret once an admin creates one, the new one first', async () => {
  const { receiverSecrets } = await import('../../local/dev-documentation-receiver');
  const created = (await env.platform.invokeAdminResolver({ functionKey: 'createSecret', payload: { direction: 'outbound' }, accountId: 'local-admin' })) as { ok: true; value: { secret: string } };
  expect(created).toMatchObject({ ok: true });

  const secrets = await receiverSecrets(undefined);
  expect(secrets[0]).toBe(created.value.secret);
  expect(secrets).toContain(LOCAL_OUTBOUND_SECRET);
  expect(await receiverSecrets('whsec_b25l whsec_dHdv')).toEqual(['whsec_b25l', 'whsec_dHdv']);
});

test('settings npm run dev saved follow the sample system to a new port; settings an admin saved are kept', async () => {
  const { seedDocumentationReceiver } = await import('../../local/dev-documentation-receiver');
  const { readDocumentationSettings } = await import('../../src/kvs/documentation-settings');
  const movedBase = 'http://127.0.0.1:5999/eng/api/v1';

  const moved = await seedDocumentationReceiver({ engineeringBaseUrl: movedBase, allowedOrigins: ['http://127.0.0.1:5999'], siteUrl: env.origin });
  expect(moved).toEqual({ configured: true, receiverUrl: `${movedBase}/documentation-notices`, seeded: true });
  // A receiver off the manifest's egress origin is never saved (Forge would refuse the calls).
  expect(await seedDocumentationReceiver({ engineeringBaseUrl: 'http://127.0.0.1:6000/eng/api/v1', allowedOrigins: [env.origin], siteUrl: env.origin })).toMatchObject({ configured: false });

  const saved = await env.platform.invokeAdminResolver({ functionKey: 'saveDocumentationNotices', payload: { receiverUrl: `${env.engineeringBaseUrl}/documentation-notices`, shareTitles: true }, accountId: 'local-admin' });
  expect(saved).toMatchObject({ ok: true });
  const kept = await seedDocumentationReceiver({ engineeringBaseUrl: movedBase, allowedOrigins: ['http://127.0.0.1:5999'], siteUrl: env.origin });

  expect(kept).toEqual({ configured: true, receiverUrl: `${env.engineeringBaseUrl}/documentation-notices`, seeded: false });
  expect(await readDocumentationSettings()).toMatchObject({ shareTitles: true, updatedBy: 'local-admin' });
});
