import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../local/keys/snapshot-signing-dev-key';
import { readConfig, readSnapshotSigningKey } from './config';
import { ConfigError } from './errors';

const BASE = { ENG_API_BASE_URL: 'https://eng.example.com/api', ENG_API_TOKEN: 't' };

describe('SNAPSHOT_SIGNING_KEY', () => {
  const devKey = readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY });
  const der = devKey?.privateKey.export({ type: 'pkcs8', format: 'der' });

  test('is optional: without it the app signs nothing', () => {
    expect(readSnapshotSigningKey({})).toBeUndefined();
    expect(readConfig(BASE).snapshotSigning).toBeUndefined();
  });

  test('takes PKCS8 PEM (also with escaped newlines), base64 PKCS8 DER or the base64 raw seed; the key id is the published one', () => {
    expect(devKey?.keyId).toBe('local-dev-1');
    const escaped = LOCAL_SNAPSHOT_SIGNING_KEY.trim().replace(/\n/g, '\\n');
    expect(readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: escaped })?.keyId).toBe('local-dev-1');
    expect(readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: der?.toString('base64') })?.keyId).toBe('local-dev-1');
    expect(readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: der?.subarray(-32).toString('base64') })?.keyId).toBe('local-dev-1');
    expect(readConfig({ ...BASE, SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY }).snapshotSigning?.keyId).toBe('local-dev-1');
  });

  test('refuses garbage, other key types and a key whose public half is not published', () => {
    const unpublished = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: 'not a key' })).toThrow(ConfigError);
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: unpublished })).toThrow(/not listed/);
  });
});
