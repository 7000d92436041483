import { expect, test } from 'vitest';
import { createOpenApiValidator } from './openapi-validator';
import { asUser, createTestConfluence } from './test-confluence';

const openApi = createOpenApiValidator();
const LIST = '/pages/{page-id}/properties';
const SINGLE = '/pages/{page-id}/properties/{property-id}';

function siteWithPage(restrictions = {}) {
  const site = createTestConfluence();
  site.admin.createUser({ accountId: 'alice', displayName: 'Alice' });
  site.admin.createUser({ accountId: 'bob', displayName: 'Bob' });
  const space = site.admin.createSpace({ key: 'ENG', name: 'Engineering' });
  const page = site.admin.createPage({ spaceId: space.id, title: 'Design review', restrictions });
  return { ...site, pageId: page.id };
}

type Property = { id: string; key: string; value: unknown; version: { number: number; authorId: string; message: string } };

test('POST creates a property that GET returns, shaped as the official ContentProperty', async () => {
  const { call, pageId } = siteWithPage();

  const created = await call('POST', `/pages/${pageId}/properties`, { body: { key: 'spec-bridge.snapshot.a', value: { specs: [1, 2] } } });
  const id = (created.json as Property).id;
  const fetched = await call('GET', `/pages/${pageId}/properties/${id}`);

  expect(created.status).toBe(200);
  expect(openApi.responseErrors(LIST, 'post', '200', created.json, { closed: true })).toEqual([]);
  expect(fetched.status).toBe(200);
  expect(openApi.responseErrors(SINGLE, 'get', '200', fetched.json, { closed: true })).toEqual([]);
  expect(fetched.json).toMatchObject({ id, key: 'spec-bridge.snapshot.a', value: { specs: [1, 2] } });
  expect(fetched.json).toMatchObject({ version: { number: 1, authorId: 'app-spec-bridge', minorEdit: false, message: '' } });
  expect(typeof id).toBe('string');
});

test('POST with a key the page already has answers 400 in the Confluence error shape', async () => {
  const { call, pageId } = siteWithPage();
  await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 1 } });

  const duplicate = await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 2 } });

  expect(duplicate.status).toBe(400);
  expect(duplicate.json).toEqual({ errors: [{ status: 400, code: 'BAD_REQUEST', title: expect.stringContaining("'k'"), detail: null }] });
});

test('GET with key filters the list to that property (case-sensitive)', async () => {
  const { call, pageId } = siteWithPage();
  for (const key of ['alpha', 'Beta', 'beta']) await call('POST', `/pages/${pageId}/properties`, { body: { key, value: key } });

  const list = await call('GET', `/pages/${pageId}/properties?key=beta`);

  expect(list.status).toBe(200);
  expect(openApi.responseErrors(LIST, 'get', '200', list.json, { closed: true })).toEqual([]);
  expect((list.json as { results: Property[] }).results.map((p) => p.value)).toEqual(['beta']);
});

test('PUT with version current+1 updates the value and records the author and message', async () => {
  const { call, pageId } = siteWithPage();
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 1 } })).json as Property;

  const updated = await call('PUT', `/pages/${pageId}/properties/${created.id}`, {
    body: { key: 'k', value: 2, version: { number: 2, message: 'refresh' } },
    as: asUser('alice'),
  });

  expect(updated.status).toBe(200);
  expect(openApi.responseErrors(SINGLE, 'put', '200', updated.json, { closed: true })).toEqual([]);
  expect(updated.json).toMatchObject({ id: created.id, value: 2, version: { number: 2, message: 'refresh', authorId: 'alice' } });
});

