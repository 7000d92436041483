import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BASE_URL, counter, makeSpecRecord, makeTestClient } from '../../test/support/engineering-client-kit';
import type { SpecRecord } from '../shared/spec-record';

const BATCH_URL = `${BASE_URL}/specs`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A batch endpoint over `known` records that follows the contract; `tamper` may replace one record's JSON. */
function batchHandler(known: Map<string, SpecRecord>, seen: ReturnType<typeof counter>, tamper?: (r: SpecRecord) => unknown) {
  return http.get(BATCH_URL, ({ request }) => {
    seen.seen(request);
    const ids = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
    if (ids.length > 50) return HttpResponse.json({ error: { code: 'too_many_ids', message: 'max 50' } }, { status: 400 });
    const items = ids.flatMap((id) => {
      const record = known.get(id);
      return record ? [{ record: tamper ? tamper(record) : record, etag: `"${id}-e1"` }] : [];
    });
    return HttpResponse.json({ items, missing: ids.filter((id) => !known.has(id)) });
  });
}

function recordsFor(ids: string[]): Map<string, SpecRecord> {
  return new Map(ids.map((id) => [id, makeSpecRecord({ id, url: `https://eng.example.com/specs/${id}` })]));
}

test('returns found records with ETags and lists the id the system does not know as missing', async () => {
  const seen = counter();
  server.use(batchHandler(recordsFor(['SHAFT-1042', 'GEAR-7']), seen));
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SHAFT-1042', 'BOLT-9', 'GEAR-7']);

  expect(result.ok && [...result.value.found.keys()].sort()).toEqual(['GEAR-7', 'SHAFT-1042']);
  expect(result.ok && result.value.found.get('GEAR-7')?.etag).toBe('"GEAR-7-e1"');
  expect(result.ok && result.value.missing).toEqual(['BOLT-9']);
  expect(result.ok && result.value.invalid.size).toBe(0);
  expect(seen.state.calls).toBe(1);
});

test('splits 120 ids into three requests of at most 50 ids each', async () => {
  const seen = counter();
  const ids = Array.from({ length: 120 }, (_, i) => `P-${i + 1}`);
  server.use(batchHandler(recordsFor(ids), seen));
  const { client } = makeTestClient();

  const result = await client.getSpecs(ids);

  expect(seen.state.calls).toBe(3);
  const sent = seen.state.urls.map((url) => url.searchParams.get('ids')?.split(',') ?? []);
  expect(sent.map((chunk) => chunk.length)).toEqual([50, 50, 20]);
  expect(sent.flat()).toEqual(ids);
  expect(result.ok && result.value.found.size).toBe(120);
});

test('marks only the malformed record invalid, naming its id and field, and keeps the rest', async () => {
  const seen = counter();
  const tamper = (r: SpecRecord) => (r.id === 'GEAR-7' ? { ...r, status: 'approved' } : r);
  server.use(batchHandler(recordsFor(['SHAFT-1042', 'GEAR-7']), seen, tamper));
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SHAFT-1042', 'GEAR-7']);

  expect(result.ok && [...result.value.found.keys()]).toEqual(['SHAFT-1042']);
  expect(result.ok && result.value.invalid.get('GEAR-7')).toMatchObject({
    kind: 'invalid_response',
    id: 'GEAR-7',
    field: 'status',
    detail: expect.stringMatching(/^GEAR-7: status: /),
  });
  expect(seen.state.calls).toBe(1);
});

test('ignores duplicate ids and treats ids that cannot exist as missing without asking', async () => {
  const seen = counter();
  server.use(batchHandler(recordsFor(['SHAFT-1042']), seen));
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SHAFT-1042', 'SHAFT-1042', 'not an id']);

  expect(seen.state.urls[0]?.searchParams.get('ids')).toBe('SHAFT-1042');
  expect(result.ok && result.value.missing).toEqual(['not an id']);
  expect(result.ok && result.value.found.size).toBe(1);
});

