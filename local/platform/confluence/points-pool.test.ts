import { expect, test } from 'vitest';
import { ManualClock } from '../clock';
import { ConfluencePointsPool, DEFAULT_POINTS_PER_HOUR } from './points-pool';

test('the default pool is 65,000 points per hour, advertised in RateLimit-Policy', () => {
  const pool = new ConfluencePointsPool(new ManualClock(Date.parse('2026-03-02T10:15:00Z')));

  expect(DEFAULT_POINTS_PER_HOUR).toBe(65_000);
  expect(pool.charge(2)).toEqual({ 'ratelimit-policy': '"global-app-quota";q=65000;w=3600', ratelimit: '"global-app-quota";t=2700' });
});

test('remaining appears only past 80 % use, together with X-RateLimit-NearLimit', () => {
  const pool = new ConfluencePointsPool(new ManualClock(Date.parse('2026-03-02T10:00:00Z')), 100);

  expect(pool.charge(80).ratelimit).toBe('"global-app-quota";t=3600');
  const near = pool.charge(1);
  expect(near.ratelimit).toBe('"global-app-quota";r=19;t=3600');
  expect(near['x-ratelimit-nearlimit']).toBe('true');
});

test('a spent pool refuses with 429 and Retry-After until the top of the next UTC hour', async () => {
  const clock = new ManualClock(Date.parse('2026-03-02T10:59:58.500Z'));
  const pool = new ConfluencePointsPool(clock, 3);
  pool.charge(4);

  const refusal = pool.refusal();

  expect(refusal?.status).toBe(429);
  expect(refusal?.headers.get('retry-after')).toBe('2');
  expect(refusal?.headers.get('ratelimit-reason')).toBe('confluence-quota-global-based');
  expect(((await refusal?.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('TOO_MANY_REQUESTS');
  clock.advance(1_500);
  expect(pool.refusal()).toBeUndefined();
  expect(pool.state()).toMatchObject({ spent: 0, remaining: 3, secondsToReset: 3600 });
});