test.each([
  { label: 'the current number', number: 1 },
  { label: 'a number two ahead', number: 3 },
])('PUT with $label as version answers 409 and keeps the stored value', async ({ number }) => {
  const { call, pageId } = siteWithPage();
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 'original' } })).json as Property;

  const stale = await call('PUT', `/pages/${pageId}/properties/${created.id}`, { body: { key: 'k', value: 'lost', version: { number } } });
  const after = (await call('GET', `/pages/${pageId}/properties/${created.id}`)).json as Property;

  expect(stale.status).toBe(409);
  expect(stale.json).toMatchObject({ errors: [{ status: 409, code: 'CONFLICT', detail: null }] });
  expect(after).toMatchObject({ value: 'original', version: { number: 1 } });
});

test.each([
  { label: 'the current number', number: 1 },
  { label: 'a number two ahead', number: 3 },
])('set to answer stale versions as v2 may, PUT with $label as version answers 400 and keeps the stored value', async ({ number }) => {
  const { call, pageId, service } = siteWithPage();
  service.setStaleVersionStatus(400);
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 'original' } })).json as Property;

  const stale = await call('PUT', `/pages/${pageId}/properties/${created.id}`, { body: { key: 'k', value: 'lost', version: { number } } });
  const after = (await call('GET', `/pages/${pageId}/properties/${created.id}`)).json as Property;
  const next = await call('PUT', `/pages/${pageId}/properties/${created.id}`, { body: { key: 'k', value: 'kept', version: { number: 2 } } });

  const error = (stale.json as { errors: { status: number; code: string; title: string }[] }).errors[0];
  expect(stale.status).toBe(400);
  expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  expect(error?.title).toContain('Current Version: [1]');
  expect(after).toMatchObject({ value: 'original', version: { number: 1 } });
  expect(next.status).toBe(200);
});

test.each([
  { label: 'no version', body: { key: 'k', value: 1 } },
  { label: 'no key', body: { value: 1, version: { number: 2 } } },
  { label: 'no value', body: { key: 'k', version: { number: 2 } } },
])('PUT with $label answers 400', async ({ body }) => {
  const { call, pageId } = siteWithPage();
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 0 } })).json as Property;

  const response = await call('PUT', `/pages/${pageId}/properties/${created.id}`, { body });

  expect(response.status).toBe(400);
});

test('DELETE answers 204 and the property is gone', async () => {
  const { call, pageId } = siteWithPage();
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 1 } })).json as Property;

  const deleted = await call('DELETE', `/pages/${pageId}/properties/${created.id}`);
  const fetched = await call('GET', `/pages/${pageId}/properties/${created.id}`);

  expect(deleted.status).toBe(204);
  expect(deleted.json).toBeUndefined();
  expect(fetched.status).toBe(404);
});

test('a value over 32768 bytes of JSON answers 413; exactly 32768 bytes is accepted', async () => {
  const { call, pageId } = siteWithPage();
  const fits = 'x'.repeat(32768 - 2); // the two quotes make 32768 bytes
  const tooLong = 'x'.repeat(32768 - 1);

  const accepted = await call('POST', `/pages/${pageId}/properties`, { body: { key: 'fits', value: fits } });
  const rejected = await call('POST', `/pages/${pageId}/properties`, { body: { key: 'big', value: tooLong } });

  expect(accepted.status).toBe(200);
  expect(rejected.status).toBe(413);
  expect(rejected.json).toMatchObject({ errors: [{ status: 413, title: expect.stringContaining('too long'), detail: expect.stringContaining('32768') }] });
});

test('malformed JSON answers 400', async () => {
  const { call, pageId } = siteWithPage();

  const response = await call('POST', `/pages/${pageId}/properties`, { rawBody: '{"key":' });

  expect(response.status).toBe(400);
  expect(response.json).toMatchObject({ errors: [{ code: 'BAD_REQUEST', title: 'Malformed JSON request body' }] });
});

