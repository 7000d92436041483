import { expect, test } from 'vitest';
import { importForgeKvs, rejectionOf, serveKvs } from './forge-kvs-harness';

const { kvs, ForgeKvsAPIError } = await importForgeKvs();

test('an injected 429 surfaces as ForgeKvsAPIError RATE_LIMIT_EXCEEDED and the next call succeeds', async () => {
  const { faults } = serveKvs();
  faults.add({ service: 'kvs', operation: 'set', status: 429, retryAfterSeconds: 7, times: 1 });

  const error = await rejectionOf(kvs.set('busy', 1));
  await kvs.set('busy', 2);

  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  expect(error).toMatchObject({
    code: 'RATE_LIMIT_EXCEEDED',
    responseDetails: { status: 429, statusText: 'Too Many Requests', httpPath: '/api/v1/set' },
  });
  expect(await kvs.get('busy')).toBe(2);
});

test('a faulted response carries Retry-After and the fault skips the write', async () => {
  const { faults, service } = serveKvs();
  faults.add({ service: 'kvs', operation: 'set', status: 429, retryAfterSeconds: 7, times: 1 });
  const request = { method: 'POST', path: '/api/v1/set', headers: new Headers(), principal: { kind: 'app' } as const };

  const response = await service.handle({ ...request, body: JSON.stringify({ key: 'k', value: 1 }) });

  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe('7');
  expect(await kvs.get('k')).toBeUndefined();
});

test('an injected 500 on get surfaces as INTERNAL_SERVER_ERROR', async () => {
  const { faults } = serveKvs();
  faults.add({ service: 'kvs', operation: 'get', status: 500, times: 1 });

  const error = await rejectionOf(kvs.get('anything'));

  expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', responseDetails: { status: 500 } });
});

test('every operation is counted as kvs.<operation>, faulted ones included', async () => {
  const { counters, faults } = serveKvs();
  faults.add({ service: 'kvs', operation: 'delete', status: 503, times: 1 });

  await kvs.set('a', 1);
  await kvs.get('a');
  await kvs.get('a');
  await rejectionOf(kvs.delete('a'));
  await kvs.batchGet([{ key: 'a' }]);

  expect(counters.snapshot()).toEqual({ 'kvs.batch/get': 1, 'kvs.delete': 1, 'kvs.get': 2, 'kvs.set': 1 });
});
