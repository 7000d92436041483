/**
 * Maps `items` through `work` with at most `limit` calls running at once, keeping the input order in the
 * answer. Atlassian asks apps to keep product calls to 5–10 at a time; unbounded Promise.all over hundreds
 * of macros would trip Confluence's rate limits. Rejects with the first error once the running calls end.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function worker(): Promise<void> {
    while (next < items.length && !failure) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
