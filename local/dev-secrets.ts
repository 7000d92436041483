/**
 * The local development secrets by purpose, for `npm run dev`: seeded into the local site's secret set (the one the
 * admin page manages) and listed on `/__local/info`. Local only: every value here is committed.
 */
import type { SecretDirection } from '../src/shared/admin-contract';
import type { StoredWebhookSecret } from '../src/kvs/site-settings';
import { LOCAL_OUTBOUND_SECRET, LOCAL_QUERY_SECRET } from './keys/local-bridge-secrets';
import { LOCAL_WEBHOOK_SECRET } from './keys/local-webhook-secret';

/** What `/__local/info` says about one secret: its purpose, where it lives, and its value only when it is a local one. */
export interface LocalSecretInfo {
  purpose: 'change notices (inbound)' | 'documentation notices (outbound)' | 'queries';
  direction: SecretDirection;
  source: string;
  /** The committed development value, or null when the secret in use is not the local one (never shown). */
  secret: string | null;
}

const SEEDED: { direction: Exclude<SecretDirection, 'inbound'>; id: string; secret: string }[] = [
  { direction: 'outbound', id: 'local-dev-outbound', secret: LOCAL_OUTBOUND_SECRET },
  { direction: 'query', id: 'local-dev-query', secret: LOCAL_QUERY_SECRET },
];

/**
 * Puts the local outbound and query secrets in the site's secret set, each only when the set has no current secret of
 * that purpose (an admin's own secret is kept). Call it after the platform is created (the app's KVS is the platform's).
 */
export async function seedLocalSecrets(nowMs = Date.now()): Promise<void> {
  // Imported here: @forge/kvs binds its transport at import, so only after the platform installed its globals.
  const { readWebhookSecretSet, writeWebhookSecretSet } = await import('../src/kvs/site-settings');
  const items = await readWebhookSecretSet();
  const missing = SEEDED.filter((seed) => !items.some((item) => item.direction === seed.direction && item.role === 'current'));
  if (missing.length === 0) return;
  const seeded: StoredWebhookSecret[] = missing.map((seed) => ({ id: seed.id, direction: seed.direction, secret: seed.secret, createdAt: nowMs, role: 'current' }));
  await writeWebhookSecretSet([...items, ...seeded]);
}

/** The secrets in use by purpose; values only for the committed local ones. */
export async function localSecretInfo(webhookSecret: string): Promise<LocalSecretInfo[]> {
  const { readWebhookSecretSet } = await import('../src/kvs/site-settings');
  const items = await readWebhookSecretSet();
  const current = (direction: SecretDirection) => items.find((item) => item.direction === direction && item.role === 'current');
  const shown = (direction: Exclude<SecretDirection, 'inbound'>): LocalSecretInfo => {
    const item = current(direction);
    const local = SEEDED.find((seed) => seed.direction === direction)?.secret;
    return {
      purpose: direction === 'outbound' ? 'documentation notices (outbound)' : 'queries',
      direction,
      source: item ? 'the site secret set (admin page → Secrets)' : 'none set',
      secret: item && item.secret === local ? item.secret : null,
    };
  };
  const inbound = current('inbound');
  return [
    {
      purpose: 'change notices (inbound)',
      direction: 'inbound',
      source: inbound ? 'the site secret set (admin page → Secrets)' : 'WEBHOOK_SECRET',
      secret: inbound ? null : webhookSecret === LOCAL_WEBHOOK_SECRET ? webhookSecret : null,
    },
    shown('outbound'),
    shown('query'),
  ];
}
