/**
 * Request counters per emulated service, read by tests and the benchmark
 * (engineering requests, KVS operations, Confluence requests, queue pushes, realtime publishes).
 */
export class Counters {
  private counts = new Map<string, number>();

  increment(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Sum of all counters whose name starts with `prefix` (e.g. 'kvs.'). */
  total(prefix: string): number {
    let sum = 0;
    for (const [name, value] of this.counts) if (name.startsWith(prefix)) sum += value;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
