/**
 * The app's deployment configuration: the only module that reads process.env.
 * On Forge these are environment variables (`forge variables set [--encrypt] KEY value`);
 * locally the platform sets them. Secrets (ENG_API_TOKEN, WEBHOOK_SECRET*) must be set with --encrypt.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { checkBaseUrl, type EnvironmentScope } from './domain/engineering-connection';
import { decodeWebhookSecret, MAX_WEBHOOK_SECRET_BYTES, MIN_WEBHOOK_SECRET_BYTES } from './domain/webhook-signature';
import { ConfigError } from './errors';
import { SNAPSHOT_PUBLIC_KEYS } from './shared/snapshot-keys';

export interface AppConfig {
  /**
   * linkHosts: ENG_LINK_HOSTS, comma-separated hosts record links may point at; any host when unset.
   * recordUrlPattern: ENG_RECORD_URL_PATTERN, a record's address with `{id}` (e.g. https://plm.example.com/specs/{id}),
   * which pasted links must fit (domain/pasted-link.ts checks it where it is used, so a bad one never stops the macro).
   * baseUrl and token: ENG_API_BASE_URL and ENG_API_TOKEN, the deployment's connection, used only by the sites
   * `environmentScope` names (domain/engineering-connection.ts); absent when ENG_API_BASE_URL is not set.
   * allowedOrigins: ENG_API_ORIGIN as a Forge variable (the manifest's egress origin), shown on the admin page.
   */
  engineering: { baseUrl?: string; token?: string; linkHosts?: readonly string[]; recordUrlPattern?: string; allowedOrigins: readonly string[] };
  /** ENV_CONFIG_SITE_IDS / ENV_CONFIG_SINGLE_SITE: which sites ENG_API_* and WEBHOOK_SECRET* configure. */
  environmentScope: EnvironmentScope;
  /** Signs snapshots (§13); absent when SNAPSHOT_SIGNING_KEY is not set: snapshots are then unsigned and none is trusted. */
  snapshotSigning?: SnapshotSigningKey;
  cache: {
    defaultTtlSeconds: number;
    minTtlSeconds: number;
    maxTtlSeconds: number;
    maxStaleSeconds: number;
  };
  /** CONFLUENCE_POINTS_SHARE_PER_HOUR: the REST points one installation may spend per hour of the app's shared pool (§20). */
  confluencePointsSharePerHour: number;
  /**
   * customerManagedEgress: CUSTOMER_MANAGED_EGRESS=true, the deployer's promise that manifest.yml also sets
   * `permissions.external.configurable.enabled: true` (Forge EAP), so the admin page may ask a site admin to allow the
   * engineering host (docs/decisions.md §30). Off by default.
   */
  capabilities: { customerManagedEgress: boolean };
}

/**
 * 5 % of the default 65,000-point pool: at least 20 sites at full tilt before the pool runs dry, while a busy site's
 * hour (a spec on 500 macros is ≈ 2,500 points) still fits (docs/decisions.md §20).
 */
export const DEFAULT_POINTS_SHARE_PER_HOUR = 3_250;

/**
 * The default freshness (docs/decisions.md §21). With change notices pushed (a WEBHOOK_SECRET is set) the TTL only
 * bounds how long a change whose notice never came stays hidden, and an hour cost 78 % fewer engineering requests and
 * 53 % less than 10 minutes in the working-day sweep; without notices the TTL is the only way changes arrive.
 */
const DEFAULT_TTL_WITH_PUSH_SECONDS = 3_600;
const DEFAULT_TTL_WITHOUT_PUSH_SECONDS = 600;

