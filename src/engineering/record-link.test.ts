/** Record links: validation refuses unsafe links, and ENG_LINK_HOSTS restricts them to the engineering system's hosts. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BASE_URL, makeSpecRecord, makeTestClient } from '../../test/support/engineering-client-kit';
import { readConfig } from '../config';
import { validateRecord } from './validate-record';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test.each([
  ['userinfo', 'https://plm.example.com@evil.example/login', /user name or password/],
  ['a punycode host', 'https://xn--plm-ppa.example.com/specs/SHAFT-1042', /punycode/],
  ['a bidi override', 'https://plm.example.com/specs/\u202Efdp.exe', /control or invisible/],
  ['a zero-width joiner', 'https://plm.example.com/\u200Dspecs', /control or invisible/],
])('a record whose link carries %s is refused at its url', (_label, url, reason) => {
  const validation = validateRecord(makeSpecRecord({ url }), 'SHAFT-1042');

  expect(validation).toMatchObject({ ok: false, error: { kind: 'invalid_response', field: 'url', detail: expect.stringMatching(reason) } });
});

test('with link hosts set, a record linking to another host is refused; one linking to a listed host passes', () => {
  const rules = { linkHosts: ['plm.example.com'] };

  const elsewhere = validateRecord(makeSpecRecord({ url: 'https://evil.example/specs/SHAFT-1042' }), 'SHAFT-1042', rules);
  const home = validateRecord(makeSpecRecord({ url: 'https://PLM.example.com/specs/SHAFT-1042' }), 'SHAFT-1042', rules);

  expect(elsewhere).toMatchObject({ ok: false, error: { field: 'url', detail: expect.stringContaining('evil.example, which is not one of') } });
  expect(home.ok).toBe(true);
});

test('without link hosts any safe http(s) host is accepted', () => {
  expect(validateRecord(makeSpecRecord({ url: 'https://elsewhere.example/specs/SHAFT-1042' }), 'SHAFT-1042').ok).toBe(true);
});

test('the client applies ENG_LINK_HOSTS to batch reads: the off-host record is invalid, the other is found', async () => {
  const home = makeSpecRecord({ id: 'GEAR-7', url: 'https://plm.example.com/specs/GEAR-7' });
  const away = makeSpecRecord({ url: 'https://evil.example/specs/SHAFT-1042' });
  server.use(http.get(`${BASE_URL}/specs`, () => HttpResponse.json({ items: [{ record: away, etag: '"a"' }, { record: home, etag: '"b"' }], missing: [] })));
  const linkHosts = readConfig({ ENG_API_BASE_URL: 'https://api.example.com/v1', ENG_API_TOKEN: 't', ENG_LINK_HOSTS: ' PLM.example.com , plm2.example.com' }).engineering.linkHosts;
  const { client } = makeTestClient(linkHosts ? { linkHosts } : {});

  const result = await client.getSpecs(['SHAFT-1042', 'GEAR-7']);

  expect(linkHosts).toEqual(['plm.example.com', 'plm2.example.com']);
  expect(result.ok && [...result.value.found.keys()]).toEqual(['GEAR-7']);
  expect(result.ok && result.value.invalid.get('SHAFT-1042')?.field).toBe('url');
});

test('ENG_LINK_HOSTS unset or blank restricts nothing', () => {
  expect(readConfig({ ENG_API_BASE_URL: 'https://api.example.com/v1', ENG_API_TOKEN: 't' }).engineering.linkHosts).toBeUndefined();
  expect(readConfig({ ENG_API_BASE_URL: 'https://api.example.com/v1', ENG_API_TOKEN: 't', ENG_LINK_HOSTS: ' , ' }).engineering.linkHosts).toBeUndefined();
});
