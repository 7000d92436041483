import { expect, test } from 'vitest';
import { adfDocument, forgeMacroNode, paragraph } from './adf-builders';
import { createOpenApiValidator } from './openapi-validator';
import { asUser, createTestConfluence } from './test-confluence';

const openApi = createOpenApiValidator();
const MACRO_ID = '11111111-2222-4333-8444-555555555555';

function siteWithMacroPage(restrictions = {}) {
  const site = createTestConfluence();
  site.admin.createUser({ accountId: 'bob', displayName: 'Bob' });
  const space = site.admin.createSpace({ key: 'ENG', name: 'Engineering' });
  const body = adfDocument(
    paragraph('Intro <b>'),
    forgeMacroNode({ localId: MACRO_ID, nodeLocalId: 'node-1', config: { specIds: ['GB-200'], layout: 'card' } }),
  );
  const page = site.admin.createPage({ spaceId: space.id, title: 'Gearbox review', body, restrictions });
  return { ...site, space, pageId: page.id };
}

type PageJson = { id: string; title: string; body: Record<string, { representation: string; value: string }>; version: { number: number } };

test('GET /pages/{id} without body-format returns the page with an empty body, valid for the official schema', async () => {
  const { call, pageId, space } = siteWithMacroPage();

  const response = await call('GET', `/pages/${pageId}`);

  expect(response.status).toBe(200);
  expect(openApi.responseErrors('/pages/{id}', 'get', '200', response.json, { closed: true })).toEqual([]);
  expect(response.json).toMatchObject({
    id: pageId,
    status: 'current',
    title: 'Gearbox review',
    spaceId: space.id,
    parentId: space.homepageId,
    body: {},
    version: { number: 1 },
    _links: { base: 'http://localhost:8080/wiki' },
  });
});

test('body-format=atlas_doc_format returns the stored ADF with the macro and its localId', async () => {
  const { call, pageId } = siteWithMacroPage();

  const response = await call('GET', `/pages/${pageId}?body-format=atlas_doc_format`);
  const body = (response.json as PageJson).body.atlas_doc_format;
  const adf = JSON.parse(body?.value ?? '{}') as { content: { type: string; attrs?: { parameters?: { localId?: string } } }[] };

  expect(openApi.responseErrors('/pages/{id}', 'get', '200', response.json, { closed: true })).toEqual([]);
  expect(body?.representation).toBe('atlas_doc_format');
  expect(adf.content.find((node) => node.type === 'extension')?.attrs?.parameters?.localId).toBe(MACRO_ID);
});

test('body-format=storage renders the macro as an ac:adf-extension carrying its local-id parameter', async () => {
  const { call, pageId } = siteWithMacroPage();

  const response = await call('GET', `/pages/${pageId}?body-format=storage`);
  const storage = (response.json as PageJson).body.storage;

  expect(openApi.responseErrors('/pages/{id}', 'get', '200', response.json, { closed: true })).toEqual([]);
  expect(storage?.representation).toBe('storage');
  expect(storage?.value).toContain('<p>Intro &lt;b&gt;</p>');
  expect(storage?.value).toContain(`<ac:adf-parameter key="local-id">${MACRO_ID}</ac:adf-parameter>`);
});

test('an invalid body-format or page id answers 400', async () => {
  const { call, pageId } = siteWithMacroPage();

  const badFormat = await call('GET', `/pages/${pageId}?body-format=markdown`);
  const badId = await call('GET', '/pages/abc');

  expect(badFormat.status).toBe(400);
  expect(badId.status).toBe(400);
});

test('setPageBody without the macro bumps the page version and the localId disappears from the body', async () => {
  const { call, admin, pageId } = siteWithMacroPage();

  admin.setPageBody(pageId, adfDocument(paragraph('Macro removed')));
  const response = await call('GET', `/pages/${pageId}?body-format=atlas_doc_format`);

  expect((response.json as PageJson).version.number).toBe(2);
  expect((response.json as PageJson).body.atlas_doc_format?.value).not.toContain(MACRO_ID);
});

test('include-properties embeds the page properties', async () => {
  const { call, pageId } = siteWithMacroPage();
  await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: { a: 1 } } });

  const response = await call('GET', `/pages/${pageId}?include-properties=true`);

  expect(openApi.responseErrors('/pages/{id}', 'get', '200', response.json, { closed: true })).toEqual([]);
  expect(response.json).toMatchObject({ properties: { results: [{ key: 'k', value: { a: 1 } }], meta: { hasMore: false } } });
});

