import { expect, test } from 'vitest';
import { describeEngineeringError, redactSecret, type EngineeringError } from './errors';

test.each<{ error: EngineeringError; mentions: string }>([
  { error: { kind: 'not_found', id: 'SHAFT-1042' }, mentions: 'SHAFT-1042' },
  { error: { kind: 'not_found', id: 'SHAFT-1042', revision: 'B' }, mentions: 'revision B' },
  { error: { kind: 'unauthorized' }, mentions: 'token' },
  { error: { kind: 'rate_limited', retryAfterSeconds: 30 }, mentions: '30 s' },
  { error: { kind: 'unavailable', status: 503, detail: 'maintenance' }, mentions: 'HTTP 503' },
  { error: { kind: 'unavailable', detail: 'network error: fetch failed' }, mentions: 'fetch failed' },
  { error: { kind: 'timeout' }, mentions: 'in time' },
  { error: { kind: 'invalid_response', id: 'S-1', field: 'url', detail: 'S-1: url: bad' }, mentions: 'S-1: url' },
])('describes $error.kind mentioning "$mentions"', ({ error, mentions }) => {
  expect(describeEngineeringError(error)).toContain(mentions);
});

test.each([
  { text: 'Bearer abc123 rejected', secret: 'abc123', expected: 'Bearer [redacted] rejected' },
  { text: 'abc abc', secret: 'abc', expected: '[redacted] [redacted]' },
  { text: 'nothing here', secret: 'abc', expected: 'nothing here' },
  { text: 'empty secret', secret: '', expected: 'empty secret' },
])('redacts "$secret" in "$text"', ({ text, secret, expected }) => {
  expect(redactSecret(text, secret)).toBe(expected);
});
