import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BASE_URL, counter, errorJson, makeSpecRecord, makeTestClient, TOKEN } from '../../test/support/engineering-client-kit';

const SPEC_URL = `${BASE_URL}/specs/:id`;
const server = setupServer();

// msw 3 renamed v2's `onUnhandledRequest` to `onUnhandledFrame`.
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('returns timeout when the server is slower than the request timeout and does not retry it', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, async ({ request }) => {
    seen.seen(request);
    await delay(2_000);
    return HttpResponse.json(makeSpecRecord());
  }));
  const { client, requests } = makeTestClient({ requestTimeoutMs: 40 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: false, error: { kind: 'timeout' } });
  expect(seen.state.calls).toBe(1);
  expect(requests).toMatchObject([{ status: null, failure: 'timeout', attempt: 1 }]);
});

test('does not start a request when less than a second would remain after the safety margin', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json(makeSpecRecord());
  }));
  const { client } = makeTestClient({ remainingMs: 1_900 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: false, error: { kind: 'timeout' } });
  expect(seen.state.calls).toBe(0);
});

test('retries a 500 after a full-jitter backoff and returns the second answer', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return seen.state.calls === 1 ? errorJson(500, 'unavailable', 'database restarting') : HttpResponse.json(makeSpecRecord());
  }));
  const { client, slept } = makeTestClient({ random: () => 0.4 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result.ok).toBe(true);
  expect(seen.state.calls).toBe(2);
  expect(slept).toEqual([100]);
});

test('waits for the Retry-After of a 503 before retrying', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return seen.state.calls === 1
      ? errorJson(503, 'unavailable', 'deploying', { 'Retry-After': '3' })
      : HttpResponse.json(makeSpecRecord());
  }));
  const { client, slept } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result.ok).toBe(true);
  expect(seen.state.calls).toBe(2);
  expect(slept).toEqual([3_000]);
});

test('gives up after maxAttempts server errors with the last status and message', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return errorJson(503, 'unavailable', 'maintenance window');
  }));
  const { client, slept } = makeTestClient({ maxAttempts: 3 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: false, error: { kind: 'unavailable', status: 503, detail: 'unavailable: maintenance window' } });
  expect(seen.state.calls).toBe(3);
  expect(slept).toHaveLength(2);
});

test('waits out a 429 whose Retry-After fits the remaining time, then succeeds', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return seen.state.calls === 1
      ? errorJson(429, 'rate_limited', 'slow down', { 'Retry-After': '2' })
      : HttpResponse.json(makeSpecRecord());
  }));
  const { client, slept } = makeTestClient({ remainingMs: 20_000 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result.ok).toBe(true);
  expect(seen.state.calls).toBe(2);
  expect(slept).toEqual([2_000]);
});

test('honours a Retry-After given as an HTTP date', async () => {
  const seen = counter();
  const { client, slept, startMs } = makeTestClient();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    const retryAt = new Date(startMs + 3_000).toUTCString();
    return seen.state.calls === 1
      ? errorJson(429, 'rate_limited', 'slow down', { 'Retry-After': retryAt })
      : HttpResponse.json(makeSpecRecord());
  }));

  const result = await client.getSpec('SHAFT-1042');

  expect(result.ok).toBe(true);
  expect(slept).toEqual([3_000]);
  expect(seen.state.calls).toBe(2);
});

test('returns rate_limited without waiting when Retry-After exceeds the remaining time', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return errorJson(429, 'rate_limited', 'slow down', { 'Retry-After': '60' });
  }));
  const { client, slept } = makeTestClient({ remainingMs: 20_000 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: false, error: { kind: 'rate_limited', retryAfterSeconds: 60 } });
  expect(seen.state.calls).toBe(1);
  expect(slept).toEqual([]);
});

test('backs off with jitter on a 429 without Retry-After and reports 1 s when attempts run out', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return errorJson(429, 'rate_limited', 'slow down');
  }));
  const { client, slept } = makeTestClient({ maxAttempts: 2, random: () => 0.5 });

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: false, error: { kind: 'rate_limited', retryAfterSeconds: 1 } });
  expect(seen.state.calls).toBe(2);
  expect(slept).toEqual([125]);
});

test('retries after a network error and returns the second answer', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return seen.state.calls === 1 ? HttpResponse.error() : HttpResponse.json(makeSpecRecord());
  }));
  const { client, requests } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result.ok).toBe(true);
  expect(seen.state.calls).toBe(2);
  expect(requests).toMatchObject([{ status: null, failure: 'network', attempt: 1 }, { status: 200, attempt: 2 }]);
});

test('a network error that quotes a long token reports no part of it', async () => {
  const token = `eyJ${'Q'.repeat(400)}`;
  const { client } = makeTestClient({
    token,
    maxAttempts: 1,
    // What undici says when a header value cannot be sent; the detail is clipped, and the clip must not keep the token's start.
    fetch: () => Promise.reject(new TypeError(`Headers.append: "Bearer ${token}" is an invalid header value.`)),
  });

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', detail: expect.stringContaining('[redacted]') } });
  expect(JSON.stringify(result)).not.toContain(token.slice(0, 40));
});

test('redacts the token when the server echoes it in an error message', async () => {
  server.use(http.get(SPEC_URL, () => errorJson(500, 'unavailable', `upstream rejected Bearer ${TOKEN}`)));
  const { client } = makeTestClient({ maxAttempts: 1 });

  const result = await client.getSpec('SHAFT-1042');

  expect(JSON.stringify(result)).not.toContain(TOKEN);
  expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', detail: expect.stringContaining('[redacted]') } });
});

test('reports every attempt to onRequest without headers or token', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return seen.state.calls === 1 ? errorJson(502, 'unavailable', 'gateway') : HttpResponse.json(makeSpecRecord());
  }));
  const { client, requests } = makeTestClient();

  await client.getSpec('SHAFT-1042');

  expect(requests).toMatchObject([
    { method: 'GET', url: `${BASE_URL}/specs/SHAFT-1042`, status: 502, attempt: 1 },
    { method: 'GET', url: `${BASE_URL}/specs/SHAFT-1042`, status: 200, attempt: 2 },
  ]);
  expect(JSON.stringify(requests)).not.toContain(TOKEN);
});

test('keeps the result when the onRequest hook throws', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json(makeSpecRecord());
  }));
  const { client } = makeTestClient({ onRequest: () => { throw new Error('log sink down'); } });

  const result = await client.getSpec('SHAFT-1042');

  expect(result.ok).toBe(true);
  expect(seen.state.calls).toBe(1);
});

test('does not retry when Forge egress refuses the host, and says how to allow it', async () => {
  const refused = Object.assign(new Error('URL not included in the external fetch backend permissions'), { name: 'REQUEST_EGRESS_ALLOWLIST_ERR' });
  let calls = 0;
  const { client } = makeTestClient({
    fetch: async () => {
      calls += 1;
      throw refused;
    },
  });

  const result = await client.getSpec('SHAFT-1042');

  expect(calls).toBe(1);
  expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', detail: expect.stringContaining('ENG_API_ORIGIN') } });
});