/** Reads and validates the configuration; throws ConfigError naming what is missing or wrong. */
export function readConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const baseUrl = env.ENG_API_BASE_URL?.trim() ? readEngineeringBaseUrl(env) : undefined;
  const cache = {
    defaultTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', env.WEBHOOK_SECRET?.trim() ? DEFAULT_TTL_WITH_PUSH_SECONDS : DEFAULT_TTL_WITHOUT_PUSH_SECONDS),
    minTtlSeconds: integer(env, 'CACHE_TTL_MIN_SECONDS', 60),
    maxTtlSeconds: integer(env, 'CACHE_TTL_MAX_SECONDS', 86_400),
    maxStaleSeconds: integer(env, 'CACHE_MAX_STALE_SECONDS', 7 * 86_400),
  };
  if (cache.minTtlSeconds > cache.maxTtlSeconds) throw new ConfigError('CACHE_TTL_MIN_SECONDS is above CACHE_TTL_MAX_SECONDS');
  return Object.freeze({
    engineering: Object.freeze({
      ...(baseUrl === undefined ? {} : { baseUrl, token: headerValue(env, 'ENG_API_TOKEN') }),
      ...linkHosts(env.ENG_LINK_HOSTS),
      // The manifest's egress origin, when it is also set as a Forge variable: the admin page tells admins which hosts fit.
      allowedOrigins: Object.freeze((env.ENG_API_ORIGIN ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean)),
      ...(env.ENG_RECORD_URL_PATTERN?.trim() ? { recordUrlPattern: env.ENG_RECORD_URL_PATTERN.trim() } : {}),
    }),
    ...withSigningKey(readSnapshotSigningKey(env)),
    cache: Object.freeze(cache),
    confluencePointsSharePerHour: readPointsSharePerHour(env),
    environmentScope: readEnvironmentScope(env),
    capabilities: Object.freeze({ customerManagedEgress: readSwitch(env, 'CUSTOMER_MANAGED_EGRESS') }),
  });
}

/** A capability switch: `true` turns it on; `false`, empty or unset leave it off; anything else is a mistake. */
function readSwitch(env: Record<string, string | undefined>, name: string): boolean {
  const value = env[name]?.trim().toLowerCase() ?? '';
  if (!['', 'true', 'false'].includes(value)) throw new ConfigError(`${name} must be true or false, got '${env[name] ?? ''}'`);
  return value === 'true';
}

/**
 * Forge variables are shared by every site installed from an environment, so the engineering connection and webhook
 * secrets they hold apply only to the sites named here (comma-separated cloud ids), or to every site when the
 * deployment declares it serves one (ENV_CONFIG_SINGLE_SITE=true). Other sites are connected on their admin page.
 */
