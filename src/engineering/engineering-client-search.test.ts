import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BASE_URL, counter, makeTestClient } from '../../test/support/engineering-client-kit';

const SEARCH_URL = `${BASE_URL}/search`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function hits(count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: `BOLT-${2000 + i}`, title: `Bolt ${i}`, revision: 'A', status: 'released' }));
}

test('search passes on no more hits than it asked for, even when the engineering system sends 100', async () => {
  const seen = counter();
  server.use(http.get(SEARCH_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json({ items: hits(100) });
  }));
  const { client } = makeTestClient();

  const result = await client.search('bolt', 10);

  expect(seen.state.urls[0]?.searchParams.get('limit')).toBe('10');
  expect(result.ok && result.value.map((hit) => hit.id)).toEqual(hits(10).map((hit) => hit.id));
});

test.each([
  ['a lone surrogate', 'ab\ud800', 'ab'],
  ['a surrogate pair cut in two at 100 characters', `${'x'.repeat(99)}\u{1F529}`, 'x'.repeat(99)],
])('search with %s sends the text around it instead of throwing', async (_name, query, sent) => {
  const seen = counter();
  server.use(http.get(SEARCH_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json({ items: [] });
  }));
  const { client } = makeTestClient();

  const result = await client.search(query, 10);

  expect(result).toEqual({ ok: true, value: [] });
  expect(seen.state.urls[0]?.searchParams.get('q')).toBe(sent);
});
