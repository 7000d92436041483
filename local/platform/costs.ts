import { currentInvocation } from './invocation';

/**
 * What Forge bills or rate-limits, metered per amount (forge-2026-facts §1, §2):
 * - `kvsReadBytes`: actual value bytes of every item read; an empty read (missing key, empty query page) counts 1 KB.
 * - `kvsWriteBytes`: value bytes of every item written (deletes write nothing).
 * - `logBytes`: UTF-8 bytes the function printed, one line per console call plus its newline.
 * - `confluencePoints`: REST points charged to the app's hourly pool (backend `requestConfluence` only).
 * - `confluenceRequests`: backend Confluence requests, including those refused with 429.
 * - `realtimePublishes` / `realtimeSubscribes`: realtime operations (subscribes come from frontends, so never inside an invocation).
 * - `bridgeConfluenceRequests`: Confluence REST calls from the UI side (the local HTTP server); no points, as on Forge.
 */
export const METERED = [
  'kvsReadBytes',
  'kvsWriteBytes',
  'logBytes',
  'confluencePoints',
  'confluenceRequests',
  'realtimePublishes',
  'realtimeSubscribes',
  'bridgeConfluenceRequests',
] as const;

export type Metered = (typeof METERED)[number];

/** Bytes an empty KVS read is billed as ("Empty KVS reads count as 1KB towards your usage"). */
export const EMPTY_KVS_READ_BYTES = 1024;

/** One finished function invocation and what it cost. */
export type InvocationCost = {
  invocationId: string;
  functionKey: string;
  moduleType: string;
  moduleKey: string;
  /** Wall-clock time of the handler, measured with the process clock (not the platform clock). */
  durationMs: number;
  memoryMB: number;
  /** duration (s) × memory (GB, memoryMB / 1024): Forge's "Function duration × memory". */
  gbSeconds: number;
  failed: boolean;
} & Record<Metered, number>;

/** Sums over everything metered since the last reset; invocation figures only over finished invocations. */
export type CostTotals = { invocations: number; durationMs: number; gbSeconds: number } & Record<Metered, number>;

type Running = Omit<InvocationCost, 'durationMs' | 'gbSeconds' | 'failed'>;

function zeroes(): Record<Metered, number> {
  return Object.fromEntries(METERED.map((name) => [name, 0])) as Record<Metered, number>;
}

/**
 * Per-invocation cost counters. The platform opens a record per invocation; services add amounts,
 * which go to the invocation running now (found through its async context) and to the totals.
 * Amounts metered outside any invocation (frontend calls, tests calling services directly) count in
 * the totals only. Keeps the latest `capacity` finished invocations; totals stay exact.
 */
export class CostMeter {
  private running = new Map<string, Running>();
  private finished: InvocationCost[] = [];
  private sums: CostTotals = CostMeter.emptyTotals();

  constructor(private readonly capacity = 10_000) {}

  private static emptyTotals(): CostTotals {
    return { invocations: 0, durationMs: 0, gbSeconds: 0, ...zeroes() };
  }

  begin(fields: { invocationId: string; functionKey: string; moduleType: string; moduleKey: string; memoryMB: number }): void {
    this.running.set(fields.invocationId, { ...fields, ...zeroes() });
  }

  end(invocationId: string, durationMs: number, failed: boolean): InvocationCost | undefined {
    const record = this.running.get(invocationId);
    if (!record) return undefined;
    this.running.delete(invocationId);
    const gbSeconds = (durationMs / 1000) * (record.memoryMB / 1024);
    const cost: InvocationCost = { ...record, durationMs, gbSeconds, failed };
    this.finished.push(cost);
    if (this.finished.length > this.capacity) this.finished.shift();
    this.sums.invocations += 1;
    this.sums.durationMs += durationMs;
    this.sums.gbSeconds += gbSeconds;
    return cost;
  }

  add(name: Metered, amount: number): void {
    if (amount === 0) return;
    this.sums[name] += amount;
    const id = currentInvocation()?.invocationId;
    const record = id === undefined ? undefined : this.running.get(id);
    if (record) record[name] += amount;
  }

  /** Finished invocations, oldest first. */
  invocations(): InvocationCost[] {
    return this.finished.map((cost) => ({ ...cost }));
  }

  totals(): CostTotals {
    return { ...this.sums };
  }

  reset(): void {
    this.finished = [];
    this.sums = CostMeter.emptyTotals();
  }
}
