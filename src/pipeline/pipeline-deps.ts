import type {
  Clock,
  EngineeringErrorLog,
  LiveChannel,
  Logger,
  RefreshQueue,
  SnapshotStore,
  SpecSource,
  SpecStore,
  WhereUsedIndex,
} from '../domain/ports';

/** Tunables of the read and push paths (seconds unless named otherwise). */
export interface PipelinePolicy {
  maxStaleSeconds: number;
  notFoundTtlSeconds: number;
  leaseSeconds: number;
  /** How long a viewer without data waits for another viewer's in-flight fetch. */
  followerWaitMs: number;
  followerPollMs: number;
  breakerThreshold: number;
  breakerCooldownSeconds: number;
  refreshIntervalSeconds: number;
  revalidateLeaseSeconds: number;
}

export const DEFAULT_POLICY: PipelinePolicy = {
  maxStaleSeconds: 7 * 86_400,
  notFoundTtlSeconds: 60,
  // The longest a fetch lease may last: the refresh consumer may run 120 s (manifest timeoutSeconds) —
  // 3 engineering attempts × 8 s plus backoff and Retry-After waits that fit in it. Each lease is cut to
  // what its invocation has left (fetchLeaseSeconds), so one a crashed or failed release strands is short.
  leaseSeconds: 150,
  followerWaitMs: 4_000,
  followerPollMs: 100,
  breakerThreshold: 3,
  breakerCooldownSeconds: 60,
  refreshIntervalSeconds: 30,
  revalidateLeaseSeconds: 60,
};

/** Everything the pipeline talks to, behind ports. */
export interface PipelineDeps {
  store: SpecStore;
  whereUsed: WhereUsedIndex;
  source: SpecSource;
  snapshots: SnapshotStore;
  queue: RefreshQueue;
  live: LiveChannel;
  /** Where failures the breaker counts are noted for the admin page; absent: only logged. */
  errors?: EngineeringErrorLog;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  policy: PipelinePolicy;
  /** What the invocation has left (Forge's invocation context); absent in unit tests. */
  remainingTimeMs?: () => number;
  /** Confluence calls a delivery may run at once (fewer near the REST points limit, §20); absent: 6. */
  confluenceConcurrency?: () => Promise<number>;
  log: Logger;
}

/**
 * How long a fetch lease lasts: the work it guards cannot outlive the invocation, so the lease ends a few
 * seconds after it does (capped by policy.leaseSeconds).
 */
export function fetchLeaseSeconds(deps: Pick<PipelineDeps, 'policy' | 'remainingTimeMs'>): number {
  const remaining = deps.remainingTimeMs?.();
  if (remaining === undefined || !Number.isFinite(remaining) || remaining <= 0) return deps.policy.leaseSeconds;
  return Math.min(deps.policy.leaseSeconds, Math.ceil(remaining / 1000) + 5);
}
