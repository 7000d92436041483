import type { FetchMethodAllowingRoute } from '@forge/api';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, expectTypeOf, test } from 'vitest';
import { BASE_URL, counter, errorJson, makeSpecRecord, makeTestClient, TOKEN } from '../../test/support/engineering-client-kit';
import { describeEngineeringError } from './errors';
import type { EngineeringFetch } from './http-transport';
import { MAX_RESPONSE_BYTES } from './read-capped-body';

const SPEC_URL = `${BASE_URL}/specs/:id`;
const server = setupServer();

// msw 3 renamed v2's `onUnhandledRequest` to `onUnhandledFrame`.
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('returns the validated record and its ETag, sending Bearer and Accept headers', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json(makeSpecRecord(), { headers: { ETag: '"v7"' } });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: true, value: { record: makeSpecRecord(), etag: '"v7"' } });
  expect(seen.state.calls).toBe(1);
  expect(seen.state.headers[0]?.get('authorization')).toBe(`Bearer ${TOKEN}`);
  expect(seen.state.headers[0]?.get('accept')).toBe('application/json');
});

test('sends If-None-Match and reports notModified when the server answers 304', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return request.headers.get('if-none-match') === '"v7"'
      ? new HttpResponse(null, { status: 304, headers: { ETag: '"v7"' } })
      : HttpResponse.json(makeSpecRecord(), { headers: { ETag: '"v8"' } });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042', { etag: '"v7"' });

  expect(result).toEqual({ ok: true, value: { notModified: true, etag: '"v7"' } });
  expect(seen.state.calls).toBe(1);
});

test.each([401, 403])('maps %i to unauthorized without retrying and never leaks the token', async (status) => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return errorJson(status, 'unauthorized', `bad token ${TOKEN}`);
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toEqual({ ok: false, error: { kind: 'unauthorized' } });
  expect(seen.state.calls).toBe(1);
  expect(!result.ok && describeEngineeringError(result.error)).not.toContain(TOKEN);
});

test('maps 404 to not_found naming the id, without retrying', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return errorJson(404, 'not_found', 'no such spec');
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('GEAR-7');

  expect(result).toEqual({ ok: false, error: { kind: 'not_found', id: 'GEAR-7' } });
  expect(seen.state.calls).toBe(1);
});

test('reports truncated JSON as invalid_response without retrying', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return new HttpResponse(JSON.stringify(makeSpecRecord()).slice(0, 40), { headers: { 'Content-Type': 'application/json' } });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', detail: expect.stringContaining('not valid JSON') } });
  expect(seen.state.calls).toBe(1);
});

test('names the record id and the field path when a value has the wrong type', async () => {
  const seen = counter();
  const record = makeSpecRecord();
  const badParameter = { ...record.parameters[1], tolerance: { type: 'deviation', upper: '0.1', lower: 0 } };
  const broken = { ...record, parameters: [...record.parameters.slice(0, 2), badParameter] };
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json(broken);
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toMatchObject({
    ok: false,
    error: { kind: 'invalid_response', id: 'SHAFT-1042', field: 'parameters[2].tolerance.upper' },
  });
  expect(!result.ok && result.error.kind === 'invalid_response' && result.error.detail).toMatch(
    /^SHAFT-1042: parameters\[2\]\.tolerance\.upper: expected number/,
  );
  expect(seen.state.calls).toBe(1);
});

test('refuses a streamed body larger than 1 MiB while reading it', async () => {
  const seen = counter();
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > MAX_RESPONSE_BYTES + chunk.byteLength) controller.close();
        else controller.enqueue(chunk);
      },
    });
    return new HttpResponse(body, { headers: { 'Content-Type': 'application/json' } });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', detail: expect.stringContaining('larger than') } });
  expect(seen.state.calls).toBe(1);
});

test('refuses a body whose Content-Length exceeds 1 MiB before reading it', async () => {
  const seen = counter();
  const big = JSON.stringify({ ...makeSpecRecord(), title: 'x'.repeat(MAX_RESPONSE_BYTES) });
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return new HttpResponse(big, { headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length) } });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', detail: expect.stringContaining('Content-Length') } });
  expect(seen.state.calls).toBe(1);
});

test('answers not_found for an id that cannot exist, without a request', async () => {
  const seen = counter();
  server.use(http.get(SPEC_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json(makeSpecRecord());
  }));
  const { client } = makeTestClient();

  const result = await client.getSpec('../admin');

  expect(result).toEqual({ ok: false, error: { kind: 'not_found', id: '../admin' } });
  expect(seen.state.calls).toBe(0);
});

test('refuses a record whose id differs from the one requested', async () => {
  server.use(http.get(SPEC_URL, () => HttpResponse.json(makeSpecRecord({ id: 'GEAR-7' }))));
  const { client } = makeTestClient();

  const result = await client.getSpec('SHAFT-1042');

  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', id: 'SHAFT-1042', field: 'id' } });
});

test('accepts the fetch of @forge/api and the global fetch as its transport', () => {
  expectTypeOf<FetchMethodAllowingRoute>().toExtend<EngineeringFetch>();
  expectTypeOf<typeof globalThis.fetch>().toExtend<EngineeringFetch>();
});
