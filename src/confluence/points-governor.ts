import type { APIResponse } from '@forge/api';
import { errorDetail } from '../domain/error-detail';
import { admit, concurrency, currentState, hourStart, observe, type CallPurpose, type PointsPolicy, type PointsState } from '../domain/points-budget';
import type { Clock, Logger, PointsLedger } from '../domain/ports';
import { readRateLimitHeaders } from '../domain/rate-limit-headers';
import { UpstreamError } from '../errors';
import type { ConfluenceProduct } from './content-requests';
import { estimatePoints } from './points-estimate';

/** Longest wait a queued event may ask for (Forge redelivers at most 900 s later). */
const MAX_RETRY_AFTER_SECONDS = 900;

/** One invocation's gate in front of Confluence (docs/decisions.md §20). */
export interface PointsGovernor {
  /** `product` with each call admitted first (or refused with an UpstreamError naming when to retry), counted, and its rate-limit headers read. */
  govern(product: ConfluenceProduct): ConfluenceProduct;
  /** Starts reading the ledger the first call will need (a view knows early that it will call); never rejects. */
  prepare(): Promise<void>;
  /** Confluence calls a delivery may run at once now (fewer near the limit). */
  concurrency(): Promise<number>;
  /** Adds what this invocation spent to the installation's ledger; call when its Confluence calls are done. */
  settle(): Promise<void>;
}

export interface PointsGovernorOptions {
  ledger: PointsLedger;
  clock: Clock;
  policy: PointsPolicy;
  purpose: CallPurpose;
  log: Logger;
}

/**
 * Reads the ledger once, at the first call; keeps its own spending and what Confluence's headers said on top of it,
 * and writes a pause or near-limit signal to the ledger at once (other invocations honour it), its spending at
 * `settle`. A ledger that cannot be read or written never stops a call: the headers still guard the pool.
 */
export function createPointsGovernor(options: PointsGovernorOptions): PointsGovernor {
  const { ledger, clock, policy, purpose, log } = options;
  let loading: Promise<PointsState> | undefined;
  let state: PointsState | undefined;
  const unsettled = new Map<number, number>();

  async function current(): Promise<PointsState> {
    loading ??= ledger.read(hourStart(clock.now())).catch((error: unknown) => {
      log.warn('could not read the Confluence points ledger; going by the headers alone', errorDetail(error));
      return { hourStartMs: hourStart(clock.now()), spent: 0 };
    });
    const loaded = await loading;
    state = currentState(state ?? loaded, clock.now());
    return state;
  }

  async function signal(next: PointsState, before: PointsState): Promise<void> {
    if (next.pausedUntilMs === before.pausedUntilMs && next.nearUntilMs === before.nearUntilMs) return;
    log.warn('Confluence points: backing off', {
      purpose,
      ...(next.pausedUntilMs ? { pausedUntil: new Date(next.pausedUntilMs).toISOString() } : {}),
      ...(next.nearUntilMs ? { nearLimitUntil: new Date(next.nearUntilMs).toISOString() } : {}),
    });
    try {
      await ledger.signal({ pausedUntilMs: next.pausedUntilMs, nearUntilMs: next.nearUntilMs });
    } catch (error) {
      log.warn('could not record the Confluence points signal', errorDetail(error));
    }
  }

  async function call(product: ConfluenceProduct, ...[url, init]: Parameters<ConfluenceProduct['requestConfluence']>): Promise<APIResponse> {
    const before = await current();
    const now = clock.now();
    const verdict = admit(before, purpose, now, policy);
    if (!verdict.go) {
      const seconds = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil((verdict.resumeAtMs - now) / 1000)));
      throw new UpstreamError(`Confluence calls wait (${verdict.reason.replaceAll('_', ' ')}) until ${new Date(verdict.resumeAtMs).toISOString()}`, seconds);
    }
    const response = await product.requestConfluence(url, init);
    const points = estimatePoints(init?.method ?? 'GET', url.value, response.status);
    const after = currentState(state ?? before, clock.now());
    unsettled.set(after.hourStartMs, (unsettled.get(after.hourStartMs) ?? 0) + points);
    const counted = { ...after, spent: after.spent + points };
    state = observe(counted, response.status, readRateLimitHeaders(response.headers), clock.now());
    await signal(state, counted);
    return response;
  }

  return {
    govern: (product) => ({ requestConfluence: (url, init) => call(product, url, init) }),
    async prepare() {
      // current() never rejects: a ledger that cannot be read counts as nothing spent.
      await current();
    },
    async concurrency() {
      return concurrency(await current(), clock.now(), policy);
    },
    async settle() {
      const spent = [...unsettled];
      unsettled.clear();
      for (const [hour, points] of spent) {
        try {
          await ledger.add(hour, points);
        } catch (error) {
          log.warn('could not record Confluence points spent', { points, ...errorDetail(error) });
        }
      }
    },
  };
}
