import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode, paragraph } from '../../local/platform/confluence';
import { createOpenApiValidator } from '../../local/platform/confluence/openapi-validator';
import { startLocalServer, type LocalServer } from '../../local/platform/http-server';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, LOCAL_CLOUD_ID, type LocalPlatform } from '../../local/platform/platform';
import type { ConfluenceContentEvent } from '../../local/platform/product-event-payload';

/**
 * Confluence product events on the local platform: page writes over the v2 REST API and the admin API reach the
 * `trigger` modules subscribed to them, asynchronously, with the payload of Forge's Confluence events reference.
 */
const manifest = `
modules:
  trigger:
    - key: licensed-pages
      function: on-event
      events: [avi:confluence:created:page, avi:confluence:updated:page, avi:confluence:restored:page, avi:confluence:archived:page,
               avi:confluence:unarchived:page, avi:confluence:moved:page, avi:confluence:copied:page, avi:confluence:updated:blogpost]
      filter: { appIsLicensed: true }
    - key: any-license
      function: on-any
      events:
        - eventType: avi:confluence:updated:page
          filter: { ignoreSelf: false }
  function:
    - { key: on-event, handler: index.onEvent }
    - { key: on-any, handler: index.onAny }
app:
  id: ari:cloud:ecosystem::app/33333333-3333-4333-8333-333333333333
  runtime: { name: nodejs24.x }
permissions:
  scopes: [read:confluence-content.summary, read:page:confluence, write:page:confluence]
`;

type Received = { event: ConfluenceContentEvent; context: Record<string, unknown> };

let platform: LocalPlatform;
let server: LocalServer;
let received: Received[] = [];
let receivedAny: Received[] = [];
let spaceId: string;
let homepageId: string;
const openApi = createOpenApiValidator();

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-product-events-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, queue: { autoStart: false } });
  platform.loadApp(
    appFromExports(
      {
        onEvent: (event: ConfluenceContentEvent, context: Record<string, unknown>) => void received.push({ event, context }),
        onAny: (event: ConfluenceContentEvent, context: Record<string, unknown>) => void receivedAny.push({ event, context }),
      },
      { kind: 'stand-in', name: 'product event test handlers' },
    ),
  );
  platform.confluence.admin.createUser({ accountId: 'local-admin', displayName: 'Local Admin', isAdmin: true });
  platform.confluence.admin.createUser({ accountId: 'editor', displayName: 'Edna Editor' });
  const space = platform.confluence.admin.createSpace({ key: 'EVT', name: 'Events' });
  spaceId = space.id;
  homepageId = space.homepageId;
  server = await startLocalServer({ platform });
});

beforeEach(async () => {
  await platform.events.drain();
  platform.faults.clear();
  platform.setLicense(undefined);
  received = [];
  receivedAny = [];
});

afterAll(async () => {
  await server.close();
  platform.close();
});

const macroBody = (specIds: string) => adfDocument(forgeMacroNode({ localId: 'm-1', nodeLocalId: 'n-1', config: { specIds } }));

