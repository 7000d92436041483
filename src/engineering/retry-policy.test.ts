import { expect, test } from 'vitest';
import {
  BACKOFF_CAP_MS,
  fullJitterDelayMs,
  parseRetryAfterMs,
  requestBudgetMs,
  toRetryAfterSeconds,
  waitFits,
} from './retry-policy';

const NOW = Date.UTC(2025, 2, 1, 12, 0, 0);

test.each([
  { header: '2', expected: 2_000 },
  { header: ' 0 ', expected: 0 },
  { header: 'Sat, 01 Mar 2025 12:00:05 GMT', expected: 5_000 },
  { header: 'Sat, 01 Mar 2025 11:59:00 GMT', expected: 0 },
  { header: '-3', expected: null },
  { header: '1.5', expected: null },
  { header: 'soon', expected: null },
  { header: null, expected: null },
])('parses Retry-After $header as $expected ms', ({ header, expected }) => {
  expect(parseRetryAfterMs(header, NOW)).toBe(expected);
});

test.each([
  { retry: 1, random: 0.5, expected: 125 },
  { retry: 2, random: 0.5, expected: 250 },
  { retry: 3, random: 0.999, expected: 999 },
  { retry: 10, random: 0.5, expected: BACKOFF_CAP_MS / 2 },
  { retry: 1, random: 0, expected: 0 },
  { retry: 1, random: 1, expected: 249 },
])('draws backoff before retry $retry with random $random as $expected ms', ({ retry, random, expected }) => {
  expect(fullJitterDelayMs(retry, () => random)).toBe(expected);
});

test.each([
  { remaining: 20_000, margin: 1_000, timeout: 8_000, expected: 8_000 },
  { remaining: 5_000, margin: 1_000, timeout: 8_000, expected: 4_000 },
  { remaining: 2_000, margin: 1_000, timeout: 8_000, expected: 1_000 },
  { remaining: 1_999, margin: 1_000, timeout: 8_000, expected: null },
  { remaining: -5, margin: 1_000, timeout: 8_000, expected: null },
])('allows $expected ms for a request with $remaining ms left', ({ remaining, margin, timeout, expected }) => {
  expect(requestBudgetMs(remaining, margin, timeout)).toBe(expected);
});

test.each([
  { wait: 2_000, remaining: 20_000, expected: true },
  { wait: 18_000, remaining: 20_000, expected: true },
  { wait: 18_001, remaining: 20_000, expected: false },
])('decides a wait of $wait ms with $remaining ms left fits: $expected', ({ wait, remaining, expected }) => {
  expect(waitFits(wait, remaining, 1_000)).toBe(expected);
});

test.each([
  { ms: 0, expected: 1 },
  { ms: 1_001, expected: 2 },
  { ms: 60_000, expected: 60 },
])('reports a wait of $ms ms as $expected s', ({ ms, expected }) => {
  expect(toRetryAfterSeconds(ms)).toBe(expected);
});
