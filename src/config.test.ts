import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../local/keys/snapshot-signing-dev-key';
import { readConfig, readEnvironmentScope, readPointsSharePerHour, readSnapshotSigningKey, readWebhookSecrets } from './config';
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

  test('a warm function parses the same variable once, and a changed one again', () => {
    const unpublished = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    const first = readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY });
    const again = readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY });

    expect(again).toBe(first);
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: unpublished })).toThrow(/not listed/);
    expect(readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: der?.toString('base64') })).not.toBe(first);
  });

  test('refuses garbage, other key types and a key whose public half is not published', () => {
    const unpublished = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: 'not a key' })).toThrow(ConfigError);
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => readSnapshotSigningKey({ SNAPSHOT_SIGNING_KEY: unpublished })).toThrow(/not listed/);
  });
});

describe('ENG_API_BASE_URL', () => {
  test.each([
    ['https://eng.example.com/api/', 'https://eng.example.com/api'],
    ['http://127.0.0.1:41234/eng/api/v1', 'http://127.0.0.1:41234/eng/api/v1'],
    ['http://localhost:8080/api', 'http://localhost:8080/api'],
    ['http://[::1]:8080/api', 'http://[::1]:8080/api'],
  ])('accepts %s (https, or plain http to a loopback host in local development)', (url, expected) => {
    expect(readConfig({ ...BASE, ENG_API_BASE_URL: url }).engineering.baseUrl).toBe(expected);
  });

  test.each(['http://eng.example.com/api', 'http://10.0.0.5/api', 'http://127.0.0.1.example.com/api'])(
    'refuses plain http to %s, naming ENG_API_BASE_URL and the token it would expose',
    (url) => {
      expect(() => readConfig({ ...BASE, ENG_API_BASE_URL: url })).toThrow(ConfigError);
      expect(() => readConfig({ ...BASE, ENG_API_BASE_URL: url })).toThrow(/ENG_API_BASE_URL must be an https URL: .*ENG_API_TOKEN would travel unencrypted/);
    },
  );

  test.each(['ftp://eng.example.com/api', 'eng.example.com/api', 'https://'])('refuses %s as not an https URL', (url) => {
    expect(() => readConfig({ ...BASE, ENG_API_BASE_URL: url })).toThrow(/ENG_API_BASE_URL must be an https URL/);
  });
});

describe('WEBHOOK_SECRET', () => {
  const secretOf = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

  test('takes a 24–64 byte current secret and, while rotating, a previous one', () => {
    expect(readWebhookSecrets({ WEBHOOK_SECRET: secretOf(32) })).toEqual([secretOf(32)]);
    expect(readWebhookSecrets({ WEBHOOK_SECRET: secretOf(24), WEBHOOK_SECRET_PREVIOUS: secretOf(64) })).toEqual([secretOf(24), secretOf(64)]);
  });

  test.each([
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: 'whsec_AAAA' }, /WEBHOOK_SECRET decodes to 3 bytes; .*24–64/],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: secretOf(23) }, /WEBHOOK_SECRET decodes to 23 bytes/],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: secretOf(65) }, /WEBHOOK_SECRET decodes to 65 bytes/],
    ['WEBHOOK_SECRET_PREVIOUS', { WEBHOOK_SECRET: secretOf(32), WEBHOOK_SECRET_PREVIOUS: 'whsec_AAAA' }, /WEBHOOK_SECRET_PREVIOUS decodes to 3 bytes/],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: 'whsec_not base64!' }, /WEBHOOK_SECRET must look like whsec_<base64>/],
    ['WEBHOOK_SECRET', {}, /WEBHOOK_SECRET is not set/],
  ])('refuses a weak, malformed or missing %s with a configuration error naming it', (_name, env, message) => {
    expect(() => readWebhookSecrets(env)).toThrow(ConfigError);
    expect(() => readWebhookSecrets(env)).toThrow(message);
  });

  test('a bad webhook secret does not break the configuration the macro reads', () => {
    expect(readConfig({ ...BASE, WEBHOOK_SECRET: 'whsec_AAAA' }).engineering.baseUrl).toBe('https://eng.example.com/api');
  });
});

describe('CONFLUENCE_POINTS_SHARE_PER_HOUR', () => {
  const base = { ENG_API_BASE_URL: 'https://plm.example.com/api', ENG_API_TOKEN: 't' };

  test('defaults to 3,250 points an hour (5 % of the 65,000-point pool) and takes any whole number above 0', () => {
    expect(readConfig(base).confluencePointsSharePerHour).toBe(3_250);
    expect(readConfig({ ...base, CONFLUENCE_POINTS_SHARE_PER_HOUR: '500' }).confluencePointsSharePerHour).toBe(500);
    expect(readPointsSharePerHour({ CONFLUENCE_POINTS_SHARE_PER_HOUR: '12000' })).toBe(12_000);
  });

  test('refuses 0 (it would stop every Confluence call) and anything not a whole number', () => {
    for (const value of ['0', '-5', '1.5', 'lots']) {
      expect(() => readConfig({ ...base, CONFLUENCE_POINTS_SHARE_PER_HOUR: value })).toThrow(ConfigError);
    }
  });
});

