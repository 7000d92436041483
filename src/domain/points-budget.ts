import type { RateLimitReading } from './rate-limit-headers';

/**
 * How Spec Bridge spends Confluence REST points (docs/decisions.md §20). One pool of points per hour is shared by every
 * site the app is installed on; each installation keeps to a share of it and backs off when Confluence says the pool
 * is nearly or wholly spent. Pure: the adapter (src/confluence/points-governor.ts) supplies state and applies verdicts.
 */

/** What a Confluence call is for, which decides what may wait. */
export type CallPurpose =
  /** A reader's page view or an export: interactive, a few reads; stops only when the pool or the share is spent. */
  | 'view'
  /** Applying a change notice someone acknowledged: slowed near the limit, stopped at it, never dropped. */
  | 'push'
  /** Work a later view asks for again (a viewed macro's snapshot write, a revalidation): waits from near the limit on. */
  | 'deferrable';

/** What this installation knows about the pool and its own spending in the current hour. */
export interface PointsState {
  /** Start (epoch ms) of the UTC hour `spent` counts in. */
  hourStartMs: number;
  /** Points this installation spent in that hour (as counted by the app; approximate, see §20). */
  spent: number;
  /** Confluence refused calls until then (429: the pool, or a burst limit, is spent). */
  pausedUntilMs?: number;
  /** Confluence said the pool is nearly spent, until then. */
  nearUntilMs?: number;
}

export interface PointsPolicy {
  /** Points one installation may spend per hour. */
  sharePerHour: number;
}

export type PointsVerdict =
  | { go: true }
  | { go: false; resumeAtMs: number; reason: 'pool_spent' | 'pool_nearly_spent' | 'share_spent' | 'share_nearly_spent' };

const HOUR_MS = 3_600_000;
/** From this part of its share on, an installation defers what can wait, as it does when the pool is nearly spent. */
const NEAR_SHARE = 0.8;
/** Below this part of the pool left, Confluence sends X-RateLimit-NearLimit; `r` alone tells the same. */
const NEAR_POOL = 0.2;
/** How long a 429 with no time in it stops calls. */
const DEFAULT_PAUSE_SECONDS = 60;
/** Confluence calls one delivery makes at once: Atlassian asks for 5–10; near the limit, fewer. */
const NORMAL_CONCURRENCY = 6;
const SLOW_CONCURRENCY = 2;

export function hourStart(nowMs: number): number {
  return Math.floor(nowMs / HOUR_MS) * HOUR_MS;
}

/** The state as of `nowMs`: a new hour starts with nothing spent. */
export function currentState(state: PointsState, nowMs: number): PointsState {
  const start = hourStart(nowMs);
  return state.hourStartMs === start ? state : { ...state, hourStartMs: start, spent: 0 };
}

/** Whether a call for `purpose` may go now, and if not, when to try again. */
export function admit(stateThen: PointsState, purpose: CallPurpose, nowMs: number, policy: PointsPolicy): PointsVerdict {
  const state = currentState(stateThen, nowMs);
  const nextHour = state.hourStartMs + HOUR_MS;
  if ((state.pausedUntilMs ?? 0) > nowMs) return { go: false, resumeAtMs: state.pausedUntilMs ?? nowMs, reason: 'pool_spent' };
  if (state.spent >= policy.sharePerHour) return { go: false, resumeAtMs: nextHour, reason: 'share_spent' };
  if (purpose !== 'deferrable') return { go: true };
  if ((state.nearUntilMs ?? 0) > nowMs) return { go: false, resumeAtMs: state.nearUntilMs ?? nowMs, reason: 'pool_nearly_spent' };
  if (state.spent >= policy.sharePerHour * NEAR_SHARE) return { go: false, resumeAtMs: nextHour, reason: 'share_nearly_spent' };
  return { go: true };
}

/** How many Confluence calls a delivery may run at once now. */
export function concurrency(stateThen: PointsState, nowMs: number, policy: PointsPolicy): number {
  const state = currentState(stateThen, nowMs);
  const near = (state.nearUntilMs ?? 0) > nowMs || state.spent >= policy.sharePerHour * NEAR_SHARE;
  return near ? SLOW_CONCURRENCY : NORMAL_CONCURRENCY;
}

/**
 * What one answer's headers add: a 429 from the points quota (it names its reason, or `r=0`) stops calls for its
 * Retry-After, else until the reset it names; `r=0` stops them until the reset; the near-limit header, or `r` under 20 %
 * of `q`, marks the pool nearly spent until the reset. A 429 without quota headers is a burst limit on one endpoint:
 * the call that met it waits its Retry-After, nothing else does.
 */
export function observe(state: PointsState, status: number, reading: RateLimitReading, nowMs: number): PointsState {
  const resetAt = reading.resetSeconds !== undefined ? nowMs + reading.resetSeconds * 1000 : undefined;
  const quotaRefusal = status === 429 && (reading.reason !== undefined || reading.remaining === 0);
  let next = state;
  if (quotaRefusal || reading.remaining === 0) {
    const seconds = status === 429 ? (reading.retryAfterSeconds ?? reading.resetSeconds) : reading.resetSeconds;
    next = later(next, 'pausedUntilMs', nowMs + (seconds ?? DEFAULT_PAUSE_SECONDS) * 1000);
  }
  const lowRemaining = reading.remaining !== undefined && reading.quota !== undefined && reading.remaining < reading.quota * NEAR_POOL;
  if (reading.nearLimit || lowRemaining) next = later(next, 'nearUntilMs', resetAt ?? nowMs + DEFAULT_PAUSE_SECONDS * 1000);
  return next;
}

function later(state: PointsState, field: 'pausedUntilMs' | 'nearUntilMs', atMs: number): PointsState {
  return (state[field] ?? 0) >= atMs ? state : { ...state, [field]: atMs };
}
