import { expect, test } from 'vitest';
import { describeEngineeringError, isTransientEngineeringError, redactSecret, type EngineeringError } from './errors';

test.each<{ error: EngineeringError; mentions: string; transient: boolean }>([
  { error: { kind: 'not_found', id: 'SHAFT-1042' }, mentions: 'SHAFT-1042', transient: false },
  { error: { kind: 'not_found', id: 'SHAFT-1042', revision: 'B' }, mentions: 'revision B', transient: false },
  { error: { kind: 'unauthorized' }, mentions: 'token', transient: false },
  { error: { kind: 'rate_limited', retryAfterSeconds: 30 }, mentions: '30 s', transient: true },
  { error: { kind: 'unavailable', status: 503, detail: 'maintenance' }, mentions: 'HTTP 503', transient: true },
  { error: { kind: 'unavailable', detail: 'network error: fetch failed' }, mentions: 'fetch failed', transient: true },
  { error: { kind: 'timeout' }, mentions: 'in time', transient: true },
  { error: { kind: 'invalid_response', id: 'S-1', field: 'url', detail: 'S-1: url: bad' }, mentions: 'S-1: url', transient: false },
])('describes $error.kind mentioning "$mentions"', ({ error, mentions, transient }) => {
  expect(describeEngineeringError(error)).toContain(mentions);
  expect(isTransientEngineeringError(error)).toBe(transient);
});

test.each([
  { text: 'Bearer abc123 rejected', secret: 'abc123', expected: 'Bearer [redacted] rejected' },
  { text: 'abc abc', secret: 'abc', expected: '[redacted] [redacted]' },
  { text: 'nothing here', secret: 'abc', expected: 'nothing here' },
  { text: 'empty secret', secret: '', expected: 'empty secret' },
])('redacts "$secret" in "$text"', ({ text, secret, expected }) => {
  expect(redactSecret(text, secret)).toBe(expected);
});
