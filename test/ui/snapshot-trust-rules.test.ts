/**
 * The browser's snapshot checks agree with the backend's: WebCrypto verification (snapshot-verify.ts)
 * against signSnapshot, the UI's config digest against parseMacroConfig, and the property key.
 */
import { expect, test } from 'vitest';
import { snapshotPropertyKey as backendPropertyKey } from '../../src/confluence/content-properties';
import { parseMacroConfig } from '../../src/domain/macro-config';
import { digestConfig } from '../../src/frontend/config-digest';
import { snapshotPropertyKey } from '../../src/shared/snapshot-shape';
import { verifySnapshotInBrowser } from '../../src/shared/snapshot-verify';
import { HARNESS_MACRO, signedSnapshot } from './signed-snapshot';
import { makeSpec } from './view-model-factory';

const binding = { ...HARNESS_MACRO, trustDevKeys: true };

test('a snapshot signed by the backend verifies in the browser', async () => {
  expect(await verifySnapshotInBrowser(signedSnapshot([makeSpec('SHAFT-1042')]), binding)).toBe('verified');
});

test('a changed byte, another macro, another site or an untrusted development key fail browser verification', async () => {
  const snapshot = signedSnapshot([makeSpec('SHAFT-1042')]);
  expect(await verifySnapshotInBrowser({ ...snapshot, writtenAt: new Date(0).toISOString() }, binding)).toBe('bad_signature');
  expect(await verifySnapshotInBrowser(snapshot, { ...binding, localId: 'other-macro' })).toBe('wrong_macro');
  expect(await verifySnapshotInBrowser(snapshot, { ...binding, cloudId: 'another-cloud' })).toBe('bad_signature');
  expect(await verifySnapshotInBrowser(snapshot, { ...binding, trustDevKeys: false })).toBe('unknown_key');
  const { signature: _dropped, ...unsigned } = snapshot;
  expect(await verifySnapshotInBrowser(unsigned, binding)).toBe('unsigned');
  expect(await verifySnapshotInBrowser({ ...snapshot, signature: { keyId: 'nobody', sig: 'AA==' } }, binding)).toBe('unknown_key');
});

test('the UI reads the snapshot property the backend writes', () => {
  expect(snapshotPropertyKey('abc-123')).toBe(backendPropertyKey('abc-123'));
});

test.each([
  [{ specIds: 'shaft-1042' }],
  [{ specIds: 'SHAFT-1042, BOLT-2001', columns: ['owner', 'id'] }],
  [{ specIds: ['SHAFT-1042'], layout: { label: 'Parameters', value: 'parameters' }, ttlMinutes: 30 }],
  [{ specIds: 'SHAFT-1042 BOLT-2001', layout: 'table', ttlMinutes: '1.5', columns: [] }],
  [{ specIds: 'SHAFT\u20111042, BOLT-2001', layout: 'table', parameterColumns: 'Bore  diameter, runout;\nbore diameter' }],
])('a clean config %j digests to the settings the backend parses (a TTL it does not set is left to the backend default)', (config) => {
  const { settings, problems } = parseMacroConfig(config);
  expect(problems).toEqual([]);
  const ownTtl = (config as { ttlMinutes?: unknown }).ttlMinutes !== undefined;
  const { parameterColumns = [], ...rest } = settings;
  expect(digestConfig(config)).toEqual({ ...rest, parameterColumns, ttlSeconds: ownTtl ? settings.ttlSeconds : undefined });
});

test.each([
  [{}],
  [{ specIds: 'SHAFT-1042@B' }],
  [{ specIds: 'SHAFT-1042', pinnedRevision: 'B' }],
  [{ specIds: 'not-an-id' }],
  [{ specIds: 'SHAFT-1042', ttlMinutes: 'soon' }],
  [{ specIds: 'SHAFT-1042', ttlMinutes: 100_000 }],
  [{ specIds: 'SHAFT-1042, BOLT-2001', layout: 'card' }],
  [{ specIds: 'SHAFT-1042', columns: ['colour'] }],
  [{ specIds: 'SHAFT-1042', parameterColumns: 'A, B, C, D, E, F, G, H, I' }],
  [{ specIds: 'SHAFT-1042', parameterColumns: 'x'.repeat(201) }],
  [{ specIds: 'SHAFT-1042', parameterColumns: 42 }],
])('a config the resolver must explain (%j) is left to the resolver', (config) => {
  expect(digestConfig(config)).toBeUndefined();
});
