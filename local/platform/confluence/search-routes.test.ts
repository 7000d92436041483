import { expect, test } from 'vitest';
import { ManualClock } from '../clock';
import { loadManifest } from '../manifest';
import type { Principal } from '../service';
import { openStore } from '../store';
import { createConfluenceService } from './confluence-service';

const indexes = loadManifest('manifest.yml', {}).contentPropertyIndexes;

type SearchAnswer = {
  results: { content: { id: string; type: string; title: string }; url: string }[];
  start: number;
  limit: number;
  size: number;
  totalSize: number;
  _links: { next?: string };
};

function site() {
  const db = openStore(':memory:');
  const service = createConfluenceService({ db, clock: new ManualClock(), contentPropertyIndexes: indexes });
  const { admin } = service;
  admin.createUser({ accountId: 'alice', displayName: 'Alice' });
  admin.createUser({ accountId: 'bob', displayName: 'Bob' });
  const eng = admin.createSpace({ key: 'ENG', name: 'Engineering' });
  const ops = admin.createSpace({ key: 'OPS', name: 'Operations' });
  async function request(method: string, path: string, body?: unknown, as: Principal = { kind: 'app' }) {
    const response = await service.handle({ method, path, headers: new Headers({ 'content-type': 'application/json' }), body: body === undefined ? '' : JSON.stringify(body), principal: as });
    return { status: response.status, json: (await response.json()) as unknown };
  }
  async function pageShowing(specs: string, options: { space?: 'ENG' | 'OPS'; title: string; restrictions?: { view: string[]; edit: string[] } }) {
    const page = admin.createPage({ spaceId: (options.space === 'OPS' ? ops : eng).id, title: options.title, ...(options.restrictions ? { restrictions: options.restrictions } : {}) });
    const value = { schemaVersion: 1, specs, revisions: '', pinned: '', statuses: 'Released', specCount: specs.split(' ').length, macroCount: 1, updatedAt: '2026-11-30T12:00:00.000Z', pageVersion: 1, truncated: false };
    const written = await request('POST', `/wiki/api/v2/pages/${page.id}/properties`, { key: 'specbridge_index', value });
    expect(written.status).toBe(200);
    return page.id;
  }
  async function search(cql: string, options: { as?: Principal; query?: string } = {}) {
    return request('GET', `/wiki/rest/api/search?cql=${encodeURIComponent(cql)}${options.query ?? ''}`, undefined, options.as);
  }
  return { admin, request, pageShowing, search, eng };
}

const ids = (answer: { json: unknown }) => (answer.json as SearchAnswer).results.map((result) => result.content.id);

test('a search alias finds the pages whose index property names the spec, and only those', async () => {
  const { pageShowing, search } = site();
  const both = await pageShowing('SHAFT-1042 BOLT-7', { title: 'Gearbox' });
  const shaft = await pageShowing('SHAFT-1042', { title: 'Shaft drawing' });
  await pageShowing('BOLT-7 SHAFT-10420', { title: 'Fasteners' });

  const found = await search('specBridgeSpec ~ "SHAFT-1042"');

  expect(found.status).toBe(200);
  expect(ids(found)).toEqual([both, shaft]);
  expect((found.json as SearchAnswer).results[0]).toMatchObject({ content: { type: 'page', title: 'Gearbox' }, url: expect.stringContaining(`/pages/${both}`) });
  expect(ids(await search('content.property[specbridge_index].specs ~ "BOLT-7"'))).toHaveLength(2);
});

test('AND narrows by type and space; numbers compare with =', async () => {
  const { pageShowing, search } = site();
  const eng = await pageShowing('SHAFT-1042 BOLT-7', { title: 'Gearbox' });
  const ops = await pageShowing('SHAFT-1042', { title: 'Maintenance', space: 'OPS' });

  expect(ids(await search('specBridgeSpec ~ "SHAFT-1042" AND type = page AND space = ENG'))).toEqual([eng]);
  expect(ids(await search('specBridgeSpec ~ SHAFT-1042 and space = "OPS"'))).toEqual([ops]);
  expect(ids(await search('specBridgeSpec ~ "SHAFT-1042" AND type = blogpost'))).toEqual([]);
  expect(ids(await search('specBridgeSpecCount = 2'))).toEqual([eng]);
  expect(ids(await search('space = NOPE'))).toEqual([]);
});