export function readEnvironmentScope(env: Record<string, string | undefined> = process.env): EnvironmentScope {
  const singleSite = readSwitch(env, 'ENV_CONFIG_SINGLE_SITE');
  const siteIds = (env.ENV_CONFIG_SITE_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const bad = siteIds.find((id) => !/^[A-Za-z0-9-]{1,64}$/.test(id));
  if (bad !== undefined) throw new ConfigError(`ENV_CONFIG_SITE_IDS holds '${bad}', which is not a cloud id`);
  return Object.freeze({ siteIds: Object.freeze(siteIds), singleSite });
}

/**
 * The Standard Webhooks secrets (`whsec_…`): current first, the previous one while rotating. Each must decode
 * to 24–64 bytes, as Standard Webhooks asks: a shorter one can be guessed, so it is refused (ConfigError), never
 * used; so is a missing WEBHOOK_SECRET. Only the web trigger reads them, so a bad webhook secret does not take
 * the macro down with it.
 */
export function readWebhookSecrets(env: Record<string, string | undefined> = process.env): string[] {
  required(env, 'WEBHOOK_SECRET');
  return (['WEBHOOK_SECRET', 'WEBHOOK_SECRET_PREVIOUS'] as const).flatMap((name) => {
    const secret = env[name]?.trim();
    if (!secret) return [];
    const key = decodeWebhookSecret(secret);
    if (key === null) throw new ConfigError(`${name} must look like whsec_<base64> (a Standard Webhooks secret)`);
    if (key.length < MIN_WEBHOOK_SECRET_BYTES || key.length > MAX_WEBHOOK_SECRET_BYTES) {
      throw new ConfigError(
        `${name} decodes to ${key.length} bytes; Standard Webhooks secrets are ${MIN_WEBHOOK_SECRET_BYTES}–${MAX_WEBHOOK_SECRET_BYTES} random bytes (e.g. whsec_ + base64 of 32 random bytes)`,
      );
    }
    return [secret];
  });
}

/**
 * The deployment's where-used query secret (QUERY_SECRET; docs/where-used-queries.md), for the sites ENV_CONFIG_SITE_IDS
 * names, beside any an admin created. Optional: none set gives none; a malformed one is a ConfigError.
 */
export function readQuerySecrets(env: Record<string, string | undefined> = process.env): string[] {
  const secret = env.QUERY_SECRET?.trim();
  if (!secret) return [];
  const key = decodeWebhookSecret(secret);
  if (key === null || key.length < MIN_WEBHOOK_SECRET_BYTES || key.length > MAX_WEBHOOK_SECRET_BYTES) {
    throw new ConfigError(`QUERY_SECRET must look like whsec_<base64 of ${MIN_WEBHOOK_SECRET_BYTES}–${MAX_WEBHOOK_SECRET_BYTES} random bytes> (a Standard Webhooks secret)`);
  }
  return [secret];
}

/**
 * ENG_API_BASE_URL carries the bearer token, so it must be https. Plain http is allowed only to a loopback
 * host, which exists only in local development (the sample engineering system on 127.0.0.1).
 */
function readEngineeringBaseUrl(env: Record<string, string | undefined>): string {
  const checked = checkBaseUrl(required(env, 'ENG_API_BASE_URL'));
  if (checked.ok) return checked.baseUrl;
  throw new ConfigError(`ENG_API_BASE_URL ${checked.problem.replace('the API token', 'ENG_API_TOKEN')}`);
}

function linkHosts(value: string | undefined): { linkHosts?: readonly string[] } {
  const hosts = (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  return hosts.length > 0 ? { linkHosts: Object.freeze(hosts) } : {};
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
  // Parsing the key and deriving its public half took about 1 ms of CPU per invocation (profiled): a warm function
  // reuses the last key it parsed, as long as the variable is the same text.
  if (lastParsedKey?.raw === raw) return lastParsedKey.key;
  const key = parseSnapshotSigningKey(raw);
  lastParsedKey = { raw, key };
  return key;
}

let lastParsedKey: { raw: string; key: SnapshotSigningKey } | undefined;

function parseSnapshotSigningKey(raw: string): SnapshotSigningKey {
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

/**
 * A secret sent in an HTTP header (the engineering token): a line break, tab or non-ASCII character — a token pasted
 * wrapped, or with a typographic character — makes every request fail before it leaves, so it is refused here, naming
 * the variable and never the value.
 */
function headerValue(env: Record<string, string | undefined>, name: string): string {
  const value = required(env, name);
  if (/[^\x20-\x7e]/.test(value)) {
    throw new ConfigError(`${name} contains a line break, tab or non-ASCII character; set it again as one line (forge variables set --encrypt ${name} …)`);
  }
  return value;
}

/** CONFLUENCE_POINTS_SHARE_PER_HOUR alone: the export reads it without the engineering settings it does not use. */
export function readPointsSharePerHour(env: Record<string, string | undefined> = process.env): number {
  return positiveInteger(env, 'CONFLUENCE_POINTS_SHARE_PER_HOUR', DEFAULT_POINTS_SHARE_PER_HOUR);
}

/** A whole number above zero (0 would stop every Confluence call for good). */
function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const value = integer(env, name, fallback);
  if (value < 1) throw new ConfigError(`${name} must be at least 1, got '${env[name] ?? ''}'`);
  return value;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}
