/**
 * Partial failures of KVS batch calls (`failedKeys` other than KEY_NOT_FOUND) with the real @forge/kvs against the
 * local platform's KVS: a key KVS failed to read is not an absent key, and a failed delete is not left silently.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

let platform: LocalPlatform;
let calls: typeof import('../../src/kvs/kvs-calls');
let whereUsed: import('../../src/domain/ports').WhereUsedIndex;

const ref = { pageId: '42', localId: 'macro-1' };

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' } });
  calls = await import('../../src/kvs/kvs-calls');
  whereUsed = (await import('../../src/kvs/where-used')).createKvsWhereUsedIndex();
});

beforeEach(() => {
  platform.faults.clear();
});

afterAll(() => {
  platform.close();
});

test('a key a batch read failed for is read again, and found', async () => {
  await calls.batchWrite([{ key: 'spec:A-1', value: 'a' }, { key: 'spec:B-1', value: 'b' }], 60);
  platform.faults.add({ service: 'kvs', operation: 'batch/get', failKeys: 'spec:A-1', status: 503, times: 1 });
  const injected = platform.faults.injectedCount('kvs', 'batch/get');

  const values = await calls.batchRead<string>(['spec:A-1', 'spec:B-1', 'spec:absent']);

  expect(platform.faults.injectedCount('kvs', 'batch/get') - injected).toBe(1);
  expect(Object.fromEntries(values)).toEqual({ 'spec:A-1': 'a', 'spec:B-1': 'b' });
});

test('a key a batch read keeps failing for is an error, never an absent key', async () => {
  await calls.batchWrite([{ key: 'spec:C-1', value: 'c' }], 60);
  platform.faults.add({ service: 'kvs', operation: 'batch/get', failKeys: 'spec:C-1', status: 500 });
  const reads = platform.counters.get('kvs.batch/get');

  await expect(calls.batchRead<string>(['spec:C-1', 'spec:absent'])).rejects.toThrow(/spec:C-1 \(INTERNAL_SERVER_ERROR\)/);
  expect(platform.counters.get('kvs.batch/get') - reads).toBe(3);
});

test('a where-used entry whose delete failed once is deleted on the retry', async () => {
  await whereUsed.add(['D-1', 'D-2'], ref);
  platform.faults.add({ service: 'kvs', operation: 'batch/delete', failKeys: /^where-used:D-1:/, status: 503, times: 1 });
  const injected = platform.faults.injectedCount('kvs', 'batch/delete');

  await whereUsed.remove(['D-1', 'D-2'], ref);

  expect(platform.faults.injectedCount('kvs', 'batch/delete') - injected).toBe(1);
  expect(await whereUsed.list('D-1')).toEqual([]);
  expect(await whereUsed.list('D-2')).toEqual([]);
});

test('a where-used entry whose delete keeps failing is reported, not silently left', async () => {
  await whereUsed.add(['E-1', 'E-2'], ref);
  platform.faults.add({ service: 'kvs', operation: 'batch/delete', failKeys: /^where-used:E-1:/, status: 500 });

  await expect(whereUsed.remove(['E-1', 'E-2'], ref)).rejects.toThrow(/where-used:E-1:42:macro-1 \(INTERNAL_SERVER_ERROR\)/);
  platform.faults.clear();
  expect(await whereUsed.list('E-1')).toEqual([ref]);
  expect(await whereUsed.list('E-2')).toEqual([]);
});

test('removing an entry that is already gone is not a failure', async () => {
  await expect(whereUsed.remove(['F-1'], ref)).resolves.toBeUndefined();
});
