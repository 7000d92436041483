import { afterEach, beforeEach, expect, it, test, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { ConfigError } from '../errors';
import {
  decodeWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  type VerifyWebhookInput,
} from './webhook-signature';

const SECRET = `whsec_${Buffer.from('current-secret-0123456789abcdef').toString('base64')}`;
const PREVIOUS = `whsec_${Buffer.from('previous-secret-0123456789abcdef').toString('base64')}`;
const RETIRED = `whsec_${Buffer.from('retired-secret-0123456789abcdef').toString('base64')}`;
const NOW = 1_760_000_000;
const BODY = '{"type":"spec.updated","timestamp":"2025-10-09T08:53:20Z","data":{"specIds":["S-100"]}}';

function signedInput(overrides: Partial<VerifyWebhookInput> = {}, signWith = SECRET): VerifyWebhookInput {
  const id = 'msg_1';
  const timestamp = String(NOW);
  const signature = signWebhook({ id, timestamp: NOW, body: BODY, secret: signWith });
  return { headers: { id, timestamp, signature }, rawBody: BODY, secrets: [SECRET], nowSeconds: NOW, ...overrides };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW * 1000);
});

afterEach(() => {
  vi.useRealTimers();
});

it.each([
  ['a JSON notice', BODY],
  ['an empty body', ''],
  ['non-ASCII text', '{"title":"Welle Ø25 µm — Prüfmaß"}'],
  ['a body with newlines', '{\n  "a": 1\n}\n'],
])('accepts a delivery the standardwebhooks library signed over %s', (_name, body) => {
  const signature = new Webhook(SECRET).sign('msg_lib', new Date(NOW * 1000), body);

  const result = verifyWebhookSignature({
    headers: { id: 'msg_lib', timestamp: String(NOW), signature },
    rawBody: body,
    secrets: [SECRET],
    nowSeconds: NOW,
  });

  expect(result).toEqual({ ok: true });
});

it.each([
  ['a JSON notice', BODY],
  ['non-ASCII text', '{"title":"Welle Ø25 µm — Prüfmaß"}'],
])('signs %s exactly as the standardwebhooks library does, so the library verifies it', (_name, body) => {
  const headers = {
    'webhook-id': 'msg_ours',
    'webhook-timestamp': String(NOW),
    'webhook-signature': signWebhook({ id: 'msg_ours', timestamp: NOW, body, secret: SECRET }),
  };

  const library = new Webhook(SECRET);

  expect(headers['webhook-signature']).toBe(library.sign('msg_ours', new Date(NOW * 1000), body));
  expect(() => library.verify(body, headers, { jsonParse: false })).not.toThrow();
});

test('accepts a signature made with the previous secret while it is still listed', () => {
  const input = signedInput({ secrets: [SECRET, PREVIOUS] }, PREVIOUS);

  expect(verifyWebhookSignature(input)).toEqual({ ok: true });
});

test('rejects a signature made with a secret that was rotated out', () => {
  const input = signedInput({ secrets: [SECRET, PREVIOUS] }, RETIRED);

  expect(verifyWebhookSignature(input)).toEqual({ ok: false, reason: 'no_matching_signature' });
});

test('accepts when any v1 entry of a multi-signature header matches and ignores other versions', () => {
  const good = signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret: SECRET });
  const input = signedInput();
  input.headers.signature = `v1a,${good.slice(3)} v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${good}`;

  expect(verifyWebhookSignature(input)).toEqual({ ok: true });
});

test('rejects a matching signature that is labelled with another version', () => {
  const input = signedInput();
  input.headers.signature = input.headers.signature!.replace('v1,', 'v2,');

  expect(verifyWebhookSignature(input)).toEqual({ ok: false, reason: 'no_matching_signature' });
});

it.each([
  ['the id is missing', { id: undefined }, 'missing_headers'],
  ['the timestamp is missing', { timestamp: undefined }, 'missing_headers'],
  ['the signature is empty', { signature: '' }, 'missing_headers'],
  ['the timestamp is not a number', { timestamp: 'yesterday' }, 'bad_timestamp'],
  ['the timestamp has a fraction', { timestamp: `${NOW}.5` }, 'bad_timestamp'],
  ['the timestamp is in milliseconds', { timestamp: String(NOW * 1000) }, 'timestamp_out_of_range'],
  ['the timestamp is 6 minutes old', { timestamp: String(NOW - 360) }, 'timestamp_out_of_range'],
  ['the timestamp is 301 s in the future', { timestamp: String(NOW + 301) }, 'timestamp_out_of_range'],
  ['the id differs from the signed one', { id: 'msg_2' }, 'no_matching_signature'],
] as const)('rejects a delivery when %s', (_name, headerOverrides, reason) => {
  const input = signedInput();
  input.headers = { ...input.headers, ...headerOverrides };

  expect(verifyWebhookSignature(input)).toEqual({ ok: false, reason });
});

test('rejects a body changed after signing', () => {
  const input = signedInput({ rawBody: BODY.replace('S-100', 'S-101') });

  expect(verifyWebhookSignature(input)).toEqual({ ok: false, reason: 'no_matching_signature' });
});

it.each([
  ['exactly 300 s old', NOW - 300],
  ['exactly 300 s ahead', NOW + 300],
])('accepts a timestamp %s', (_name, timestamp) => {
  const signature = signWebhook({ id: 'msg_1', timestamp, body: BODY, secret: SECRET });

  const result = verifyWebhookSignature({
    headers: { id: 'msg_1', timestamp: String(timestamp), signature },
    rawBody: BODY,
    secrets: [SECRET],
    nowSeconds: NOW,
  });

  expect(result).toEqual({ ok: true });
});

it.each([
  ['no secrets are configured', []],
  ['the only secret is not base64', ['whsec_not base64!']],
  ['the only secret is empty', ['whsec_']],
  ['one listed secret is unusable and no usable one matches', ['whsec_%%%', RETIRED]],
])('reports bad_secret when %s', (_name, secrets) => {
  const input = signedInput({ secrets });

  expect(verifyWebhookSignature(input)).toEqual({ ok: false, reason: 'bad_secret' });
});

test('still accepts with a good secret when another listed secret is unusable', () => {
  const input = signedInput({ secrets: ['whsec_%%%', SECRET] });

  expect(verifyWebhookSignature(input)).toEqual({ ok: true });
});

it.each([
  ['with the whsec_ prefix', SECRET, 'current-secret-0123456789abcdef'],
  ['without the prefix', SECRET.slice('whsec_'.length), 'current-secret-0123456789abcdef'],
  ['without base64 padding', `whsec_${Buffer.from('ab').toString('base64').replace(/=+$/, '')}`, 'ab'],
])('decodes a secret %s', (_name, secret, expected) => {
  expect(decodeWebhookSecret(secret)?.toString()).toBe(expected);
});

test('signWebhook throws a ConfigError for an unusable secret', () => {
  expect(() => signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret: 'whsec_!!' })).toThrow(ConfigError);
});
