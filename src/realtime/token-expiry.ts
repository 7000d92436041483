/** A subscribe token is handed to views until this long before it expires. */
export const TOKEN_REUSE_MARGIN_MS = 10 * 60_000;

/**
 * When `expiresAt` cannot be read, the token is assumed to live this long: it is still reused for
 * a few minutes (so page views do not each sign one) but never trusted for long.
 */
export const UNKNOWN_EXPIRY_LIFETIME_MS = 15 * 60_000;

/** An expiry further out than this is not believed (a value in milliseconds would land here). */
const MAX_BELIEVED_LIFETIME_MS = 7 * 24 * 3_600_000;

/**
 * Epoch ms at which a token from `signRealtimeToken` expires. Forge documents `expiresAt` as epoch
 * **seconds**, a number. Anything else — absent, NaN, a date string, already past, or implausibly far
 * away — counts as unknown and gets the short `UNKNOWN_EXPIRY_LIFETIME_MS`.
 */
export function tokenExpiresAtMs(expiresAt: unknown, nowMs: number): number {
  const seconds = typeof expiresAt === 'number' ? expiresAt : typeof expiresAt === 'string' && /^\s*\d+\s*$/.test(expiresAt) ? Number(expiresAt) : Number.NaN;
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || ms <= nowMs || ms - nowMs > MAX_BELIEVED_LIFETIME_MS) return nowMs + UNKNOWN_EXPIRY_LIFETIME_MS;
  return ms;
}

/** Whether a token read back from KVS can still be handed to a view (checked loosely: KVS holds whatever was written). */
export function isReusable(cached: unknown, nowMs: number): cached is { token: string; expiresAtMs: number } {
  if (typeof cached !== 'object' || cached === null) return false;
  const { token, expiresAtMs } = cached as { token?: unknown; expiresAtMs?: unknown };
  return typeof token === 'string' && token.length > 0 && typeof expiresAtMs === 'number' && Number.isFinite(expiresAtMs) && expiresAtMs - nowMs > TOKEN_REUSE_MARGIN_MS;
}
