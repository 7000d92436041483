/**
 * The app's deployment configuration: the only module that reads process.env.
 * On Forge these are environment variables (`forge variables set [--encrypt] KEY value`);
 * locally the platform sets them. Secrets (ENG_API_TOKEN, WEBHOOK_SECRET*) must be set with --encrypt.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError } from './errors';
import { SNAPSHOT_PUBLIC_KEYS } from './shared/snapshot-keys';

export interface AppConfig {
  engineering: { baseUrl: string; token: string };
  webhookSecrets: string[];
  /** Signs snapshots (§13); absent when SNAPSHOT_SIGNING_KEY is not set: snapshots are then unsigned and none is trusted. */
  snapshotSigning?: SnapshotSigningKey;
  cache: {
    defaultTtlSeconds: number;
    minTtlSeconds: number;
    maxTtlSeconds: number;
    maxStaleSeconds: number;
  };
}

/** Reads and validates the configuration; throws ConfigError naming what is missing or wrong. */
export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const baseUrl = required(env, 'ENG_API_BASE_URL').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) throw new ConfigError('ENG_API_BASE_URL must be an http(s) URL');
  const cache = {
    defaultTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 600),
    minTtlSeconds: integer(env, 'CACHE_TTL_MIN_SECONDS', 60),
    maxTtlSeconds: integer(env, 'CACHE_TTL_MAX_SECONDS', 86_400),
    maxStaleSeconds: integer(env, 'CACHE_MAX_STALE_SECONDS', 7 * 86_400),
  };
  if (cache.minTtlSeconds > cache.maxTtlSeconds) throw new ConfigError('CACHE_TTL_MIN_SECONDS is above CACHE_TTL_MAX_SECONDS');
  return Object.freeze({
    engineering: Object.freeze({ baseUrl, token: required(env, 'ENG_API_TOKEN') }),
    webhookSecrets: readWebhookSecrets(env),
    ...withSigningKey(readSnapshotSigningKey(env)),
    cache: Object.freeze(cache),
  });
}

/** The Standard Webhooks secrets (`whsec_…`): current first, the previous one while rotating. */
export function readWebhookSecrets(env: Record<string, string | undefined> = process.env): string[] {
  return [env.WEBHOOK_SECRET, env.WEBHOOK_SECRET_PREVIOUS].map((s) => s?.trim()).filter((s): s is string => Boolean(s));
}

/** The snapshot signing key and the id its public key has in src/shared/snapshot-keys.ts. */
export interface SnapshotSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * SNAPSHOT_SIGNING_KEY (encrypted): an Ed25519 private key as PKCS8 PEM, base64 PKCS8 DER, or the base64
 * 32-byte raw seed. Its key id is the entry of SNAPSHOT_PUBLIC_KEYS holding its public key, so a key
 * whose public half was never published is refused. Undefined when the variable is not set.
 */
export function readSnapshotSigningKey(env: Record<string, string | undefined> = process.env): SnapshotSigningKey | undefined {
  const raw = env.SNAPSHOT_SIGNING_KEY?.trim();
  if (!raw) return undefined;
  let privateKey: KeyObject;
  try {
    if (raw.startsWith('-----BEGIN')) privateKey = createPrivateKey({ key: raw.replace(/\\n/g, '\n'), format: 'pem' });
    else {
      const der = Buffer.from(raw, 'base64');
      privateKey = createPrivateKey({ key: der.length === 32 ? Buffer.concat([ED25519_PKCS8_PREFIX, der]) : der, format: 'der', type: 'pkcs8' });
    }
  } catch (error) {
    throw new ConfigError('SNAPSHOT_SIGNING_KEY is not a PKCS8 (PEM or base64) or raw base64 Ed25519 private key', { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ConfigError('SNAPSHOT_SIGNING_KEY must be an Ed25519 key');
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  const keyId = Object.entries(SNAPSHOT_PUBLIC_KEYS).find(([, key]) => key.spki === spki)?.[0];
  if (!keyId) throw new ConfigError(`SNAPSHOT_SIGNING_KEY's public key (${spki}) is not listed in src/shared/snapshot-keys.ts`);
  return Object.freeze({ keyId, privateKey });
}

function withSigningKey(key: SnapshotSigningKey | undefined): { snapshotSigning?: SnapshotSigningKey } {
  return key ? { snapshotSigning: key } : {};
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set (forge variables set${name.includes('TOKEN') || name.includes('SECRET') ? ' --encrypt' : ''} ${name} …)`);
  return value;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}