test('a user outside the view restriction gets the same 404 as for a missing page; the app gets the page', async () => {
  const { call, pageId } = siteWithMacroPage({ view: ['local-admin'] });

  const forBob = await call('GET', `/pages/${pageId}`, { as: asUser('bob') });
  const forApp = await call('GET', `/pages/${pageId}`);

  expect(forBob.status).toBe(404);
  expect(forBob.json).toEqual({ errors: [{ status: 404, code: 'NOT_FOUND', title: `Cannot find a page with id [${pageId}]`, detail: null }] });
  expect(forApp.status).toBe(200);
});

test('GET /pages lists only the pages the caller can view, filtered by space', async () => {
  const { call, admin, space, pageId } = siteWithMacroPage({ view: ['local-admin'] });
  const other = admin.createSpace({ key: 'OPS', name: 'Operations' });

  const forBob = (await call('GET', `/pages?space-id=${space.id}`, { as: asUser('bob') })).json as { results: PageJson[] };
  const forApp = (await call('GET', `/pages?space-id=${space.id}`)).json as { results: PageJson[] };

  expect(forBob.results.map((page) => page.id)).toEqual([space.homepageId]);
  expect(forApp.results.map((page) => page.id)).toEqual([space.homepageId, pageId]);
  expect(forApp.results.map((page) => page.id)).not.toContain(other.homepageId);
});

test('GET /spaces lists spaces by key and GET /spaces/{id} returns one', async () => {
  const { call, space } = siteWithMacroPage();

  const list = (await call('GET', '/spaces?keys=ENG')).json as { results: { id: string; key: string }[] };
  const single = await call('GET', `/spaces/${space.id}`);
  const missing = await call('GET', '/spaces/424242');

  expect(list.results).toEqual([expect.objectContaining({ id: space.id, key: 'ENG', name: 'Engineering', homepageId: space.homepageId })]);
  expect(single.json).toMatchObject({ key: 'ENG' });
  expect(missing.status).toBe(404);
});

test('unknown routes and non-v2 paths answer 404 JSON in the Confluence error shape', async () => {
  const { call, service } = siteWithMacroPage();

  const unknown = await call('GET', '/whiteboards/1');
  const wrongMethod = await call('PATCH', '/pages/1');
  const v1 = await service.handle({ method: 'GET', path: '/wiki/rest/api/content/1', headers: new Headers(), body: '', principal: { kind: 'app' } });

  expect(unknown.status).toBe(404);
  expect(unknown.json).toMatchObject({ errors: [{ status: 404, code: 'NOT_FOUND' }] });
  expect(wrongMethod.status).toBe(404);
  expect(v1.status).toBe(404);
  expect(v1.headers.get('content-type')).toBe('application/json');
});

test('a user account the site does not know answers 401', async () => {
  const { call, pageId } = siteWithMacroPage();

  const response = await call('GET', `/pages/${pageId}`, { as: asUser('mallory') });

  expect(response.status).toBe(401);
});

test('the fault plan can answer an operation with its status and Retry-After', async () => {
  const { call, faults, pageId } = siteWithMacroPage();
  faults.add({ service: 'confluence', operation: 'GET /pages/{page-id}/properties', status: 429, retryAfterSeconds: 3, times: 1 });

  const faulted = await call('GET', `/pages/${pageId}/properties`);
  const next = await call('GET', `/pages/${pageId}/properties`);
  const page = await call('GET', `/pages/${pageId}`);

  expect(faulted.status).toBe(429);
  expect(faulted.headers.get('retry-after')).toBe('3');
  expect(faulted.json).toMatchObject({ errors: [{ status: 429, code: 'TOO_MANY_REQUESTS' }] });
  expect([next.status, page.status]).toEqual([200, 200]);
});

test('every request is counted as confluence.<METHOD>, unknown routes included', async () => {
  const { call, counters, pageId } = siteWithMacroPage();

  await call('GET', `/pages/${pageId}`);
  await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 1 } });
  await call('GET', '/nowhere');

  expect(counters.snapshot()).toEqual({ 'confluence.GET': 2, 'confluence.POST': 1 });
});
