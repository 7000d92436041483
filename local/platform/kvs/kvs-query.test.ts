import { expect, test } from 'vitest';
import { importForgeKvs, rejectionOf, serveKvs } from './forge-kvs-harness';

const { kvs, WhereConditions, MetadataField } = await importForgeKvs();

async function seed(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    await kvs.batchSet(keys.slice(i, i + 25).map((key) => ({ key, value: { key } })));
  }
}

test('query pages through keys beginning with a prefix in key order', async () => {
  serveKvs();
  const specKeys = Array.from({ length: 25 }, (_, i) => `spec:${String(i).padStart(2, '0')}`);
  await seed([...specKeys].reverse());
  await seed(['other:1', 'spec', 'spex:1']);

  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const builder = kvs.query().where('key', WhereConditions.beginsWith('spec:')).limit(10);
    const page = await (cursor ? builder.cursor(cursor) : builder).getMany<{ key: string }>();
    pages.push(page.results.map((r) => r.key));
    cursor = page.nextCursor;
  } while (cursor);

  expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
  expect(pages.flat()).toEqual(specKeys);
});

test('query returns 10 items by default and value objects intact', async () => {
  serveKvs();
  await seed(Array.from({ length: 12 }, (_, i) => `k:${String(i).padStart(2, '0')}`));

  const page = await kvs.query().getMany<{ key: string }>();

  expect(page.results).toHaveLength(10);
  expect(page.results[0]).toEqual({ key: 'k:00', value: { key: 'k:00' } });
  expect(page.nextCursor).toEqual(expect.any(String));
});

test('the last page carries no cursor and getOne returns the first match', async () => {
  serveKvs();
  await seed(['a:1', 'a:2', 'b:1']);

  const page = await kvs.query().where('key', WhereConditions.beginsWith('a:')).limit(2).getMany();
  const first = await kvs.query().where('key', WhereConditions.beginsWith('b:')).getOne();
  const none = await kvs.query().where('key', WhereConditions.beginsWith('zzz')).getOne();

  expect(page.results.map((r) => r.key)).toEqual(['a:1', 'a:2']);
  expect(page.nextCursor).toBeUndefined();
  expect(first).toEqual({ key: 'b:1', value: { key: 'b:1' } });
  expect(none).toBeUndefined();
});

test('query with metadataFields includes expireTime of items that have a ttl', async () => {
  const { clock } = serveKvs();
  await kvs.set('t:ttl', 1, { ttl: { value: 30, unit: 'SECONDS' } });
  await kvs.set('t:plain', 2);

  const page = await kvs
    .query({ metadataFields: [MetadataField.EXPIRE_TIME] })
    .where('key', WhereConditions.beginsWith('t:'))
    .getMany();

  expect(page.results).toEqual([
    { key: 't:plain', value: 2 },
    { key: 't:ttl', value: 1, expireTime: new Date(clock.now() + 30_000).toISOString().replace('.000Z', 'Z') },
  ]);
});

test.each([
  { limit: 100, ok: true },
  { limit: 101, ok: false },
])('a query limit of $limit is accepted: $ok', async ({ limit, ok }) => {
  serveKvs();

  const outcome = await kvs.query().limit(limit).getMany().then(
    () => 'accepted',
    (error: { code: string }) => error.code,
  );

  expect(outcome).toBe(ok ? 'accepted' : 'LIST_QUERY_LIMIT_EXCEEDED');
});

test('a forged cursor is rejected', async () => {
  serveKvs();

  const error = await rejectionOf(kvs.query().cursor('not-a-cursor').getMany());

  expect(error.code).toBe('BAD_REQUEST');
});
