import { expect, test } from 'vitest';
import { checkKey, checkValue, depthOf, ttlMillis } from './kvs-limits';

const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

test.each([
  { key: 'spec:page-1.v2#a_b', code: 'ok' },
  { key: 'with inner space', code: 'ok' },
  { key: 'x', code: 'ok' },
  { key: 'k'.repeat(500), code: 'ok' },
  { key: 'k'.repeat(501), code: 'KEY_TOO_LONG' },
  { key: '', code: 'KEY_TOO_SHORT' },
  { key: ' \t ', code: 'INVALID_KEY' },
  { key: 'a/b', code: 'INVALID_KEY' },
  { key: 'ünïcode', code: 'INVALID_KEY' },
  { key: 'semi;colon', code: 'INVALID_KEY' },
  { key: 42, code: 'BAD_REQUEST' },
])('checkKey($key) gives $code', ({ key, code }) => {
  expect(codeOf(checkKey(key))).toBe(code);
});

test.each([
  { value: 'text', code: 'ok' },
  { value: 0, code: 'ok' },
  { value: false, code: 'ok' },
  { value: [], code: 'ok' },
  { value: null, code: 'BAD_REQUEST' },
  { value: undefined, code: 'BAD_REQUEST' },
  { value: 'é'.repeat(1000), code: 'MAX_SIZE', maxBytes: 2001 },
  { value: 'é'.repeat(1000), code: 'ok', maxBytes: 2002 },
])('checkValue($value) with a byte limit gives $code', ({ value, code, maxBytes }) => {
  expect(codeOf(checkValue(value, maxBytes))).toBe(code);
});

test.each([
  { value: 'leaf', depth: 0 },
  { value: {}, depth: 1 },
  { value: [[], { a: [1] }], depth: 3 },
  { value: { a: { b: { c: {} } } }, depth: 4 },
])('depthOf counts $depth nested levels', ({ value, depth }) => {
  expect(depthOf(value, 100)).toBe(depth);
});

test.each([
  { ttl: undefined, result: undefined },
  { ttl: { value: 1, unit: 'SECONDS' }, result: 1_000 },
  { ttl: { value: 2, unit: 'MINUTES' }, result: 120_000 },
  { ttl: { value: 3, unit: 'HOURS' }, result: 10_800_000 },
  { ttl: { value: 365, unit: 'DAYS' }, result: 31_536_000_000 },
  { ttl: { value: 366, unit: 'DAYS' }, result: 'BAD_REQUEST' },
  { ttl: { value: 0, unit: 'SECONDS' }, result: 'BAD_REQUEST' },
  { ttl: { value: 1.5, unit: 'SECONDS' }, result: 'BAD_REQUEST' },
  { ttl: { value: 1, unit: 'WEEKS' }, result: 'BAD_REQUEST' },
])('ttlMillis($ttl) gives $result', ({ ttl, result }) => {
  const parsed = ttlMillis(ttl);

  expect(parsed.ok ? parsed.value : parsed.error.code).toBe(result);
});
