import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { importForgeKvs, lastForgeFetch, rejectionOf, serveKvs } from './forge-kvs-harness';

const forge = await importForgeKvs();
const { kvs, MetadataField, WhereConditions, ForgeKvsAPIError } = forge;
const tempDirs: string[] = [];

afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SECOND = 1000;
const TTL_UNITS = [
  { unit: 'SECONDS', value: 30, ms: 30 * SECOND },
  { unit: 'MINUTES', value: 5, ms: 5 * 60 * SECOND },
  { unit: 'HOURS', value: 2, ms: 2 * 3600 * SECOND },
  { unit: 'DAYS', value: 3, ms: 3 * 86400 * SECOND },
] as const;

test('a value set through @forge/kvs reads back unchanged over the kvs transport', async () => {
  serveKvs();
  const value = { title: 'Spec', revision: 3, tags: ['a', 'b'], nested: { ok: true } };

  await kvs.set('spec:1', value);
  const read = await kvs.get('spec:1');

  expect(read).toEqual(value);
  expect(lastForgeFetch()).toEqual({
    target: { type: 'kvs', provider: 'app', remote: 'kvs' },
    path: '/api/v1/get',
    method: 'POST',
  });
});

test('get of a missing key resolves undefined and delete is idempotent', async () => {
  serveKvs();
  await kvs.set('k', 'v');

  await kvs.delete('k');
  await kvs.delete('k');

  expect(await kvs.get('k')).toBeUndefined();
  expect(await kvs.get('never-set')).toBeUndefined();
});

test('get with metadataFields returns created, updated and expiry times from the clock', async () => {
  const { clock } = serveKvs();
  const created = clock.now();
  await kvs.set('meta', 1);
  clock.advance(90 * SECOND);
  await kvs.set('meta', 2, { ttl: { value: 1, unit: 'HOURS' } });

  const result = await kvs.get('meta', {
    metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME],
  });

  expect(result).toEqual({
    key: 'meta',
    value: 2,
    createdAt: created / 1000,
    updatedAt: created / 1000 + 90,
    expireTime: new Date(clock.now() + 3600 * SECOND).toISOString().replace('.000Z', 'Z'),
  });
});

test.each(TTL_UNITS)('a key set with a ttl in $unit disappears from get and query once it expires', async ({ unit, value, ms }) => {
  const { clock } = serveKvs();
  await kvs.set(`ttl:${unit}`, 'short-lived', { ttl: { value, unit } });

  clock.advance(ms - 1);
  const beforeExpiry = await kvs.get(`ttl:${unit}`);
  clock.advance(1);
  const afterExpiry = await kvs.get(`ttl:${unit}`);
  const listed = await kvs.query().where('key', WhereConditions.beginsWith('ttl:')).getMany();

  expect(beforeExpiry).toBe('short-lived');
  expect(afterExpiry).toBeUndefined();
  expect(listed.results).toEqual([]);
});

test('a ttl longer than one year is rejected and exactly one year is accepted', async () => {
  serveKvs();

  const error = await rejectionOf(kvs.set('long', 1, { ttl: { value: 366, unit: 'DAYS' } }));
  await kvs.set('year', 1, { ttl: { value: 365, unit: 'DAYS' } });

  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  expect(error.code).toBe('BAD_REQUEST');
  expect(await kvs.get('long')).toBeUndefined();
  expect(await kvs.get('year')).toBe(1);
});

test('FAIL_IF_EXISTS rejects an existing key with KEY_CONFLICT and accepts it again after expiry', async () => {
  const { clock } = serveKvs();
  await kvs.set('delivery:1', 'first', { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 10, unit: 'MINUTES' } });

  const conflict = await rejectionOf(kvs.set('delivery:1', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
  clock.advance(10 * 60 * SECOND);
  await kvs.set('delivery:1', 'third', { keyPolicy: 'FAIL_IF_EXISTS' });

  expect(conflict).toBeInstanceOf(ForgeKvsAPIError);
  expect(conflict).toMatchObject({ code: 'KEY_CONFLICT', responseDetails: { status: 409, httpPath: '/api/v1/set' } });
  expect(await kvs.get('delivery:1')).toBe('third');
});

test('OVERRIDE with returnValue answers the previous or the latest item with the asked metadata', async () => {
  const { clock } = serveKvs();
  const created = clock.now() / 1000;
  await kvs.set('counter', 1);
  clock.advance(5 * SECOND);

  const previous = await kvs.set('counter', 2, {
    keyPolicy: 'OVERRIDE',
    returnValue: 'PREVIOUS',
    returnMetadataFields: [MetadataField.UPDATED_AT],
  });
  const latest = await kvs.set('counter', 3, {
    keyPolicy: 'OVERRIDE',
    returnValue: 'LATEST',
    returnMetadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT],
  });
  const noPrevious = await kvs.set('fresh', 'x', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });

  expect(previous).toEqual({ key: 'counter', value: 1, updatedAt: created });
  expect(latest).toEqual({ key: 'counter', value: 3, createdAt: created, updatedAt: created + 5 });
  expect(noPrevious).toBeUndefined();
});