test('the list pages through all properties with cursor, _links.next and a Link header', async () => {
  const { call, pageId } = siteWithPage();
  const keys = ['e', 'c', 'a', 'd', 'b'];
  for (const key of keys) await call('POST', `/pages/${pageId}/properties`, { body: { key, value: key } });

  const seen: string[] = [];
  const links: (string | null)[] = [];
  let path: string | undefined = `/pages/${pageId}/properties?limit=2&sort=key`;
  while (path) {
    const page = await call('GET', path);
    const json = page.json as { results: Property[]; _links: { next?: string } };
    expect(openApi.responseErrors(LIST, 'get', '200', json, { closed: true })).toEqual([]);
    seen.push(...json.results.map((p) => p.key));
    links.push(page.headers.get('link'));
    path = json._links.next?.replace('/wiki/api/v2', '');
  }

  expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  expect(links).toHaveLength(3);
  expect(links[0]).toMatch(/^<\/wiki\/api\/v2\/pages\/\d+\/properties\?limit=2&sort=key&cursor=[\w-]+>; rel="next", <http:\/\/localhost:8080\/wiki>; rel="base"$/);
  expect(links[2]).toBeNull();
});

test('sort=-key orders descending and the default order is creation order', async () => {
  const { call, pageId } = siteWithPage();
  for (const key of ['b', 'c', 'a']) await call('POST', `/pages/${pageId}/properties`, { body: { key, value: 0 } });

  const descending = (await call('GET', `/pages/${pageId}/properties?sort=-key`)).json as { results: Property[] };
  const created = (await call('GET', `/pages/${pageId}/properties`)).json as { results: Property[] };

  expect(descending.results.map((p) => p.key)).toEqual(['c', 'b', 'a']);
  expect(created.results.map((p) => p.key)).toEqual(['b', 'c', 'a']);
});

test.each(['limit=0', 'limit=251', 'limit=ten', 'sort=value', 'cursor=not-a-cursor'])('GET with %s answers 400', async (query) => {
  const { call, pageId } = siteWithPage();

  const response = await call('GET', `/pages/${pageId}/properties?${query}`);

  expect(response.status).toBe(400);
});

test('a user who cannot view the page gets 404 on its properties, like a missing page; the app gets 200', async () => {
  const { call, pageId } = siteWithPage({ view: ['alice'] });
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 1 } })).json as Property;

  const forBob = await call('GET', `/pages/${pageId}/properties`, { as: asUser('bob') });
  const propertyForBob = await call('GET', `/pages/${pageId}/properties/${created.id}`, { as: asUser('bob') });
  const missingPage = await call('GET', `/pages/999999/properties`, { as: asUser('bob') });
  const forApp = await call('GET', `/pages/${pageId}/properties`);

  expect(forBob.status).toBe(404);
  expect(propertyForBob.status).toBe(404);
  expect(forBob.json).toEqual({ errors: [{ ...(missingPage.json as { errors: object[] }).errors[0], title: `Cannot find a page with id [${pageId}]` }] });
  expect(forApp.status).toBe(200);
});

test('a user who can view but not edit the page reads properties and gets 403 on writes', async () => {
  const { call, pageId } = siteWithPage({ edit: ['bob'] });
  const created = (await call('POST', `/pages/${pageId}/properties`, { body: { key: 'k', value: 1 } })).json as Property;
  const alice = asUser('alice');

  const read = await call('GET', `/pages/${pageId}/properties/${created.id}`, { as: alice });
  const create = await call('POST', `/pages/${pageId}/properties`, { body: { key: 'other', value: 1 }, as: alice });
  const update = await call('PUT', `/pages/${pageId}/properties/${created.id}`, { body: { key: 'k', value: 2, version: { number: 2 } }, as: alice });
  const remove = await call('DELETE', `/pages/${pageId}/properties/${created.id}`, { as: alice });
  const bobUpdate = await call('PUT', `/pages/${pageId}/properties/${created.id}`, { body: { key: 'k', value: 2, version: { number: 2 } }, as: asUser('bob') });

  expect(read.status).toBe(200);
  expect([create.status, update.status, remove.status]).toEqual([403, 403, 403]);
  expect(create.json).toMatchObject({ errors: [{ status: 403, code: 'FORBIDDEN' }] });
  expect(bobUpdate.status).toBe(200);
});
