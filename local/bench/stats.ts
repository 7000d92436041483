/** Small statistics for the benchmark: nearest-rank percentiles and ratios that stay JSON-friendly. */

/** p50 / p95 / max of a list of durations, rounded to 0.1 ms (0 for an empty list). */
export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile summary of `values`. */
export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  return { p50: round(rank(50)), p95: round(rank(95)), max: round(sorted[sorted.length - 1] as number) };
}

/** `numerator / denominator` rounded to 0.1, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : round(numerator / denominator);
}

/** Share in [0, 1] rounded to 0.001 (1 when there was nothing to count). */
export function share(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000;
}

/** Rounds to one decimal. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Runs `work` for every item with at most `limit` running at once; results keep the input order. */
export async function mapConcurrent<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i);
    }),
  );
  return results;
}

/** A seeded Fisher–Yates shuffle of a copy of `items`. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
