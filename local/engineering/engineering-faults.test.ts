import { expect, onTestFinished, test } from 'vitest';
import { startSampleEngineering } from './start-sample-engineering';

async function start() {
  const sample = await startSampleEngineering();
  onTestFinished(() => sample.close());
  return sample;
}

test('a fault rule with status 503 answers unavailable for the matching route only', async () => {
  const sample = await start();
  sample.faults.add({ service: 'engineering', operation: 'GET /specs/{id}', status: 503 });

  const faulted = await sample.api('/specs/SHAFT-1042');
  const batch = await sample.api('/specs?ids=SHAFT-1042');

  expect(faulted.status).toBe(503);
  expect(await faulted.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  expect(batch.status).toBe(200);
});

test('a fault rule with status 429 answers rate_limited with Retry-After', async () => {
  const sample = await start();
  sample.faults.add({ service: 'engineering', operation: /^GET /, status: 429, retryAfterSeconds: 7, times: 1 });

  const limited = await sample.api('/search?q=bolt');
  const next = await sample.api('/search?q=bolt');

  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('7');
  expect((await limited.json()).error.code).toBe('rate_limited');
  expect(next.status).toBe(200);
});

test('faults apply before authentication, like an overloaded gateway', async () => {
  const sample = await start();
  sample.faults.add({ service: 'engineering', status: 503 });

  const response = await fetch(`${sample.baseUrl}/specs/SHAFT-1042`);

  expect(response.status).toBe(503);
});

test.each([
  [true, 503, 'unavailable', null],
  [500, 500, 'unavailable', null],
  [429, 429, 'rate_limited', '1'],
])('setMode({ failAll: %s }) answers %i %s until switched off', async (failAll, status, code, retryAfter) => {
  const sample = await start();
  sample.system.admin.setMode({ failAll });

  const failed = await sample.api('/specs/SHAFT-1042');
  sample.system.admin.setMode({});
  const recovered = await sample.api('/specs/SHAFT-1042');

  expect(failed.status).toBe(status);
  expect(failed.headers.get('retry-after')).toBe(retryAfter);
  expect((await failed.json()).error.code).toBe(code);
  expect(recovered.status).toBe(200);
});

test('counts every request in total and per route, failed ones included', async () => {
  const sample = await start();
  sample.faults.add({ service: 'engineering', operation: 'GET /search', status: 503 });

  await sample.api('/specs/SHAFT-1042');
  await sample.api('/specs/S-100');
  await sample.api('/specs?ids=S-100');
  await sample.api('/search?q=x');
  await fetch(`${sample.baseUrl}/specs/S-100`);

  expect(sample.counters.get('engineering.requests')).toBe(5);
  expect(sample.counters.get('engineering.GET /specs/{id}')).toBe(3);
  expect(sample.counters.get('engineering.GET /specs')).toBe(1);
  expect(sample.counters.get('engineering.GET /search')).toBe(1);
});
