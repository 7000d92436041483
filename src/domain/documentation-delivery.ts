/**
 * What the documentation-notice consumer does after one attempt to reach the receiver (docs/documentation-notices.md
 * "Retries"). Pure: the consumer measures, this decides.
 */

/** Forge redelivers an event at most 900 s after the consumer asks (InvocationError retryAfter ≤ 900). */
export const MAX_RETRY_AFTER_SECONDS = 900;
/** The first retry's wait; each further attempt doubles it, up to MAX_RETRY_AFTER_SECONDS. */
export const FIRST_RETRY_SECONDS = 30;
/** Forge keeps an event (and redelivers it) for 24 h after its push; past that it is dropped. */
export const QUEUE_RETENTION_MS = 24 * 3_600_000;
/**
 * Fresh pushes of one state after its event's retention runs short: each push is one request of the invocation chain
 * (Forge's cyclic-invocation limit is 1000 pushes per chain), so 2 keep a state alive about 72 h and stay far below it.
 */
export const MAX_REPUSHES = 2;

/** What one attempt met: the receiver's HTTP status (and Retry-After), or no answer at all. */
export type AttemptResult = { kind: 'answered'; status: number; retryAfter?: string | null } | { kind: 'timeout' } | { kind: 'network'; message: string };

export type AttemptVerdict =
  | { kind: 'delivered' }
  /** Retrying cannot help (the receiver refused this notice): recorded failed. */
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; afterSeconds: number; reason: string };

/**
 * 2xx delivered; 4xx other than 408 and 429 refused for good; 408, 429, 5xx, a timeout or a network error retried after
 * the receiver's Retry-After (capped at 900 s) or the attempt's backoff.
 */
export function judgeAttempt(result: AttemptResult, retryCount: number, nowMs: number): AttemptVerdict {
  if (result.kind === 'timeout') return { kind: 'retry', afterSeconds: backoffSeconds(retryCount), reason: 'timeout' };
  if (result.kind === 'network') return { kind: 'retry', afterSeconds: backoffSeconds(retryCount), reason: 'network_error' };
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const reason = `http_${status}`;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return { kind: 'failed', reason };
  const asked = retryAfterSeconds(result.retryAfter, nowMs);
  return { kind: 'retry', afterSeconds: asked ?? backoffSeconds(retryCount), reason };
}

/** 30 s, 60 s, 120 s, … doubling per redelivery already made, at most 900 s. */
export function backoffSeconds(retryCount: number): number {
  return Math.min(MAX_RETRY_AFTER_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, Math.min(retryCount, 10)));
}

/** A Retry-After header (delta seconds or an HTTP date) in whole seconds, 1–900; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - nowMs) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
}

export type RetryPlan = { kind: 'redeliver'; afterSeconds: number } | { kind: 'repush'; delaySeconds: number } | { kind: 'give_up' };

/**
 * How a retry happens: a redelivery of this event while its 24 h retention lasts past the wait; else a fresh push of the
 * same state (its own 24 h), at most MAX_REPUSHES times; past that the state is recorded failed.
 */
export function planRetry(input: { afterSeconds: number; queuedAtMs: number; repushes: number; nowMs: number }): RetryPlan {
  const redeliverAt = input.nowMs + input.afterSeconds * 1000;
  // A minute of margin: the queue drops the event at its retention, however close the redelivery was.
  if (redeliverAt + 60_000 < input.queuedAtMs + QUEUE_RETENTION_MS) return { kind: 'redeliver', afterSeconds: input.afterSeconds };
  if (input.repushes < MAX_REPUSHES) return { kind: 'repush', delaySeconds: input.afterSeconds };
  return { kind: 'give_up' };
}
