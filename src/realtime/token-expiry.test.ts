import { expect, test } from 'vitest';
import { isReusable, tokenExpiresAtMs, TOKEN_REUSE_MARGIN_MS, UNKNOWN_EXPIRY_LIFETIME_MS } from './token-expiry';

const now = Date.parse('2026-11-29T12:00:00Z');
const inAnHour = now / 1000 + 3600;

test('expiresAt is read as epoch seconds', () => {
  expect(tokenExpiresAtMs(inAnHour, now)).toBe(now + 3_600_000);
  expect(tokenExpiresAtMs(String(inAnHour), now)).toBe(now + 3_600_000);
});

test.each<[string, unknown]>([
  ['absent', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['an ISO string', new Date(now + 3_600_000).toISOString()],
  ['in the past', now / 1000 - 60],
  ['epoch milliseconds', now + 3_600_000],
  ['an object', { seconds: inAnHour }],
])('an expiresAt that is %s gets the short assumed lifetime', (_name, value) => {
  expect(tokenExpiresAtMs(value, now)).toBe(now + UNKNOWN_EXPIRY_LIFETIME_MS);
});

test('a token is reused until 10 minutes before it expires, then not', () => {
  expect(isReusable({ token: 't', expiresAtMs: now + 3_600_000 }, now)).toBe(true);
  expect(isReusable({ token: 't', expiresAtMs: now + TOKEN_REUSE_MARGIN_MS + 1 }, now)).toBe(true);
  expect(isReusable({ token: 't', expiresAtMs: now + TOKEN_REUSE_MARGIN_MS }, now)).toBe(false);
});

test('a token with an unreadable expiry is still reused for a few minutes', () => {
  const cached = { token: 't', expiresAtMs: tokenExpiresAtMs(undefined, now) };

  expect(isReusable(cached, now)).toBe(true);
  expect(isReusable(cached, now + UNKNOWN_EXPIRY_LIFETIME_MS - TOKEN_REUSE_MARGIN_MS)).toBe(false);
});

test.each<[string, unknown]>([
  ['nothing', undefined],
  ['an expiry stored as null (NaN written to KVS)', { token: 't', expiresAtMs: null }],
  ['an expiry stored as a string', { token: 't', expiresAtMs: '2026-11-29T13:00:00Z' }],
  ['no token', { expiresAtMs: now + 3_600_000 }],
  ['an empty token', { token: '', expiresAtMs: now + 3_600_000 }],
])('a cached value with %s is not reused', (_name, cached) => {
  expect(isReusable(cached, now)).toBe(false);
});