test('treats an id the response neither returns nor lists as missing as invalid, not missing', async () => {
  const seen = counter();
  server.use(http.get(BATCH_URL, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json({ items: [{ record: makeSpecRecord(), etag: '"e"' }], missing: [] });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SHAFT-1042', 'GEAR-7']);

  expect(result.ok && result.value.missing).toEqual([]);
  expect(result.ok && result.value.invalid.get('GEAR-7')?.kind).toBe('invalid_response');
});

test('stops at the first failed chunk and returns its error', async () => {
  const seen = counter();
  server.use(http.get(BATCH_URL, ({ request }) => {
    seen.seen(request);
    return seen.state.calls === 2
      ? HttpResponse.json({ error: { code: 'unauthorized', message: 'token revoked' } }, { status: 401 })
      : HttpResponse.json({ items: [], missing: new URL(request.url).searchParams.get('ids')?.split(',') ?? [] });
  }));
  const { client } = makeTestClient();

  const result = await client.getSpecs(Array.from({ length: 120 }, (_, i) => `P-${i + 1}`));

  expect(result).toEqual({ ok: false, error: { kind: 'unauthorized' } });
  expect(seen.state.calls).toBe(2);
});

test('fails the chunk when the batch envelope itself is malformed', async () => {
  server.use(http.get(BATCH_URL, () => HttpResponse.json({ items: 'nope', missing: [] })));
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SHAFT-1042']);

  expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', field: 'items' } });
});

test('makes no request for an empty id list', async () => {
  const seen = counter();
  server.use(batchHandler(new Map(), seen));
  const { client } = makeTestClient();

  const result = await client.getSpecs([]);

  expect(result).toEqual({ ok: true, value: { found: new Map(), missing: [], invalid: new Map() } });
  expect(seen.state.calls).toBe(0);
});

test('reads a past revision and maps an unknown revision to not_found', async () => {
  const seen = counter();
  server.use(http.get(`${BASE_URL}/specs/:id/revisions/:revision`, ({ request, params }) => {
    seen.seen(request);
    return params.revision === 'B'
      ? HttpResponse.json(makeSpecRecord({ revision: 'B' }))
      : HttpResponse.json({ error: { code: 'not_found', message: 'no such revision' } }, { status: 404 });
  }));
  const { client } = makeTestClient();

  const known = await client.getRevision('SHAFT-1042', 'B');
  const unknown = await client.getRevision('SHAFT-1042', 'Z');

  expect(known).toEqual({ ok: true, value: makeSpecRecord({ revision: 'B' }) });
  expect(unknown).toEqual({ ok: false, error: { kind: 'not_found', id: 'SHAFT-1042', revision: 'Z' } });
  expect(seen.state.calls).toBe(2);
});

test('searches with the trimmed query and a limit clamped to 25', async () => {
  const seen = counter();
  const hit = { id: 'SHAFT-1042', title: 'Drive shaft', revision: 'C', status: 'released' };
  server.use(http.get(`${BASE_URL}/search`, ({ request }) => {
    seen.seen(request);
    return HttpResponse.json({ items: [hit] });
  }));
  const { client } = makeTestClient();

  const result = await client.search('  shaft ', 500);
  const empty = await client.search('   ');

  expect(result).toEqual({ ok: true, value: [hit] });
  expect(empty).toEqual({ ok: true, value: [] });
  expect(seen.state.calls).toBe(1);
  expect(seen.state.urls[0]?.searchParams.get('q')).toBe('shaft');
  expect(seen.state.urls[0]?.searchParams.get('limit')).toBe('25');
});

/** A record of about `kib` KiB (valid: under the 64 KiB record limit when kib < 60). */
function largeRecord(id: string, kib: number): SpecRecord {
  return makeSpecRecord({ id, url: `https://eng.example.com/specs/${id}`, title: `${id} `.padEnd(kib * 1024, 'x').slice(0, 200), owner: 'o'.repeat(200), parameters: Array.from({ length: Math.floor(kib * 4) }, (_, i) => ({ name: `P${i} ${'n'.repeat(150)}`, nominal: i, unit: 'mm', tolerance: { type: 'symmetric' as const, value: 0.1 } })) });
}

test('a batch whose answer is over the 1 MiB response cap is read again in halves, and every record is found', async () => {
  const seen = counter();
  const ids = Array.from({ length: 40 }, (_, i) => `BIG-${i + 1}`);
  const known = new Map(ids.map((id) => [id, largeRecord(id, 40)]));
  server.use(batchHandler(known, seen));
  const { client } = makeTestClient();

  const result = await client.getSpecs(ids);

  expect(result.ok && result.value.found.size).toBe(40);
  expect(result.ok && result.value.invalid.size).toBe(0);
  const sizes = seen.state.urls.map((url) => url.searchParams.get('ids')?.split(',').length);
  expect(sizes).toEqual([40, 20, 20]);
});

test('a single answer over the response cap makes its own id invalid, not the batch', async () => {
  const seen = counter();
  const known = recordsFor(['SMALL-1', 'SMALL-2', 'HUGE-1']);
  server.use(
    http.get(BATCH_URL, ({ request }) => {
      seen.seen(request);
      const ids = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
      const items = ids.map((id) => ({ record: id === 'HUGE-1' ? { ...known.get(id), title: 'x'.repeat(1_100_000) } : known.get(id), etag: `"${id}"` }));
      return HttpResponse.json({ items, missing: [] });
    }),
  );
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SMALL-1', 'SMALL-2', 'HUGE-1']);

  expect(result.ok && [...result.value.found.keys()].sort()).toEqual(['SMALL-1', 'SMALL-2']);
  expect(result.ok && result.value.invalid.get('HUGE-1')?.detail).toMatch(/larger than|over the/);
});

test('an upstream answering every batch with a body over the cap costs at most 16 extra requests, and its ids are invalid', async () => {
  const seen = counter();
  server.use(
    http.get(BATCH_URL, ({ request }) => {
      seen.seen(request);
      return new HttpResponse('x'.repeat(1_100_000), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  const ids = Array.from({ length: 50 }, (_, i) => `HUGE-${i + 1}`);
  const { client } = makeTestClient();

  const result = await client.getSpecs(ids);

  expect(seen.state.calls).toBe(17);
  expect(result.ok && result.value.invalid.size).toBe(50);
});
