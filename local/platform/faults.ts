/**
 * Seeded, reproducible fault injection for tests and benchmarks. Each emulated service asks
 * `faults.decide(service, operation)` before doing the work; a rule may add latency, answer
 * with an error status (optionally with Retry-After), or request a duplicate delivery (queue).
 */

export type FaultService = 'kvs' | 'confluence' | 'queue' | 'realtime' | 'engineering' | 'webtrigger' | 'events';

export interface FaultRule {
  service: FaultService;
  /** Operation name as the service reports it (e.g. 'set', 'get', 'PUT /properties'); omitted = any. */
  operation?: string | RegExp;
  /** Probability in [0,1] that the rule fires on a matching call (default 1). */
  rate?: number;
  /** Fire at most this many times (default unlimited). */
  times?: number;
  /** Let this many matching calls pass untouched before the rule may fire (a fault in the middle of a batch). */
  skip?: number;
  /** Extra latency in ms, with optional ± jitter. */
  latencyMs?: number;
  jitterMs?: number;
  /** Answer with this HTTP status instead of doing the work. */
  status?: number;
  retryAfterSeconds?: number;
  /** Queue and product events (`events`, operation `deliver`): deliver the event twice. */
  duplicate?: boolean;
  /** Queue and product events: extra delivery delay (ms), to shuffle order. */
  reorderMs?: number;
  /**
   * KVS batch operations only: the call itself succeeds, but the items whose key matches are left undone and listed
   * in `failedKeys` with the error of `status` (default 500), as Forge KVS may report a partial failure.
   */
  failKeys?: string | RegExp;
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  retryAfterSeconds?: number;
  duplicate: boolean;
  reorderMs: number;
  /** Keys a batch call leaves undone and reports in `failedKeys` (rules with `failKeys`), with the status to report. */
  failKeys?: { match: string | RegExp; status: number }[];
}

/** Mulberry32: small, fast, deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActiveRule extends FaultRule {
  fired: number;
  seen: number;
}

export class FaultPlan {
  private rules: ActiveRule[] = [];
  private random: () => number;
  /** Calls a rule fired on, per `<service> <operation>`; kept across clear() so tests can compare before and after. */
  private injected = new Map<string, number>();

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const active: ActiveRule = { ...rule, fired: 0, seen: 0 };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((r) => r !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  decide(service: FaultService, operation: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, duplicate: false, reorderMs: 0 };
    let fired = false;
    for (const rule of this.rules) {
      if (rule.service !== service || !matches(rule.operation, operation)) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      rule.seen += 1;
      if (rule.skip !== undefined && rule.seen <= rule.skip) continue;
      if (this.random() >= (rule.rate ?? 1)) continue;
      rule.fired += 1;
      fired = true;
      if (rule.latencyMs) {
        const jitter = rule.jitterMs ? (this.random() * 2 - 1) * rule.jitterMs : 0;
        decision.latencyMs += Math.max(0, rule.latencyMs + jitter);
      }
      if (rule.failKeys !== undefined) {
        (decision.failKeys ??= []).push({ match: rule.failKeys, status: rule.status ?? 500 });
      } else if (rule.status !== undefined && decision.status === undefined) {
        decision.status = rule.status;
        decision.retryAfterSeconds = rule.retryAfterSeconds;
      }
      if (rule.duplicate) decision.duplicate = true;
      if (rule.reorderMs) decision.reorderMs += this.random() * rule.reorderMs;
    }
    if (fired) this.injected.set(`${service} ${operation}`, (this.injected.get(`${service} ${operation}`) ?? 0) + 1);
    return decision;
  }

  /**
   * How many calls of `service` (of `operation` only, when given) at least one rule fired on so far. A test that
   * injects a fault asserts this grew, so a rule aimed at an operation the code never calls fails instead of passing.
   */
  injectedCount(service: FaultService, operation?: string): number {
    let sum = 0;
    for (const [key, count] of this.injected) {
      if (operation === undefined ? key.startsWith(`${service} `) : key === `${service} ${operation}`) sum += count;
    }
    return sum;
  }
}

function matches(pattern: string | RegExp | undefined, operation: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === operation : pattern.test(operation);
}

/** The status a batch call reports `key` as failed with under `decision` (its `failKeys` rules); undefined: do the item. */
export function failedKeyStatus(decision: FaultDecision | undefined, key: string): number | undefined {
  return decision?.failKeys?.find((rule) => matches(rule.match, key))?.status;
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
