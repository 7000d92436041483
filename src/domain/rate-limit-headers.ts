/**
 * What Confluence's rate-limit headers on one answer say (points-based quota, enforced since March 2026):
 * `RateLimit: "<policy>";r=<remaining>;t=<seconds to reset>` (`r` only past ~80 % use),
 * `RateLimit-Policy: "<policy>";q=<quota>;w=<window seconds>`, `X-RateLimit-NearLimit: true` when under 20 %
 * remains, `RateLimit-Reason: confluence-quota-global-based | confluence-quota-tenant-based`, and `Retry-After`
 * on a 429. Several policies may be listed, comma-separated: the tightest one counts (least remaining, latest reset).
 */
export interface RateLimitReading {
  remaining?: number;
  quota?: number;
  resetSeconds?: number;
  retryAfterSeconds?: number;
  nearLimit: boolean;
  reason?: string;
}

/** What a response offers to read headers from (fetch's Headers and Forge's APIResponse headers both do). */
export interface HeaderSource {
  get(name: string): string | null;
}

/** Largest wait any header may name: an hour is the quota's window; anything longer is not believed. */
const MAX_SECONDS = 3_600;

export function readRateLimitHeaders(headers: HeaderSource): RateLimitReading {
  const reading: RateLimitReading = { nearLimit: (headers.get('x-ratelimit-nearlimit') ?? '').trim().toLowerCase() === 'true' };
  for (const item of listItems(headers.get('ratelimit'))) {
    const remaining = item.get('r');
    const reset = item.get('t');
    if (remaining !== undefined) reading.remaining = Math.min(reading.remaining ?? Infinity, remaining);
    if (reset !== undefined) reading.resetSeconds = Math.max(reading.resetSeconds ?? 0, Math.min(reset, MAX_SECONDS));
  }
  for (const item of listItems(headers.get('ratelimit-policy'))) {
    const quota = item.get('q');
    if (quota !== undefined) reading.quota = Math.min(reading.quota ?? Infinity, quota);
  }
  const retryAfter = seconds(headers.get('retry-after'));
  if (retryAfter !== undefined) reading.retryAfterSeconds = Math.min(retryAfter, MAX_SECONDS);
  const reason = headers.get('ratelimit-reason')?.trim();
  if (reason) reading.reason = reason.slice(0, 100);
  return reading;
}

/** The numeric parameters of each item of a structured-field list (`"name";a=1;b=2, "other";a=3`). */
function listItems(header: string | null): Map<string, number>[] {
  if (!header) return [];
  return header.split(',').map((item) => {
    const params = new Map<string, number>();
    for (const part of item.split(';').slice(1)) {
      const [name, value] = part.split('=');
      const number = seconds(value ?? null);
      if (name && number !== undefined) params.set(name.trim().toLowerCase(), number);
    }
    return params;
  });
}

/** A non-negative whole number of seconds (or points), else undefined. */
function seconds(value: string | null): number | undefined {
  if (value === null || !/^\s*\d{1,10}\s*$/.test(value)) return undefined;
  return Number(value.trim());
}
