import { expect, onTestFinished, test } from 'vitest';
import { startSampleEngineering } from './start-sample-engineering';

async function start() {
  const sample = await startSampleEngineering();
  onTestFinished(() => sample.close());
  return sample;
}

test.each([
  ['no Authorization header', undefined],
  ['a wrong token', 'Bearer not-the-token'],
  ['another scheme', 'Basic c2FtcGxlOnRva2Vu'],
])('answers 401 unauthorized for %s', async (_case, authorization) => {
  const sample = await start();
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };

  const response = await fetch(`${sample.baseUrl}/specs/SHAFT-1042`, { headers });

  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
});

test('serves a record with a strong ETag and answers 304 without a body when If-None-Match matches', async () => {
  const sample = await start();

  const first = await sample.api('/specs/SHAFT-1042');
  const etag = first.headers.get('etag') as string;
  const again = await sample.api('/specs/SHAFT-1042', { headers: { 'if-none-match': etag } });
  const other = await sample.api('/specs/SHAFT-1042', { headers: { 'if-none-match': '"something-else"' } });

  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toBe('application/json');
  expect(etag).toMatch(/^"[^"]+"$/);
  expect(await first.json()).toMatchObject({ id: 'SHAFT-1042', revision: 'C', url: 'https://plm.example.com/specs/SHAFT-1042' });
  expect(again.status).toBe(304);
  expect(again.headers.get('etag')).toBe(etag);
  expect(await again.text()).toBe('');
  expect(other.status).toBe(200);
});

test('answers 404 not_found for an unknown id and 400 bad_request for a malformed one', async () => {
  const sample = await start();

  const unknown = await sample.api('/specs/SHAFT-9999');
  const malformed = await sample.api('/specs/shaft-1042');

  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
  expect(malformed.status).toBe(400);
  expect((await malformed.json()).error.code).toBe('bad_request');
});

test('batch read returns records with their ETags in request order, ignores duplicates and lists missing ids', async () => {
  const sample = await start();
  const single = await sample.api('/specs/BOLT-2001');

  const response = await sample.api('/specs?ids=BOLT-2001,NOPE-1,S-100,BOLT-2001');
  const body = await response.json();

  expect(response.status).toBe(200);
  expect(body.items.map((item: { record: { id: string } }) => item.record.id)).toEqual(['BOLT-2001', 'S-100']);
  expect(body.items[0].etag).toBe(single.headers.get('etag'));
  expect(body.missing).toEqual(['NOPE-1']);
});

test('batch read of more than 50 distinct ids answers 400 too_many_ids', async () => {
  const sample = await start();
  const ids = Array.from({ length: 51 }, (_, index) => `P-${index + 1}`);

  const tooMany = await sample.api(`/specs?ids=${ids.join(',')}`);
  const fiftyWithDuplicates = await sample.api(`/specs?ids=${[...ids.slice(0, 50), 'P-1'].join(',')}`);

  expect(tooMany.status).toBe(400);
  expect((await tooMany.json()).error.code).toBe('too_many_ids');
  expect(fiftyWithDuplicates.status).toBe(200);
  expect((await fiftyWithDuplicates.json()).missing).toHaveLength(50);
});

test('search matches id or title case-insensitively, ordered by id, up to the limit', async () => {
  const sample = await start();

  const mixed = await (await sample.api('/search?q=sHaFt')).json();
  const byId = await (await sample.api('/search?q=psu-48')).json();
  const limited = await (await sample.api('/search?q=a&limit=3')).json();

  expect(mixed.items.map((item: { id: string }) => item.id)).toEqual([
    'BRG-3003',
    'FIT-3102',
    'SEAL-3701',
    'SHAFT-1042',
    'SHAFT-1043',
    'SHAFT-1050',
    'SHAFT-1051',
    'SHAFT-1060',
  ]);
  expect(byId.items.map((item: { id: string }) => item.id)).toEqual(['PSU-4801', 'PSU-4802', 'PSU-4803', 'PSU-4804', 'PSU-4805']);
  expect(byId.items[0]).toEqual({ id: 'PSU-4801', title: 'Logic supply rail 5 V, controller board', revision: 'C', status: 'released' });
  expect(limited.items).toHaveLength(3);
});

test.each([
  ['an empty query', '/search?q='],
  ['a missing query', '/search'],
  ['a query over 100 characters', `/search?q=${'x'.repeat(101)}`],
  ['limit 0', '/search?q=a&limit=0'],
  ['limit 26', '/search?q=a&limit=26'],
  ['a non-numeric limit', '/search?q=a&limit=ten'],
])('search answers 400 bad_request for %s', async (_case, path) => {
  const sample = await start();

  const response = await sample.api(path);

  expect(response.status).toBe(400);
  expect((await response.json()).error.code).toBe('bad_request');
});

test('revisions serve earlier revisions from history, the current one, and 404 for unknown ones', async () => {
  const sample = await start();

  const revisionB = await (await sample.api('/specs/SHAFT-1042/revisions/B')).json();
  const revisionC = await (await sample.api('/specs/SHAFT-1042/revisions/C')).json();
  const unknown = await sample.api('/specs/SHAFT-1042/revisions/Z');

  expect(revisionB.revision).toBe('B');
  expect(revisionB.parameters[0].tolerance).toEqual({ type: 'deviation', upper: 0, lower: 0.021 });
  expect(revisionC.parameters[0].tolerance).toEqual({ type: 'deviation', upper: 0, lower: 0.013 });
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
});

test('paths outside the base path and unknown routes answer 404 JSON', async () => {
  const sample = await start();

  const outside = await fetch(`${sample.server.url}/wiki/api/v2/pages`);
  const unknownRoute = await sample.api('/specs/SHAFT-1042/history');

  expect(outside.status).toBe(404);
  expect(await outside.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  expect(unknownRoute.status).toBe(404);
  expect((await unknownRoute.json()).error.code).toBe('not_found');
});
