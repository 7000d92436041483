/** Pure timing rules of the engineering client: backoff, Retry-After, and how much time a request may take. */

/** Backoff before the 2nd attempt is drawn from [0, BACKOFF_BASE_MS); it doubles per attempt up to BACKOFF_CAP_MS. */
export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 4_000;
/** Never start a request with less than this left after the safety margin: it could not finish anyway. */
export const MIN_REQUEST_MS = 1_000;
/** Time kept back from the invocation budget for the caller to answer (write cache, render) after we give up. */
export const DEFAULT_SAFETY_MARGIN_MS = 1_000;
/** Default per-request timeout: a third of a 25 s resolver, so one retry still fits. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 8_000;
/** Default attempts per call (1 try + 2 retries). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Full-jitter exponential backoff (AWS architecture blog): a uniform draw from [0, min(cap, base·2^(n-1))) before
 * retry n. Spreads retries of many callers instead of synchronising them.
 */
export function fullJitterDelayMs(retryNumber: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 0.999999) * ceiling);
}

/**
 * Parses a Retry-After header: delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
 * Returns milliseconds to wait (0 for a date in the past), or null when absent or unparseable.
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse accepts much more than IMF-fixdate; require a weekday/month name shape to avoid reading "1.5" as a date.
  if (!/^[A-Za-z]{3},? /.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Whole seconds to report to a caller for a wait of `ms` (at least 1). */
export function toRetryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * How long the next request may take: the configured timeout, cut to what the invocation has left after the safety
 * margin. Null when less than MIN_REQUEST_MS would be left, i.e. the request must not start.
 */
export function requestBudgetMs(remainingMs: number, safetyMarginMs: number, requestTimeoutMs: number): number | null {
  const available = remainingMs - safetyMarginMs;
  if (available < MIN_REQUEST_MS) return null;
  return Math.min(requestTimeoutMs, available);
}

/** True when waiting `waitMs` still leaves enough time to start another request. */
export function waitFits(waitMs: number, remainingMs: number, safetyMarginMs: number): boolean {
  return remainingMs - safetyMarginMs - waitMs >= MIN_REQUEST_MS;
}
