import { createHash, randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { redactSecretShapes } from './secret-shapes';

test.each([
  ['a whsec_ secret', `rotated to whsec_${randomBytes(32).toString('base64')} today`, 'rotated to whsec_[redacted] today'],
  ['a bearer token', 'header Bearer tok_abc.def, then', 'header Bearer [redacted], then'],
  ['a long base64url key', 'key Qm9vdHN0cmFwX2tleV8yMDI2LTExLTMwX3NwZWNicmlkZ2U end', 'key [redacted] end'],
  ['a base64url key without a digit', 'key rTpQwZxYvKcLmNbHgFdSaJeUiOyWqTrEwQsAzXcVbNmKjH end', 'key [redacted] end'],
  ['a hex digest', `sha ${'ab12'.repeat(10)}`, 'sha [redacted]'],
])('%s is redacted', (_name, text, expected) => {
  expect(redactSecretShapes(text)).toEqual({ text: expected, redacted: true });
});

test.each([
  ['a secret hint', 'inbound secret created: whsec_…4f2a (id 9b1f4e27-c3d8-4e27-9b1f-4e27c3d84e27)'],
  ['a base URL', 'baseUrl https://plm.example.com/api/v1/specs'],
  ['an account id', 'by 557058:f5f6c0a2-3d4e-4b5c-8d9e-0a1b2c3d4e5f'],
  ['an allow-list', 'space ENG: SHAFT-*, GEAR-1042, BOLT-2001'],
  ['a long word without digits', 'remove_all_snapshots_of_every_macro_on_the_site'],
])('%s is kept as it is', (_name, text) => {
  expect(redactSecretShapes(text)).toEqual({ text, redacted: false });
});

// Deterministic stand-ins for generated keys: the first 2,000 SHA-256 digests, as the app's generators encode 32 bytes.
const generatedKeys = Array.from({ length: 2000 }, (_unused, index) => createHash('sha256').update(`key ${index}`).digest());

test.each(['base64', 'base64url', 'hex'] as const)('every generated 32-byte key in %s is redacted', (encoding) => {
  const kept = generatedKeys.map((bytes) => bytes.toString(encoding)).filter((key) => !redactSecretShapes(`key ${key} end`).redacted);
  expect(kept).toEqual([]);
});

test('a long camelCase name is kept as it is', () => {
  const text = 'remainingPointsBeforeTheHourlyReset';
  expect(redactSecretShapes(text)).toEqual({ text, redacted: false });
});
