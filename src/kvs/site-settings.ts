/**
 * The site's own settings in its installation's KVS: the engineering connection an admin saved (the token in a KVS
 * secret, encrypted and never queryable; the rest in a plain key) and the site's webhook secrets (one KVS secret).
 * Everything read back is validated: a malformed entry reads as absent, never as a connection.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { SECRET_DIRECTIONS } from '../shared/admin-contract';
import { readDocumentationSettings } from './documentation-settings';
import { KEYS } from './keys';
import { withKvsRetry } from './kvs-calls';

const StoredConnection = z.object({
  baseUrl: z.string().min(1).max(2048),
  tokenHint: z.string().max(16),
  updatedAt: z.number(),
  updatedBy: z.string().max(128),
});
export type StoredConnection = z.infer<typeof StoredConnection>;

const StoredWebhookSecret = z.object({
  id: z.string().min(1).max(64),
  direction: z.enum(SECRET_DIRECTIONS as [string, ...string[]]).transform((d) => d as (typeof SECRET_DIRECTIONS)[number]),
  secret: z.string().min(1).max(256),
  createdAt: z.number(),
  expiresAt: z.number().optional(),
  role: z.enum(['current', 'previous']),
});
export type StoredWebhookSecret = z.infer<typeof StoredWebhookSecret>;
const StoredWebhookSecrets = z.object({ items: z.array(StoredWebhookSecret).max(30) });

/** The site's saved connection (without the token), or undefined. */
export async function readStoredConnection(): Promise<StoredConnection | undefined> {
  const parsed = StoredConnection.safeParse(await withKvsRetry(() => kvs.get(KEYS.siteConnection())));
  return parsed.success ? parsed.data : undefined;
}

/** The site's saved connection with its token, or undefined when either half is missing. */
export async function readSiteConnection(): Promise<{ baseUrl: string; token: string } | undefined> {
  const [stored, token] = await Promise.all([readStoredConnection(), withKvsRetry(() => kvs.getSecret(KEYS.siteTokenSecret()))]);
  if (!stored || typeof token !== 'string' || token === '') return undefined;
  return { baseUrl: stored.baseUrl, token };
}

/** Saves the connection; with `token` undefined the stored token stays (only the URL changes). */
export async function writeSiteConnection(connection: StoredConnection, token: string | undefined): Promise<void> {
  // The token first: a connection record never points at a token that was not stored.
  if (token !== undefined) await withKvsRetry(() => kvs.setSecret(KEYS.siteTokenSecret(), token));
  await withKvsRetry(() => kvs.set(KEYS.siteConnection(), connection));
}

export async function deleteSiteConnection(): Promise<void> {
  await withKvsRetry(() => kvs.delete(KEYS.siteConnection()));
  await withKvsRetry(() => kvs.deleteSecret(KEYS.siteTokenSecret()));
}

/** The stored token alone (testing a new URL with the saved token), or undefined. */
export async function readStoredToken(): Promise<string | undefined> {
  const token = await withKvsRetry(() => kvs.getSecret(KEYS.siteTokenSecret()));
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Every webhook secret of the site (all directions, expired ones included: callers decide by time). */
export async function readWebhookSecretSet(): Promise<StoredWebhookSecret[]> {
  const parsed = StoredWebhookSecrets.safeParse(await withKvsRetry(() => kvs.getSecret(KEYS.siteWebhookSecrets())));
  return parsed.success ? parsed.data.items : [];
}

export async function writeWebhookSecretSet(items: StoredWebhookSecret[]): Promise<void> {
  if (items.length === 0) await withKvsRetry(() => kvs.deleteSecret(KEYS.siteWebhookSecrets()));
  else await withKvsRetry(() => kvs.setSecret(KEYS.siteWebhookSecrets(), { items }));
}

/**
 * What the site admin lets the engineering system learn (documentation notices and where-used queries alike, set on
 * the admin page's Integrators tab): page titles and space keys (`shareTitles`), restricted pages (`shareRestricted`).
 * Both default to false; no settings, or a malformed entry, reads as the defaults, so a broken setting never shares more.
 */
export async function readSharingSettings(): Promise<{ shareTitles: boolean; shareRestricted: boolean }> {
  const settings = await readDocumentationSettings();
  return { shareTitles: settings?.shareTitles === true, shareRestricted: settings?.includeRestricted === true };
}