async function rest(method: string, path: string, body?: unknown, user = 'editor') {
  const response = await fetch(`${server.origin}/wiki/api/v2${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-local-user': user },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
}

async function createOverHttp(title: string) {
  const created = await rest('POST', '/pages', {
    spaceId,
    status: 'current',
    title,
    body: { representation: 'atlas_doc_format', value: JSON.stringify(macroBody('SHAFT-1042')) },
  });
  expect(created.status).toBe(200);
  return created.json as { id: string; version: { number: number } };
}

test('POST /pages creates the page and its trigger gets created:page with the documented payload and Forge context', async () => {
  platform.events.pause();
  const created = await createOverHttp('Shaft drawing notes');
  expect(openApi.responseErrors('/pages', 'post', '200', created, { closed: true })).toEqual([]);
  // Asynchronous: the write answered with its event still queued.
  expect(platform.events.pending()).toBe(1);
  expect(received).toEqual([]);
  platform.events.resume();
  await platform.events.drain();

  expect(received).toHaveLength(1);
  const { event, context } = received[0]!;
  expect(event).toMatchObject({
    eventType: 'avi:confluence:created:page',
    atlassianId: 'editor',
    suppressNotifications: false,
    content: {
      id: created.id,
      type: 'page',
      status: 'current',
      title: 'Shaft drawing notes',
      space: { id: Number(spaceId), key: 'EVT', name: 'Events' },
      history: { latest: true, createdBy: { accountId: 'editor', displayName: 'Edna Editor', accountType: 'atlassian' } },
    },
  });
  expect(event).not.toHaveProperty('prevContent');
  expect(event).not.toHaveProperty('originContentId');
  expect(context).toEqual({ installContext: `ari:cloud:confluence::site/${LOCAL_CLOUD_ID}` });
  expect(receivedAny).toEqual([]); // that trigger subscribed to updated:page only
});

test('PUT /pages/{id} with the next version updates the body and fires updated:page once per subscribed trigger, counted as trigger invocations', async () => {
  const page = await createOverHttp('Bearing housing');
  await platform.events.drain();
  received = [];
  const invocationsBefore = platform.costs.invocations().length;

  const updated = await rest('PUT', `/pages/${page.id}`, {
    id: page.id,
    status: 'current',
    title: 'Bearing housing',
    body: { atlas_doc_format: { representation: 'atlas_doc_format', value: JSON.stringify(adfDocument(paragraph('Macro removed'))) } },
    version: { number: page.version.number + 1, message: 'removed the macro' },
  });
  expect(updated.status).toBe(200);
  expect(openApi.responseErrors('/pages/{id}', 'put', '200', updated.json, { closed: true })).toEqual([]);
  expect((updated.json as { version: { number: number } }).version.number).toBe(2);
  expect(platform.confluence.admin.getPage(page.id)?.body).not.toContain('SHAFT-1042');
  await platform.events.drain();

  expect(received.map((r) => [r.event.eventType, r.event.content.id])).toEqual([['avi:confluence:updated:page', page.id]]);
  expect(receivedAny.map((r) => r.event.eventType)).toEqual(['avi:confluence:updated:page']);
  const triggerRuns = platform.costs.invocations().slice(invocationsBefore);
  expect(triggerRuns.map((run) => [run.moduleType, run.moduleKey]).sort()).toEqual([
    ['trigger', 'any-license'],
    ['trigger', 'licensed-pages'],
  ]);
  expect(platform.counters.get('events.invocations.licensed-pages')).toBeGreaterThanOrEqual(2);
});

test('PUT /pages/{id} with a version that is not current + 1 answers 409 and fires no event', async () => {
  const page = await createOverHttp('Gear train');
  await platform.events.drain();
  received = [];
  const published = platform.counters.get('events.published');

  const stale = await rest('PUT', `/pages/${page.id}`, {
    id: page.id,
    status: 'current',
    title: 'Gear train',
    body: { representation: 'atlas_doc_format', value: JSON.stringify(adfDocument(paragraph('stale'))) },
    version: { number: page.version.number },
  });
  await platform.events.drain();

  expect(stale.status).toBe(409);
  expect(stale.json).toMatchObject({ errors: [{ status: 409, code: 'CONFLICT' }] });
  expect(platform.confluence.admin.getPage(page.id)?.version.number).toBe(1);
  expect(platform.counters.get('events.published')).toBe(published);
  expect(received).toEqual([]);
});

test('a create the official OpenAPI request schema rejects (no spaceId, a numeric title) answers 400 and creates nothing', async () => {
  const pagesBefore = platform.confluence.admin.listPages().length;
  const published = platform.counters.get('events.published');

  const malformed = await rest('POST', '/pages', { title: 42, body: { representation: 'atlas_doc_format', value: '{}' } });

  expect(malformed.status).toBe(400);
  const detail = String((malformed.json as { errors: { detail: string }[] }).errors[0]?.detail);
  expect(detail).toContain('spaceId');
  expect(detail).toContain('/title');
  expect(platform.confluence.admin.listPages()).toHaveLength(pagesBefore);
  expect(platform.counters.get('events.published')).toBe(published);
});

test('DELETE /pages/{id} trashes the page (no event for a trigger without trashed events), PUT status current restores it and fires restored:page', async () => {
  const page = await createOverHttp('Trash me');
  await platform.events.drain();
  received = [];

  expect((await rest('DELETE', `/pages/${page.id}`)).status).toBe(204);
  expect((await rest('GET', `/pages/${page.id}`)).status).toBe(404);
  expect((await rest('GET', `/pages/${page.id}?status=trashed`)).json).toMatchObject({ id: page.id, status: 'trashed' });
  await platform.events.drain();
  expect(received).toEqual([]);

  const restored = await rest('PUT', `/pages/${page.id}`, {
    id: page.id,
    status: 'current',
    title: 'Trash me',
    body: { representation: 'atlas_doc_format', value: JSON.stringify(adfDocument()) },
    version: { number: 2 },
  });
  expect(restored.status).toBe(200);
  await platform.events.drain();
  expect(received.map((r) => [r.event.eventType, r.event.content.status])).toEqual([['avi:confluence:restored:page', 'current']]);
  // Restoring changes the status only, as the PUT description says.
  expect(platform.confluence.admin.getPage(page.id)?.body).toContain('SHAFT-1042');

  expect((await rest('DELETE', `/pages/${page.id}?purge=true`)).status).toBe(400); // only a trashed page can be purged
  expect((await rest('DELETE', `/pages/${page.id}`)).status).toBe(204);
  expect((await rest('DELETE', `/pages/${page.id}?purge=true`)).status).toBe(204);
  expect(platform.confluence.admin.getPage(page.id)).toBeUndefined();
});

test('admin copy, move, archive, unarchive and a blog post edit each fire their documented event', async () => {
  const admin = platform.confluence.admin;
  const parent = admin.createPage({ spaceId, title: 'Parent' });
  const page = admin.createPage({ spaceId, title: 'Original', body: macroBody('SHAFT-1042') });
  const post = admin.createBlogPost({ spaceId, title: 'Release notes', body: macroBody('SHAFT-1042') });
  await platform.events.drain();
  expect(received).toEqual([]); // seeding fires no events

  const copy = admin.copyPage(page.id, { authorId: 'editor' });
  admin.movePage(page.id, parent.id);
  admin.archivePage(page.id);
  admin.unarchivePage(page.id);
  admin.setPageBody(post.id, adfDocument(paragraph('No macro any more')));
  await platform.events.drain();

  const byType = Object.fromEntries(received.map((r) => [r.event.eventType, r.event]));
  expect(Object.keys(byType).sort()).toEqual([
    'avi:confluence:archived:page',
    'avi:confluence:copied:page',
    'avi:confluence:moved:page',
    'avi:confluence:unarchived:page',
    'avi:confluence:updated:blogpost',
  ]);
  expect(byType['avi:confluence:copied:page']).toMatchObject({ atlassianId: 'editor', originContentId: page.id, content: { id: copy.id, title: 'Copy of Original' } });
  expect(byType['avi:confluence:moved:page']).toMatchObject({ content: { id: page.id }, prevContent: { id: page.id } });
  expect(admin.getPage(page.id)?.parentId).toBe(parent.id);
  expect(byType['avi:confluence:archived:page']?.content.status).toBe('archived');
  expect(byType['avi:confluence:unarchived:page']?.content.status).toBe('current');
  expect(byType['avi:confluence:updated:blogpost']?.content).toMatchObject({ id: post.id, type: 'blogpost' });
  expect(homepageId).not.toBe(parent.id);
});

test('appIsLicensed: while the license is inactive the filtered trigger is skipped and the unfiltered one still runs', async () => {
  const page = platform.confluence.admin.createPage({ spaceId, title: 'Licensed?' });
  platform.setLicense({ isActive: false });
  const skipped = platform.counters.get('events.skippedUnlicensed');

  platform.confluence.admin.setPageBody(page.id, adfDocument(paragraph('edited')));
  await platform.events.drain();

  expect(received).toEqual([]);
  expect(receivedAny.map((r) => r.event.content.id)).toEqual([page.id]);
  expect(receivedAny[0]?.context).toMatchObject({ license: { isActive: false } });
  expect(platform.counters.get('events.skippedUnlicensed')).toBe(skipped + 1);

  platform.setLicense({ isActive: true });
  platform.confluence.admin.setPageBody(page.id, adfDocument(paragraph('edited again')));
  await platform.events.drain();
  expect(received.map((r) => r.event.content.id)).toEqual([page.id]);
});

test('with the events fault plan duplicating deliveries, each event reaches its trigger twice', async () => {
  const page = platform.confluence.admin.createPage({ spaceId, title: 'Duplicated' });
  platform.faults.add({ service: 'events', operation: 'deliver', duplicate: true });

  platform.confluence.admin.setPageBody(page.id, adfDocument(paragraph('one')));
  await platform.events.drain();

  expect(received.map((r) => r.event.eventType)).toEqual(['avi:confluence:updated:page', 'avi:confluence:updated:page']);
  expect(platform.faults.injectedCount('events', 'deliver')).toBeGreaterThan(0);
});

test('with deliveries delayed at random, updates of one page reach the trigger out of publish order', async () => {
  const page = platform.confluence.admin.createPage({ spaceId, title: 'Reordered' });
  platform.faults.add({ service: 'events', operation: 'deliver', reorderMs: 200 });
  const logged = platform.events.deliveries().length;

  for (let step = 1; step <= 8; step += 1) platform.confluence.admin.setPageBody(page.id, adfDocument(paragraph(`edit ${step}`)));
  await platform.events.drain();

  const order = platform.events
    .deliveries()
    .slice(logged)
    .filter((d) => d.triggerKey === 'licensed-pages')
    .map((d) => d.publishSeq);
  expect(order).toHaveLength(8);
  expect(order).not.toEqual([...order].sort((a, b) => a - b));
  expect(received).toHaveLength(8);
});
