import { expect, test } from 'vitest';
import { backoffSeconds, judgeAttempt, MAX_REPUSHES, planRetry, QUEUE_RETENTION_MS } from './documentation-delivery';

const NOW = Date.parse('2026-11-30T12:00:00Z');

test.each([200, 202, 204])('%i is delivered', (status) => {
  expect(judgeAttempt({ kind: 'answered', status }, 0, NOW)).toEqual({ kind: 'delivered' });
});

test.each([400, 401, 403, 404, 410, 413, 422])('%i is recorded failed and not retried', (status) => {
  expect(judgeAttempt({ kind: 'answered', status }, 3, NOW)).toEqual({ kind: 'failed', reason: `http_${status}` });
});

test.each([408, 429, 500, 502, 503, 504])('%i is retried with backoff', (status) => {
  expect(judgeAttempt({ kind: 'answered', status }, 2, NOW)).toEqual({ kind: 'retry', afterSeconds: 120, reason: `http_${status}` });
});

test('a timeout or a network error is retried', () => {
  expect(judgeAttempt({ kind: 'timeout' }, 0, NOW)).toEqual({ kind: 'retry', afterSeconds: 30, reason: 'timeout' });
  expect(judgeAttempt({ kind: 'network', message: 'ECONNREFUSED' }, 1, NOW)).toEqual({ kind: 'retry', afterSeconds: 60, reason: 'network_error' });
});

test("the receiver's Retry-After wins over the backoff, in seconds or as a date, capped at 900 s", () => {
  expect(judgeAttempt({ kind: 'answered', status: 429, retryAfter: '45' }, 0, NOW)).toMatchObject({ afterSeconds: 45 });
  expect(judgeAttempt({ kind: 'answered', status: 503, retryAfter: new Date(NOW + 120_000).toUTCString() }, 0, NOW)).toMatchObject({ afterSeconds: 120 });
  expect(judgeAttempt({ kind: 'answered', status: 503, retryAfter: '7200' }, 0, NOW)).toMatchObject({ afterSeconds: 900 });
  expect(judgeAttempt({ kind: 'answered', status: 503, retryAfter: 'soon' }, 4, NOW)).toMatchObject({ afterSeconds: 480 });
});

test('the backoff doubles from 30 s and stops at 900 s', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffSeconds)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
});

test('a retry is a redelivery while the event is retained, then a fresh push, then given up', () => {
  const queuedAtMs = NOW - 2 * 3_600_000;
  expect(planRetry({ afterSeconds: 900, queuedAtMs, repushes: 0, nowMs: NOW })).toEqual({ kind: 'redeliver', afterSeconds: 900 });
  const nearEnd = queuedAtMs + QUEUE_RETENTION_MS - 600_000;
  expect(planRetry({ afterSeconds: 900, queuedAtMs, repushes: 0, nowMs: nearEnd })).toEqual({ kind: 'repush', delaySeconds: 900 });
  expect(planRetry({ afterSeconds: 900, queuedAtMs, repushes: MAX_REPUSHES - 1, nowMs: nearEnd })).toEqual({ kind: 'repush', delaySeconds: 900 });
  expect(planRetry({ afterSeconds: 900, queuedAtMs, repushes: MAX_REPUSHES, nowMs: nearEnd })).toEqual({ kind: 'give_up' });
});
