import { expect, test } from 'vitest';
import { importForgeKvs, rejectionOf, serveKvs } from './forge-kvs-harness';

const { kvs, ForgeKvsAPIError } = await importForgeKvs();

const items = (count: number, prefix = 'item') =>
  Array.from({ length: count }, (_, i) => ({ key: `${prefix}:${String(i).padStart(2, '0')}`, value: i }));

test('batchSet, batchGet and batchDelete report per-key outcomes', async () => {
  serveKvs();

  const set = await kvs.batchSet(items(3));
  const got = await kvs.batchGet([{ key: 'item:00' }, { key: 'item:02' }, { key: 'missing' }]);
  const deleted = await kvs.batchDelete([{ key: 'item:01' }, { key: 'missing' }]);

  expect(set).toEqual({ successfulKeys: [{ key: 'item:00' }, { key: 'item:01' }, { key: 'item:02' }], failedKeys: [] });
  expect(got.successfulKeys).toEqual([
    { key: 'item:00', value: 0 },
    { key: 'item:02', value: 2 },
  ]);
  expect(got.failedKeys).toEqual([{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } }]);
  expect(deleted.successfulKeys).toEqual([{ key: 'item:01' }]);
  expect(deleted.failedKeys.map((f) => f.error.code)).toEqual(['KEY_NOT_FOUND']);
  expect(await kvs.get('item:01')).toBeUndefined();
});

test('batchSet stores the valid items and lists invalid ones in failedKeys', async () => {
  serveKvs();

  const result = await kvs.batchSet<unknown>([
    { key: 'good', value: 1 },
    { key: 'bad/key', value: 2 },
    { key: 'huge', value: 'x'.repeat(240 * 1024) },
  ]);

  expect(result.successfulKeys).toEqual([{ key: 'good' }]);
  expect(result.failedKeys.map((f) => [f.key, f.error.code])).toEqual([
    ['bad/key', 'INVALID_KEY'],
    ['huge', 'MAX_SIZE'],
  ]);
  expect(await kvs.get('good')).toBe(1);
  expect(await kvs.get('huge')).toBeUndefined();
});

test.each([
  { operation: 'batchSet', call: () => kvs.batchSet(items(26)) },
  { operation: 'batchGet', call: () => kvs.batchGet(items(26).map(({ key }) => ({ key }))) },
  { operation: 'batchDelete', call: () => kvs.batchDelete(items(26).map(({ key }) => ({ key }))) },
])('$operation of 26 keys fails as a whole', async ({ call }) => {
  serveKvs();

  const error = await rejectionOf(call());

  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  expect(error).toMatchObject({ code: 'BAD_REQUEST', responseDetails: { status: 400 } });
  expect(await kvs.get('item:00')).toBeUndefined();
});

test('a batch of exactly 25 keys is accepted', async () => {
  serveKvs();

  const result = await kvs.batchSet(items(25));

  expect(result.successfulKeys).toHaveLength(25);
  expect(result.failedKeys).toEqual([]);
});

test('a batch with a duplicate key or no items fails as a whole and writes nothing', async () => {
  serveKvs();

  const duplicate = await rejectionOf(kvs.batchSet([{ key: 'a', value: 1 }, { key: 'b', value: 2 }, { key: 'a', value: 3 }]));
  const empty = await rejectionOf(kvs.batchGet([]));

  expect(duplicate.code).toBe('BAD_REQUEST');
  expect(duplicate.message).toMatch(/same key/);
  expect(empty.code).toBe('BAD_REQUEST');
  expect(await kvs.get('a')).toBeUndefined();
  expect(await kvs.get('b')).toBeUndefined();
});

test('batchSet items expire by their own ttl', async () => {
  const { clock } = serveKvs();
  await kvs.batchSet([
    { key: 'short', value: 1, options: { ttl: { value: 1, unit: 'MINUTES' } } },
    { key: 'long', value: 2 },
  ]);

  clock.advance(60_000);
  const result = await kvs.batchGet([{ key: 'short' }, { key: 'long' }]);

  expect(result.successfulKeys.map((s) => s.key)).toEqual(['long']);
  expect(result.failedKeys.map((f) => f.key)).toEqual(['short']);
});

test('a transaction applies its sets and deletes together', async () => {
  serveKvs();
  await kvs.set('old', 'gone soon');

  await kvs
    .transact()
    .set('new:1', { a: 1 })
    .set('new:2', 'two', undefined, { ttl: { value: 1, unit: 'DAYS' } })
    .delete('old')
    .execute();

  expect(await kvs.get('new:1')).toEqual({ a: 1 });
  expect(await kvs.get('new:2')).toBe('two');
  expect(await kvs.get('old')).toBeUndefined();
});

test('a transaction with one invalid operation changes nothing', async () => {
  serveKvs();
  await kvs.set('keep', 'me');

  const error = await rejectionOf(kvs.transact().set('first', 1).delete('keep').set('second', 'x'.repeat(240 * 1024)).execute());

  expect(error.code).toBe('MAX_SIZE');
  expect(await kvs.get('first')).toBeUndefined();
  expect(await kvs.get('keep')).toBe('me');
});

test('a transaction rejects 26 operations and a key used twice', async () => {
  serveKvs();
  const tooMany = kvs.transact();
  items(26).forEach(({ key, value }) => tooMany.set(key, value));

  const sizeError = await rejectionOf(tooMany.execute());
  const duplicateError = await rejectionOf(kvs.transact().set('same', 1).delete('same').execute());

  expect(sizeError).toMatchObject({ code: 'BAD_REQUEST', responseDetails: { status: 400, httpPath: '/api/v1/transaction' } });
  expect(duplicateError.message).toMatch(/once/);
  expect(await kvs.get('item:00')).toBeUndefined();
  expect(await kvs.get('same')).toBeUndefined();
});

test('a transaction refuses keyPolicy options, which only a single set accepts', async () => {
  serveKvs();

  const error = await rejectionOf(
    kvs.transact().set('k', 1, undefined, { keyPolicy: 'FAIL_IF_EXISTS' } as unknown as { ttl: undefined }).execute(),
  );

  expect(error.code).toBe('INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION');
});

test('an injected 429 on a transaction surfaces as TOO_MANY_REQUESTS', async () => {
  const { faults } = serveKvs();
  faults.add({ service: 'kvs', operation: 'transaction', status: 429, times: 1 });

  const error = await rejectionOf(kvs.transact().set('k', 1).execute());

  expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', responseDetails: { status: 429 } });
  expect(await kvs.get('k')).toBeUndefined();
});
