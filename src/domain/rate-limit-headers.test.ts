import { expect, test } from 'vitest';
import { readRateLimitHeaders } from './rate-limit-headers';

const headers = (values: Record<string, string>) => new Headers(values);

test('reads remaining points, quota and seconds to reset from the RateLimit headers Confluence sends', () => {
  const reading = readRateLimitHeaders(
    headers({
      ratelimit: '"global-app-quota";r=9000;t=1234',
      'ratelimit-policy': '"global-app-quota";q=65000;w=3600',
      'x-ratelimit-nearlimit': 'true',
      'ratelimit-reason': 'confluence-quota-global-based',
    }),
  );
  expect(reading).toEqual({ remaining: 9000, quota: 65000, resetSeconds: 1234, nearLimit: true, reason: 'confluence-quota-global-based' });
});

test('without r (under 80 % use) the answer says only when the window resets', () => {
  expect(readRateLimitHeaders(headers({ ratelimit: '"global-app-quota";t=60' }))).toEqual({ resetSeconds: 60, nearLimit: false });
});

test('of several policies the tightest counts: least remaining, latest reset, smallest quota', () => {
  const reading = readRateLimitHeaders(
    headers({ ratelimit: '"global-app-quota";r=500;t=100, "tenant-quota";r=20;t=900', 'ratelimit-policy': '"a";q=65000;w=3600, "b";q=1000;w=3600' }),
  );
  expect(reading).toMatchObject({ remaining: 20, resetSeconds: 900, quota: 1000 });
});

test('a Retry-After in seconds is read; an HTTP date, a negative or a huge number is not believed', () => {
  expect(readRateLimitHeaders(headers({ 'retry-after': '30' })).retryAfterSeconds).toBe(30);
  expect(readRateLimitHeaders(headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' })).retryAfterSeconds).toBeUndefined();
  expect(readRateLimitHeaders(headers({ 'retry-after': '-5' })).retryAfterSeconds).toBeUndefined();
  expect(readRateLimitHeaders(headers({ 'retry-after': '999999999' })).retryAfterSeconds).toBe(3600);
  expect(readRateLimitHeaders(headers({ ratelimit: '"q";t=999999' })).resetSeconds).toBe(3600);
});

test('an answer without rate-limit headers, or with malformed ones, says nothing', () => {
  expect(readRateLimitHeaders(headers({}))).toEqual({ nearLimit: false });
  expect(readRateLimitHeaders(headers({ ratelimit: 'garbage;r=;t=x', 'x-ratelimit-nearlimit': 'yes' }))).toEqual({ nearLimit: false });
});
