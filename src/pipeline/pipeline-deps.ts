import type {
  Clock,
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
  leaseSeconds: 15,
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
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  policy: PipelinePolicy;
  log: Logger;
}
