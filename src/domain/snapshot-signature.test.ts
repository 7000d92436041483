import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { expect, test } from 'vitest';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../../local/keys/snapshot-signing-dev-key';
import { buildSnapshot } from './build-snapshot';
import { signSnapshot, verifyStoredSnapshot, type SnapshotTrust } from './snapshot-signature';

const ref = { pageId: '42', localId: 'macro-1' };
const dev: SnapshotTrust = { cloudId: 'site-1', signer: { keyId: 'local-dev-1', privateKey: createPrivateKey(LOCAL_SNAPSHOT_SIGNING_KEY) } };
const snapshot = buildSnapshot({
  ...ref,
  settings: { specIds: ['SHAFT-1042'], layout: 'card', columns: ['id'], ttlSeconds: 600 },
  specs: [{ id: 'SHAFT-1042', state: 'missing', problem: { code: 'not_found', message: 'gone' } }],
  nowIso: '2026-01-01T00:00:00.000Z',
});
/** As read back from Confluence: JSON, so key order and undefined members are whatever JSON makes of them. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

test('a snapshot the app signed verifies for its page, macro and site, and nothing else does', () => {
  const signed = stored(signSnapshot({ ...snapshot, sequence: 3 }, dev));
  expect(verifyStoredSnapshot(signed, ref, dev)).toBe('verified');
  expect(verifyStoredSnapshot(signed, { ...ref, localId: 'macro-2' }, dev)).toBe('wrong_macro');
  expect(verifyStoredSnapshot(signed, ref, { ...dev, cloudId: 'site-2' })).toBe('bad_signature');
  expect(verifyStoredSnapshot({ ...(signed as object), sequence: 4 }, ref, dev)).toBe('bad_signature');
  expect(verifyStoredSnapshot(stored(snapshot), ref, dev)).toBe('unsigned');
  expect(verifyStoredSnapshot(signed, ref, { cloudId: 'site-1' })).toBe('no_signing_key');
});

test('the development key is trusted only while the app itself signs with it', () => {
  const signedWithDevKey = stored(signSnapshot(snapshot, dev));
  const production: SnapshotTrust = { cloudId: 'site-1', signer: { keyId: 'prod-1', privateKey: generateKeyPairSync('ed25519').privateKey } };
  expect(verifyStoredSnapshot(signedWithDevKey, ref, production)).toBe('unknown_key');
});

test('never throws, whatever the value', () => {
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i += 1) deep = [deep];
  const hostile = [undefined, null, 'x', 1, [], {}, { signature: { keyId: 'local-dev-1', sig: 'AA' }, ...ref, specs: deep }, { signature: { keyId: '__proto__', sig: '' }, ...ref }];
  for (const value of hostile) expect(verifyStoredSnapshot(value, ref, dev)).not.toBe('verified');
});
