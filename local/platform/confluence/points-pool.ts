import type { Clock } from '../clock';
import { confluenceError } from './confluence-error';

/** Tier 1 quota: points per hour per app, shared by all tenants (forge-2026-facts §2). */
export const DEFAULT_POINTS_PER_HOUR = 65_000;

const HOUR_MS = 3_600_000;
const POLICY = '"global-app-quota"';
const REASON = 'confluence-quota-global-based';
/** Below this share of the pool left, answers carry `r`, `X-RateLimit-NearLimit` and the reason. */
const NEAR_LIMIT_SHARE = 0.2;

/** The pool at one instant of the platform clock. */
export interface PointsPoolState {
  pointsPerHour: number;
  spent: number;
  remaining: number;
  /** Whole seconds until the top of the next UTC hour, when the pool refills. */
  secondsToReset: number;
}

/**
 * The app's hourly Confluence REST points pool (Tier 1, global): backend requests spend points,
 * the pool refills at the top of each UTC hour of the platform clock with no carry-over, and once
 * it is spent every request is refused with 429 until then. Answers carry the quota headers as
 * Confluence sends them: `RateLimit-Policy: "global-app-quota";q=65000;w=3600` always, and
 * `RateLimit: "global-app-quota";t=<s>`, with `r=<remaining>` only past 80 % use.
 */
export class ConfluencePointsPool {
  private windowStart = Number.NEGATIVE_INFINITY;
  private spent = 0;
  /** Requests refused with 429 since the platform started (every window). */
  refusals = 0;

  constructor(
    private readonly clock: Clock,
    readonly pointsPerHour = DEFAULT_POINTS_PER_HOUR,
  ) {}

  state(): PointsPoolState {
    const now = this.clock.now();
    const windowStart = Math.floor(now / HOUR_MS) * HOUR_MS;
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.spent = 0;
    }
    return {
      pointsPerHour: this.pointsPerHour,
      spent: this.spent,
      remaining: Math.max(0, this.pointsPerHour - this.spent),
      secondsToReset: Math.ceil((windowStart + HOUR_MS - now) / 1000),
    };
  }

  /** The 429 answer while the pool is spent, else undefined (the request may go ahead). */
  refusal(): Response | undefined {
    const state = this.state();
    if (state.remaining > 0) return undefined;
    this.refusals += 1;
    return confluenceError(429, 'Rate limit exceeded', `The app's hourly points quota (${state.pointsPerHour}) is spent until the top of the hour`, {
      ...this.headersFor(state),
      'retry-after': String(state.secondsToReset),
    });
  }

  /** Spends points (a request may take the pool below zero; later ones are refused) and returns the headers to answer with. */
  charge(points: number): Record<string, string> {
    this.state();
    this.spent += points;
    return this.headersFor(this.state());
  }

  private headersFor(state: PointsPoolState): Record<string, string> {
    const near = state.remaining < state.pointsPerHour * NEAR_LIMIT_SHARE;
    const headers: Record<string, string> = {
      'ratelimit-policy': `${POLICY};q=${state.pointsPerHour};w=${HOUR_MS / 1000}`,
      ratelimit: `${POLICY};${near ? `r=${state.remaining};` : ''}t=${state.secondsToReset}`,
    };
    if (near) {
      headers['x-ratelimit-nearlimit'] = 'true';
      headers['ratelimit-reason'] = REASON;
    }
    return headers;
  }
}
