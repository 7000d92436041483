/**
 * A site's webhook secrets, per direction: one `current` secret, and rotated-out `previous` ones that still verify until
 * an admin removes them or their chosen expiry passes. Pure: the admin resolver and the web triggers share these rules.
 */
import type { SecretDirection, SecretInfo } from '../shared/admin-contract';
import { secretHint } from './engineering-connection';

export interface WebhookSecretItem {
  id: string;
  direction: SecretDirection;
  secret: string;
  createdAt: number;
  /** Epoch ms after which a previous secret no longer verifies; absent: until removed. */
  expiresAt?: number;
  role: 'current' | 'previous';
}

/** Most days a rotated-out secret may stay valid. */
export const MAX_KEEP_PREVIOUS_DAYS = 30;
/** Most secrets kept per direction (the current one and previous ones still valid). */
export const MAX_SECRETS_PER_DIRECTION = 5;

const DAY_MS = 86_400_000;

/** The secrets that verify a delivery in `direction` now: the current one first. */
export function acceptedSecrets(items: readonly WebhookSecretItem[], direction: SecretDirection, nowMs: number): string[] {
  return live(items, nowMs)
    .filter((item) => item.direction === direction)
    .sort((a, b) => (a.role === b.role ? b.createdAt - a.createdAt : a.role === 'current' ? -1 : 1))
    .map((item) => item.secret);
}

/**
 * Adds `added` as the direction's current secret. The old current one becomes previous and stays valid for
 * `keepPreviousDays` days (undefined: until removed; 0: not at all). Expired secrets are dropped.
 */
export function withNewCurrent(
  items: readonly WebhookSecretItem[],
  added: Omit<WebhookSecretItem, 'role' | 'expiresAt'>,
  keepPreviousDays: number | undefined,
  nowMs: number,
): WebhookSecretItem[] {
  const kept = live(items, nowMs).flatMap((item): WebhookSecretItem[] => {
    if (item.direction !== added.direction || item.role !== 'current') return [item];
    if (keepPreviousDays === 0) return [];
    return [{ ...item, role: 'previous', ...(keepPreviousDays === undefined ? {} : { expiresAt: nowMs + keepPreviousDays * DAY_MS }) }];
  });
  const sameDirection = kept.filter((item) => item.direction === added.direction);
  // Oldest previous secrets go first when a direction would hold too many.
  const dropped = new Set(
    sameDirection
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, Math.max(0, sameDirection.length + 1 - MAX_SECRETS_PER_DIRECTION))
      .map((item) => item.id),
  );
  return [...kept.filter((item) => !dropped.has(item.id)), { ...added, role: 'current' }];
}

/** Removes one secret (revoke); removing a direction's current secret leaves that direction with none current. */
export function withoutSecret(items: readonly WebhookSecretItem[], id: string, nowMs: number): WebhookSecretItem[] {
  return live(items, nowMs).filter((item) => item.id !== id);
}

/** What the admin page shows of each live secret: never the value. */
export function describeSecrets(items: readonly WebhookSecretItem[], nowMs: number): SecretInfo[] {
  return live(items, nowMs).map((item) => ({
    id: item.id,
    direction: item.direction,
    hint: secretHint(item.secret, 'whsec_'),
    createdAt: new Date(item.createdAt).toISOString(),
    ...(item.expiresAt === undefined ? {} : { expiresAt: new Date(item.expiresAt).toISOString() }),
    role: item.role,
  }));
}

/** Whether `days` is an acceptable keep-previous period (a whole number of days, 0–30). */
export function keepPreviousDaysProblem(days: unknown): string | undefined {
  if (days === undefined) return undefined;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_KEEP_PREVIOUS_DAYS) {
    return `Keep the previous secret for a whole number of days from 0 to ${MAX_KEEP_PREVIOUS_DAYS}, or leave it empty to keep it until removed.`;
  }
  return undefined;
}

function live(items: readonly WebhookSecretItem[], nowMs: number): WebhookSecretItem[] {
  return items.filter((item) => item.expiresAt === undefined || item.expiresAt > nowMs);
}

/** The secret that signs what the app sends in `direction`: the newest live one (the current one after a rotation). */
export function signingSecret(items: readonly WebhookSecretItem[], direction: SecretDirection, nowMs: number): string | undefined {
  return live(items, nowMs)
    .filter((item) => item.direction === direction)
    .sort((a, b) => b.createdAt - a.createdAt)[0]?.secret;
}
