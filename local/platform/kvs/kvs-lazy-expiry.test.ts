import { expect, test } from 'vitest';
import { ManualClock } from '../clock';
import { importForgeKvs, rejectionOf, serveKvs } from './forge-kvs-harness';

const { kvs, MetadataField, WhereConditions } = await importForgeKvs();

const ttl = { value: 30, unit: 'SECONDS' } as const;

test('with lazy expiry an expired key is still returned by get, batch get and query, with its past expiry time', async () => {
  const clock = new ManualClock();
  serveKvs(':memory:', clock, { lazyExpiry: true });
  await kvs.set('lease:a', { owner: 'x' }, { ttl });
  clock.advance(31_000);

  const read = await kvs.get('lease:a', { metadataFields: [MetadataField.EXPIRE_TIME] });
  const batch = await kvs.batchGet([{ key: 'lease:a' }]);
  const listed = await kvs.query().where('key', WhereConditions.beginsWith('lease:')).getMany();

  expect(read).toMatchObject({ value: { owner: 'x' } });
  expect(Date.parse(read?.expireTime ?? '')).toBeLessThan(clock.now());
  expect(batch.successfulKeys.map((k) => k.key)).toEqual(['lease:a']);
  expect(listed.results.map((r) => r.key)).toEqual(['lease:a']);
});

test('with lazy expiry FAIL_IF_EXISTS still conflicts on an expired key and OVERRIDE returns it as PREVIOUS', async () => {
  const clock = new ManualClock();
  serveKvs(':memory:', clock, { lazyExpiry: true });
  await kvs.set('lease:b', 'old', { ttl });
  clock.advance(60_000);
  await kvs.set('other', 1); // a write, after which an exact store would have purged the expired key

  const conflict = await rejectionOf(kvs.set('lease:b', 'new', { keyPolicy: 'FAIL_IF_EXISTS', ttl }));
  const swapped = await kvs.set('lease:b', 'new', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', ttl });

  expect(conflict.code).toBe('KEY_CONFLICT');
  expect(swapped).toMatchObject({ key: 'lease:b', value: 'old' });
  expect(await kvs.get('lease:b')).toBe('new');
});

test('with lazy expiry a deleted key is gone; without it an expired key disappears at once', async () => {
  const lazyClock = new ManualClock();
  serveKvs(':memory:', lazyClock, { lazyExpiry: true });
  await kvs.set('gone', 1, { ttl });
  lazyClock.advance(31_000);
  await kvs.delete('gone');
  expect(await kvs.get('gone')).toBeUndefined();

  const exactClock = new ManualClock();
  serveKvs(':memory:', exactClock);
  await kvs.set('exact', 1, { ttl });
  exactClock.advance(31_000);
  expect(await kvs.get('exact')).toBeUndefined();
});