test('results hold only pages the caller may see', async () => {
  const { pageShowing, search } = site();
  const open = await pageShowing('SHAFT-1042', { title: 'Open page' });
  const restricted = await pageShowing('SHAFT-1042', { title: 'Alice only', restrictions: { view: ['alice'], edit: [] } });

  expect(ids(await search('specBridgeSpec ~ "SHAFT-1042"', { as: { kind: 'user', accountId: 'bob' } }))).toEqual([open]);
  expect(ids(await search('specBridgeSpec ~ "SHAFT-1042"', { as: { kind: 'user', accountId: 'alice' } }))).toEqual([open, restricted]);
  expect((await search('specBridgeSpec ~ "SHAFT-1042"', { as: { kind: 'user', accountId: 'bob' } })).json).toMatchObject({ totalSize: 1 });
});

test('pages by limit and start, and _links.next carries a cursor that reads the rest', async () => {
  const { pageShowing, search, request } = site();
  const pages = [];
  for (const title of ['One', 'Two', 'Three']) pages.push(await pageShowing('SHAFT-1042', { title }));

  const first = await search('specBridgeSpec ~ "SHAFT-1042"', { query: '&limit=2' });
  const next = (first.json as SearchAnswer)._links.next;
  const second = await request('GET', `/wiki${next ?? ''}`);
  const byStart = await search('specBridgeSpec ~ "SHAFT-1042"', { query: '&limit=2&start=2' });

  expect(first.json).toMatchObject({ start: 0, limit: 2, size: 2, totalSize: 3 });
  expect(ids(first)).toEqual(pages.slice(0, 2));
  expect(next).toMatch(/^\/rest\/api\/search\?.*cursor=/);
  expect(ids(second)).toEqual(pages.slice(2));
  expect((second.json as SearchAnswer)._links.next).toBeUndefined();
  expect(ids(byStart)).toEqual(pages.slice(2));
});

test('indexes only the declared key and only values of the declared type (never arrays)', async () => {
  const { admin, request, search, eng } = site();
  const other = admin.createPage({ spaceId: eng.id, title: 'Other key' });
  await request('POST', `/wiki/api/v2/pages/${other.id}/properties`, { key: 'spec-bridge.snapshot.m1', value: { specs: 'SHAFT-1042' } });
  const array = admin.createPage({ spaceId: eng.id, title: 'Array value' });
  await request('POST', `/wiki/api/v2/pages/${array.id}/properties`, { key: 'specbridge_index', value: { specs: ['SHAFT-1042'], specCount: '1' } });

  expect(ids(await search('specBridgeSpec ~ "SHAFT-1042"'))).toEqual([]);
  expect(ids(await search('specBridgeSpecCount = 1'))).toEqual([]);
});

test.each([
  ['an unknown field', 'specBridgeNope ~ "SHAFT-1042"', /field 'specBridgeNope' does not exist/],
  ['OR, which the local subset does not answer', 'specBridgeSpec ~ "A-1" OR specBridgeSpec ~ "B-2"', /expected AND/],
  ['= on a text field', 'specBridgeSpec = "SHAFT-1042"', /operator '=' is not supported for the text field/],
  ['~ on a number', 'specBridgeSpecCount ~ 2', /operator '~' is not supported/],
  ['a number that is not one', 'specBridgeSpecCount = two', /not a number/],
  ['an unclosed quote', 'specBridgeSpec ~ "SHAFT', /not closed/],
  ['a clause without a value', 'type =', /expected a value/],
])('%s is a 400 with the v1 error body', async (_name, cql, message) => {
  const { search } = site();

  const answer = await search(cql);

  expect(answer.status).toBe(400);
  expect(answer.json).toMatchObject({ statusCode: 400, data: { successful: false }, message: expect.stringMatching(message) });
});

test('a search without cql is a 400', async () => {
  const { request } = site();
  expect((await request('GET', '/wiki/rest/api/search')).status).toBe(400);
});
