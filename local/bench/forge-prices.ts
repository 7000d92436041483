/**
 * Forge's published prices and the REST points pool, as constants: nothing is read at run time. Sources:
 * https://developer.atlassian.com/platform/forge/forge-platform-pricing/ (version of ~Aug 2026, overage column)
 * and https://developer.atlassian.com/cloud/confluence/rate-limiting/ (Tier 1 global pool), as copied into the
 * team's reference notes (forge-2026-facts.md §1–§2, not part of this repository). The charge is arithmetic over the platform's
 * measured counters; it ignores the free allowance each app gets per month (a marginal, not a net, cost).
 */
import type { CostTotals } from '../platform/costs';

/** Overage prices in USD. */
export const FORGE_PRICES = {
  source: 'forge-2026-facts.md §1: Forge platform pricing page (~Aug 2026), overage column; free allowance not subtracted',
  usdPerGbSecond: 0.000025,
  usdPerKvsReadGb: 0.055,
  usdPerKvsWriteGb: 1.09,
  usdPerLogGb: 1.005,
} as const;

/** Tier 1 Confluence REST points pool: 65,000 points per hour per app, shared by every site (forge-2026-facts.md §2). */
export const SHARED_POOL_POINTS_PER_HOUR = 65_000;

/** A GB here is 1024³ bytes (the pricing page does not say; the difference is 7 %). */
const BYTES_PER_GB = 1024 ** 3;

/** The Forge charge of some measured totals, per line item (USD, arithmetic over the counters). */
export interface ForgeCharge {
  compute: number;
  kvsReads: number;
  kvsWrites: number;
  logs: number;
  total: number;
}

/** Prices `totals` (GB-s plus `extraGbSeconds`, e.g. an assumed cold start) at the overage prices. */
export function forgeCharge(totals: CostTotals, extraGbSeconds = 0): ForgeCharge {
  const compute = (totals.gbSeconds + extraGbSeconds) * FORGE_PRICES.usdPerGbSecond;
  const kvsReads = (totals.kvsReadBytes / BYTES_PER_GB) * FORGE_PRICES.usdPerKvsReadGb;
  const kvsWrites = (totals.kvsWriteBytes / BYTES_PER_GB) * FORGE_PRICES.usdPerKvsWriteGb;
  const logs = (totals.logBytes / BYTES_PER_GB) * FORGE_PRICES.usdPerLogGb;
  return { compute: usd(compute), kvsReads: usd(kvsReads), kvsWrites: usd(kvsWrites), logs: usd(logs), total: usd(compute + kvsReads + kvsWrites + logs) };
}

/** Rounds to 1e-9 USD so tiny charges stay visible and JSON stays short. */
function usd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