test('returnValue with FAIL_IF_EXISTS is rejected as an invalid combination', async () => {
  serveKvs();

  const error = await rejectionOf(
    kvs.set('k', 1, { keyPolicy: 'FAIL_IF_EXISTS', returnValue: 'LATEST' } as unknown as { keyPolicy: 'FAIL_IF_EXISTS' }),
  );

  expect(error.code).toBe('INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION');
  expect(await kvs.get('k')).toBeUndefined();
});

test.each([
  { title: 'a 501-character key', key: 'k'.repeat(501), code: 'KEY_TOO_LONG' },
  { title: 'a key with a slash', key: 'spec/1', code: 'INVALID_KEY' },
  { title: 'a whitespace-only key', key: '   ', code: 'INVALID_KEY' },
  { title: 'an empty key', key: '', code: 'KEY_TOO_SHORT' },
])('set and get reject $title with $code', async ({ key, code }) => {
  serveKvs();

  const setError = await rejectionOf(kvs.set(key, 'v'));
  const getError = await rejectionOf(kvs.get(key));

  expect(setError).toBeInstanceOf(ForgeKvsAPIError);
  expect(setError).toMatchObject({ code, responseDetails: { status: 400 } });
  expect(getError.code).toBe(code);
});

test('a 500-character key with every allowed character class is accepted', async () => {
  serveKvs();
  const key = `Aa0:._ -#${'x'.repeat(491)}`;

  await kvs.set(key, 'ok');

  expect(key).toHaveLength(500);
  expect(await kvs.get(key)).toBe('ok');
});

test('a value whose JSON is 240 KiB is stored and one byte more is rejected with MAX_SIZE', async () => {
  serveKvs();
  const limit = 240 * 1024;
  const fits = 'x'.repeat(limit - 2);
  const tooBig = 'x'.repeat(limit - 1);

  await kvs.set('fits', fits);
  const error = await rejectionOf(kvs.set('too-big', tooBig));

  expect(JSON.stringify(tooBig)).toHaveLength(limit + 1);
  expect(await kvs.get('fits')).toBe(fits);
  expect(error).toMatchObject({ code: 'MAX_SIZE', responseDetails: { status: 400 } });
  expect(await kvs.get('too-big')).toBeUndefined();
});

test('a value nested deeper than 31 levels is rejected with MAX_DEPTH', async () => {
  serveKvs();
  const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { down: nest(levels - 1) });

  await kvs.set('deep-ok', nest(31));
  const error = await rejectionOf(kvs.set('too-deep', nest(32)));

  expect(await kvs.get('deep-ok')).toEqual(nest(31));
  expect(error.code).toBe('MAX_DEPTH');
});

test('secrets live in their own namespace, hidden from get and query, with a 128 KiB limit', async () => {
  serveKvs();
  await kvs.setSecret('token:site', { secret: 's3cr3t' });
  await kvs.set('token:plain', 'visible');

  const secret = await kvs.getSecret('token:site');
  const plainRead = await kvs.get('token:site');
  const listed = await kvs.query().where('key', WhereConditions.beginsWith('token:')).getMany();
  const tooBig = await rejectionOf(kvs.setSecret('big', 'x'.repeat(128 * 1024)));
  await kvs.deleteSecret('token:site');

  expect(secret).toEqual({ secret: 's3cr3t' });
  expect(plainRead).toBeUndefined();
  expect(listed.results.map((r) => r.key)).toEqual(['token:plain']);
  expect(tooBig.code).toBe('MAX_SIZE');
  expect(await kvs.getSecret('token:site')).toBeUndefined();
});

test('stored values and expiry times survive reopening the same SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvs-'));
  tempDirs.push(dir);
  const file = join(dir, 'platform.sqlite');
  const first = serveKvs(file);
  await kvs.set('kept', { v: 1 });
  await kvs.set('expiring', 'soon', { ttl: { value: 1, unit: 'MINUTES' } });
  await kvs.setSecret('secret', 'shh');
  first.db.close();

  const second = serveKvs(file, first.clock);
  const kept = await kvs.get('kept');
  const secret = await kvs.getSecret('secret');
  const beforeExpiry = await kvs.get('expiring');
  second.clock.advance(60 * SECOND);
  const expired = await kvs.get('expiring');
  second.db.close();

  expect(kept).toEqual({ v: 1 });
  expect(secret).toBe('shh');
  expect(beforeExpiry).toBe('soon');
  expect(expired).toBeUndefined();
});

test('Custom Entity Store calls are refused with NOT_IMPLEMENTED rather than half-emulated', async () => {
  serveKvs();

  const error = await rejectionOf(kvs.entity('employees').get('e-1'));

  expect(error).toMatchObject({ code: 'NOT_IMPLEMENTED', responseDetails: { status: 501, httpPath: '/api/v1/entity/get' } });
});

test('unknown routes answer 404 NOT_FOUND and non-POST methods 405', async () => {
  const { service, counters } = serveKvs();
  const base = { headers: new Headers(), body: '{"key":"k"}', principal: { kind: 'app' } as const };

  const unknown = await service.handle({ ...base, method: 'POST', path: '/api/v1/list' });
  const wrongMethod = await service.handle({ ...base, method: 'GET', path: '/api/v1/get' });

  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ code: 'NOT_FOUND', message: 'No KVS route /api/v1/list' });
  expect(wrongMethod.status).toBe(405);
  expect(counters.snapshot()).toEqual({ 'kvs.get': 1 });
});
