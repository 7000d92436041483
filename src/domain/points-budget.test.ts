import { expect, test } from 'vitest';
import { admit, concurrency, hourStart, observe, type PointsState } from './points-budget';

const HOUR = 3_600_000;
const T = Date.parse('2026-11-30T10:20:00Z');
const policy = { sharePerHour: 1000 };
const fresh = (over: Partial<PointsState> = {}): PointsState => ({ hourStartMs: hourStart(T), spent: 0, ...over });

test('with points to spare every call goes, six at a time', () => {
  for (const purpose of ['view', 'push', 'deferrable'] as const) expect(admit(fresh(), purpose, T, policy)).toEqual({ go: true });
  expect(concurrency(fresh(), T, policy)).toBe(6);
});

test('a spent pool stops every call until the pause ends', () => {
  const paused = fresh({ pausedUntilMs: T + 90_000 });
  for (const purpose of ['view', 'push', 'deferrable'] as const) {
    expect(admit(paused, purpose, T, policy)).toEqual({ go: false, resumeAtMs: T + 90_000, reason: 'pool_spent' });
  }
  expect(admit(paused, 'push', T + 90_000, policy)).toEqual({ go: true });
});

test('an installation that spent its share stops until the next hour, whatever the call is for', () => {
  const spent = fresh({ spent: 1000 });
  expect(admit(spent, 'view', T, policy)).toEqual({ go: false, resumeAtMs: hourStart(T) + HOUR, reason: 'share_spent' });
  expect(admit(spent, 'push', T, policy)).toMatchObject({ go: false, reason: 'share_spent' });
  expect(admit(spent, 'push', hourStart(T) + HOUR, policy)).toEqual({ go: true });
});

test('near the limit only deferrable work waits, and deliveries slow to two calls at a time', () => {
  const nearPool = fresh({ nearUntilMs: T + 60_000 });
  expect(admit(nearPool, 'deferrable', T, policy)).toEqual({ go: false, resumeAtMs: T + 60_000, reason: 'pool_nearly_spent' });
  expect(admit(nearPool, 'push', T, policy)).toEqual({ go: true });
  expect(admit(nearPool, 'view', T, policy)).toEqual({ go: true });
  expect(concurrency(nearPool, T, policy)).toBe(2);

  const nearShare = fresh({ spent: 800 });
  expect(admit(nearShare, 'deferrable', T, policy)).toEqual({ go: false, resumeAtMs: hourStart(T) + HOUR, reason: 'share_nearly_spent' });
  expect(admit(fresh({ spent: 799 }), 'deferrable', T, policy)).toEqual({ go: true });
  expect(concurrency(nearShare, T, policy)).toBe(2);
});

test('a 429 from the points quota pauses calls for its Retry-After, else until the reset it names, else a minute', () => {
  const quota = { nearLimit: true, reason: 'confluence-quota-global-based' };
  expect(observe(fresh(), 429, { ...quota, retryAfterSeconds: 5, resetSeconds: 600 }, T).pausedUntilMs).toBe(T + 5_000);
  expect(observe(fresh(), 429, { ...quota, resetSeconds: 600 }, T).pausedUntilMs).toBe(T + 600_000);
  expect(observe(fresh(), 429, quota, T).pausedUntilMs).toBe(T + 60_000);
});

test('a 429 without quota headers (a burst limit on one endpoint) pauses nothing', () => {
  expect(observe(fresh(), 429, { nearLimit: false, retryAfterSeconds: 60 }, T)).toEqual(fresh());
});

test('r=0 pauses until the reset even on a successful answer; near-limit marks lasts until the reset', () => {
  expect(observe(fresh(), 200, { nearLimit: true, remaining: 0, quota: 65000, resetSeconds: 120 }, T)).toMatchObject({ pausedUntilMs: T + 120_000, nearUntilMs: T + 120_000 });
  expect(observe(fresh(), 200, { nearLimit: true, resetSeconds: 300 }, T)).toEqual(fresh({ nearUntilMs: T + 300_000 }));
  expect(observe(fresh(), 200, { nearLimit: false, remaining: 12_999, quota: 65_000, resetSeconds: 300 }, T).nearUntilMs).toBe(T + 300_000);
  expect(observe(fresh(), 200, { nearLimit: false, remaining: 13_000, quota: 65_000, resetSeconds: 300 }, T)).toEqual(fresh());
});

test('a later answer never shortens a pause already known', () => {
  const paused = fresh({ pausedUntilMs: T + 600_000 });
  expect(observe(paused, 429, { nearLimit: true, reason: 'confluence-quota-global-based', retryAfterSeconds: 1 }, T).pausedUntilMs).toBe(T + 600_000);
});

test('spending counts per UTC hour: a new hour starts from nothing', () => {
  const lastHour = { hourStartMs: hourStart(T) - HOUR, spent: 5000 };
  expect(admit(lastHour, 'deferrable', T, policy)).toEqual({ go: true });
});
