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
  { text: 'got authorization=Bearer%20tok%2Feng%2B7f%3D', secret: 'tok/eng+7f=', expected: 'got authorization=Bearer%20[redacted]' },
  { text: `header ${Buffer.from('tok/eng+7f=').toString('base64')} seen`, secret: 'tok/eng+7f=', expected: 'header [redacted] seen' },
  { text: `header ${Buffer.from('tok/eng+7f=').toString('base64url')} seen`, secret: 'tok/eng+7f=', expected: 'header [redacted] seen' },
  { text: '{"auth":"Bearer tok\\"quoted"}', secret: 'tok"quoted', expected: '{"auth":"Bearer [redacted]"}' },
  { text: 'short cQ== stays', secret: 'q', expected: 'short cQ== stays' },
])('redacts "$secret" in "$text"', ({ text, secret, expected }) => {
  expect(redactSecret(text, secret)).toBe(expected);
});