describe('CACHE_TTL_SECONDS', () => {
  const base = { ENG_API_BASE_URL: 'https://plm.example.com/api', ENG_API_TOKEN: 't' };
  const secret = 'whsec_' + Buffer.from('a-webhook-secret-of-32-bytes-len').toString('base64');

  test('defaults to an hour when change notices are pushed (a webhook secret is set), else to 10 minutes', () => {
    expect(readConfig({ ...base, WEBHOOK_SECRET: secret }).cache.defaultTtlSeconds).toBe(3_600);
    expect(readConfig(base).cache.defaultTtlSeconds).toBe(600);
    expect(readConfig({ ...base, WEBHOOK_SECRET: '  ' }).cache.defaultTtlSeconds).toBe(600);
  });

  test('a value set explicitly wins either way', () => {
    expect(readConfig({ ...base, WEBHOOK_SECRET: secret, CACHE_TTL_SECONDS: '300' }).cache.defaultTtlSeconds).toBe(300);
    expect(readConfig({ ...base, CACHE_TTL_SECONDS: '7200' }).cache.defaultTtlSeconds).toBe(7_200);
  });
});

test('ENG_RECORD_URL_PATTERN is read trimmed, absent when unset or blank, and a bad one does not stop the config', () => {
  expect(readConfig({ ...BASE, ENG_RECORD_URL_PATTERN: ' https://plm.example.com/specs/{id} ' }).engineering.recordUrlPattern).toBe('https://plm.example.com/specs/{id}');
  expect(readConfig(BASE).engineering.recordUrlPattern).toBeUndefined();
  expect(readConfig({ ...BASE, ENG_RECORD_URL_PATTERN: '  ' }).engineering.recordUrlPattern).toBeUndefined();
  // Checked where a pasted link is read (domain/pasted-link.ts), so every other macro keeps working.
  expect(readConfig({ ...BASE, ENG_RECORD_URL_PATTERN: 'not a url' }).engineering.recordUrlPattern).toBe('not a url');
});

test('an engineering token with a line break, tab or non-ASCII character is refused, naming the variable and not the value', () => {
  for (const token of ['abc\ndef-SECRETPART', 'abc\tdef-SECRETPART', 'abc\u2011def-SECRETPART']) {
    const read = () => readConfig({ ...BASE, ENG_API_TOKEN: token });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^ENG_API_TOKEN contains a line break, tab or non-ASCII character/);
    expect(read).not.toThrow(/SECRETPART/);
  }
  expect(readConfig({ ...BASE, ENG_API_TOKEN: ' eyJ.abc-_~+/= ' }).engineering.token).toBe('eyJ.abc-_~+/=');
});

describe('which sites the deployment configures', () => {
  test('ENV_CONFIG_SITE_IDS names sites; ENV_CONFIG_SINGLE_SITE=true serves any one', () => {
    expect(readEnvironmentScope({ ENV_CONFIG_SITE_IDS: ' c1 , c2 ,' })).toEqual({ siteIds: ['c1', 'c2'], singleSite: false });
    expect(readEnvironmentScope({ ENV_CONFIG_SINGLE_SITE: 'TRUE' })).toEqual({ siteIds: [], singleSite: true });
    expect(readEnvironmentScope({})).toEqual({ siteIds: [], singleSite: false });
  });

  test('a value that is not a cloud id or a boolean is refused, not ignored', () => {
    expect(() => readEnvironmentScope({ ENV_CONFIG_SITE_IDS: 'c1, ari:cloud:confluence::site/c2' })).toThrow(/not a cloud id/);
    expect(() => readEnvironmentScope({ ENV_CONFIG_SINGLE_SITE: 'yes' })).toThrow(/true or false/);
  });

  test('without ENG_API_BASE_URL the deployment has no connection of its own (sites connect on the admin page)', () => {
    const config = readConfig({});
    expect(config.engineering.baseUrl).toBeUndefined();
    expect(config.engineering.token).toBeUndefined();
  });
});

describe('CUSTOMER_MANAGED_EGRESS', () => {
  test('is off unless set to true', () => {
    expect(readConfig({}).capabilities.customerManagedEgress).toBe(false);
    expect(readConfig({ CUSTOMER_MANAGED_EGRESS: '' }).capabilities.customerManagedEgress).toBe(false);
    expect(readConfig({ CUSTOMER_MANAGED_EGRESS: 'false' }).capabilities.customerManagedEgress).toBe(false);
    expect(readConfig({ CUSTOMER_MANAGED_EGRESS: ' True ' }).capabilities.customerManagedEgress).toBe(true);
  });

  test('anything but true, false or empty is a configuration error, not silently off', () => {
    expect(() => readConfig({ CUSTOMER_MANAGED_EGRESS: 'yes' })).toThrow(ConfigError);
    expect(() => readConfig({ CUSTOMER_MANAGED_EGRESS: '1' })).toThrow(/CUSTOMER_MANAGED_EGRESS must be true or false, got '1'/);
  });
});
