/**
 * The pipeline (src/pipeline) with its real KVS adapters — spec store, leases, breaker, where-used
 * index, through the real @forge/kvs against the local platform's KVS with lazy expiry — on
 * virtual time. The other ports are small fakes the tests script: an engineering source whose
 * answers can be held back (to force interleavings), in-memory snapshots, a recorded live channel
 * and a queue the test delivers by hand. Each `invocation()` is a separate function invocation (its
 * own store, so its own lease ownership), as concurrent Forge invocations are.
 */
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import type { CacheEntry } from '../../src/domain/cache-entry';
import type {
  LiveChannel,
  MacroRef,
  QueuedEvent as AnyQueuedEvent,
  RefreshEvent,
  RefreshQueue,
  RememberMacroEvent,
  RevisionFetch,
  SnapshotStore,
  SnapshotWrite,
  SourceFailure,
  SourceResult,
  SpecSource,
  SpecStore,
  WhereUsedIndex,
} from '../../src/domain/ports';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import type { ChangeOutcome } from '../../src/pipeline/apply-change';
import { DEFAULT_POLICY, type PipelineDeps, type PipelinePolicy } from '../../src/pipeline/pipeline-deps';
import type { SpecRecord } from '../../src/shared/spec-record';
import { UpstreamError } from '../../src/errors';
import { makeSpecRecord } from './engineering-client-kit';
import { settle, VirtualTime } from './virtual-time';

/** A spec record with a given id and revision. */
export function record(id: string, revision: string, overrides: Partial<SpecRecord> = {}): SpecRecord {
  return makeSpecRecord({ id, revision, title: `${id} title`, url: `https://eng.example.com/specs/${id}`, ...overrides });
}

/** An answer held back: the engineering system answered (as of when it was asked) but the answer has not arrived. */
interface Held {
  release: () => void;
}

/**
 * The engineering system behind the SpecSource port. Answers are taken when a request starts (what the
 * system served then), and arrive when released if the request was held.
 */
export class ScriptedSource implements SpecSource {
  readonly current = new Map<string, SpecRecord>();
  readonly invalid = new Map<string, string>();
  /** Every request, with the ids it named. */
  readonly requests: string[][] = [];
  /** Old revisions asked for, as `ID@REV`. */
  readonly revisionRequests: string[] = [];
  failure: SourceFailure | undefined;
  private holdNext = 0;
  private readonly held: Held[] = [];

  serve(...records: SpecRecord[]): void {
    for (const r of records) this.current.set(r.id, r);
  }

  /** Holds back the answers to the next `count` requests until `releaseHeld`. */
  hold(count = 1): void {
    this.holdNext += count;
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Releases the oldest held answer. */
  releaseHeld(): void {
    const next = this.held.shift();
    if (!next) throw new Error('no held answer to release');
    next.release();
  }

  async fetchSpecs(specIds: string[], etags: Map<string, string>): Promise<SourceResult> {
    this.requests.push([...specIds]);
    const answer = this.answer(specIds, etags);
    if (this.holdNext > 0) {
      this.holdNext -= 1;
      await new Promise<void>((release) => this.held.push({ release }));
    }
    return answer;
  }

  async fetchRevision(specId: string, revision: string): Promise<RevisionFetch> {
    this.revisionRequests.push(`${specId}@${revision}`);
    if (this.failure) return { kind: 'failed', message: this.failure.message };
    const latest = this.current.get(specId);
    return latest ? { kind: 'found', record: { ...latest, revision } } : { kind: 'not_found' };
  }

  private answer(specIds: string[], etags: Map<string, string>): SourceResult {
    if (this.failure) return { ok: false, failure: this.failure };
    const found: Extract<SourceResult, { ok: true }>['found'] = new Map();
    const missing: string[] = [];
    const invalid = new Map<string, string>();
    for (const id of specIds) {
      const served = this.current.get(id);
      const problem = this.invalid.get(id);
      const etag = served ? `"${served.revision}"` : undefined;
      if (problem) invalid.set(id, problem);
      else if (!served) missing.push(id);
      else if (etags.get(id) === etag) found.set(id, { notModified: true, etag });
      else found.set(id, { record: structuredClone(served), etag });
    }
    return { ok: true, found, missing, invalid };
  }
}

/** Snapshots as Confluence would keep them (without the merge and signing the real adapter adds). */
export class MemorySnapshots implements SnapshotStore {
  readonly stored = new Map<string, MacroSnapshot>();
  /** Macros the page no longer contains. */
  readonly removedFromPage = new Set<string>();
  writes = 0;
  failWrites = false;
  /** Macros (`pageId:localId`) whose writes fail while listed. */
  readonly failWritesFor = new Set<string>();
  /** While set, writes fail as the points governor refuses them: an UpstreamError naming when to try again. */
  failWithRetryAfterSeconds: number | undefined;
  /** Every call, as Confluence would count it: a page read for pageHasMacro, a property read and write for write. */
  readonly calls = { pageReads: 0, propertyReads: 0, propertyWrites: 0 };
  /** Real milliseconds each call takes (0: answers at once), so concurrent calls overlap as real ones do. */
  latencyMs = 0;
  /** Calls running now, and the most that ever ran at once. */
  inFlight = 0;
  maxInFlight = 0;

  static key(ref: MacroRef): string {
    return `${ref.pageId}:${ref.localId}`;
  }

  async read(ref: MacroRef): Promise<MacroSnapshot | undefined> {
    return this.stored.get(MemorySnapshots.key(ref));
  }

  async write(snapshot: MacroSnapshot): Promise<SnapshotWrite> {
    const key = MemorySnapshots.key(snapshot);
    await this.call(() => (this.calls.propertyReads += 1));
    if (this.failWrites || this.failWritesFor.has(key)) throw new Error('Confluence answered 500');
    if (this.failWithRetryAfterSeconds !== undefined) throw new UpstreamError('Confluence calls wait (pool spent)', this.failWithRetryAfterSeconds);
    if (this.stored.get(key)?.contentHash === snapshot.contentHash) return 'unchanged';
    await this.call(() => (this.calls.propertyWrites += 1));
    this.writes += 1;
    this.stored.set(key, snapshot);
    return 'written';
  }

  async pageHasMacro(ref: MacroRef): Promise<boolean> {
    await this.call(() => (this.calls.pageReads += 1));
    return !this.removedFromPage.has(MemorySnapshots.key(ref));
  }

  async viewerMaySee(): Promise<boolean> {
    return true;
  }

  /** Counts one Confluence call and keeps it in flight for `latencyMs`. */
  private async call(count: () => void): Promise<void> {
    count();
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await (this.latencyMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, this.latencyMs)) : settle(1));
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Forgets the counts (not the snapshots). */
  resetCounts(): void {
    this.calls.pageReads = 0;
    this.calls.propertyReads = 0;
    this.calls.propertyWrites = 0;
    this.maxInFlight = 0;
  }

  /** The revision a stored snapshot shows for a spec. */
  revisionShown(ref: MacroRef, specId: string): string | undefined {
    return this.stored.get(MemorySnapshots.key(ref))?.specs.find((s) => s.id === specId)?.record?.revision;
  }
}

/** A queued event the test delivers with `deliverDue`. */
interface QueuedEvent {
  event: RefreshEvent;
  availableAt: number;
  attempts: number;
}

/** The refresh queue: keeps what was pushed; `deliverDue` runs the consumer's work as Forge redelivers. */
export class ManualQueue implements RefreshQueue {
  readonly pending: QueuedEvent[] = [];
  /** Every retry a delivery asked for, in seconds. */
  readonly retryAfters: number[] = [];
  pushed = 0;
  /** Consumer invocations so far (deliveries and redeliveries). */
  delivered = 0;
  failPushes = false;

  constructor(private readonly time: VirtualTime) {}

  /** Snapshot writes views handed to the consumer ('macro.remember'); kept apart from the refresh events `deliverDue` runs. */
  readonly remembered: RememberMacroEvent[] = [];

  /** Delivers every queued 'macro.remember' event to `consume` (the consumer's rememberLater), oldest first. */
  async deliverRemembered(consume: (event: RememberMacroEvent) => Promise<unknown>): Promise<number> {
    const due = this.remembered.splice(0);
    for (const event of due) await consume(event);
    return due.length;
  }

  async enqueue(events: AnyQueuedEvent[]): Promise<void> {
    if (this.failPushes) throw new Error('queue push failed (503)');
    for (const event of events) {
      if (event.type === 'macro.remember') {
        this.remembered.push(event);
        continue;
      }
      if (event.type === 'admin.action') throw new Error('the pipeline rig does not run admin actions');
      this.pushed += 1;
      this.pending.push({ event, availableAt: this.time.now(), attempts: 0 });
    }
  }

  /** Delivers every event due now to `consume` (one invocation each); a retry is put back after its retryAfter. */
  async deliverDue(consume: (event: RefreshEvent, attempt: number) => Promise<ChangeOutcome>): Promise<ChangeOutcome[]> {
    const now = this.time.now();
    const due = this.pending.filter((q) => q.availableAt <= now);
    const outcomes: ChangeOutcome[] = [];
    for (const queued of due) {
      this.delivered += 1;
      const outcome = await consume(queued.event, queued.attempts);
      outcomes.push(outcome);
      if (outcome.kind !== 'retry') {
        this.pending.splice(this.pending.indexOf(queued), 1);
        continue;
      }
      this.retryAfters.push(outcome.retryAfterSeconds);
      queued.attempts += 1;
      queued.availableAt = this.time.now() + Math.min(Math.max(1, outcome.retryAfterSeconds), 900) * 1000;
    }
    return outcomes;
  }
}

export class RecordedLiveChannel implements LiveChannel {
  readonly published: string[][] = [];
  /** Publishes still to refuse, as realtime does past 50 operations a second. */
  refuseNext = 0;
  async publish(specIds: string[]): Promise<void> {
    if (this.refuseNext > 0) {
      this.refuseNext -= 1;
      throw new Error('Realtime publish failed: 429 Too Many Requests');
    }
    this.published.push([...specIds]);
  }
  async subscribeToken(): Promise<string | undefined> {
    return undefined;
  }
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  detail?: Record<string, unknown>;
}

export interface PipelineRig {
  platform: LocalPlatform;
  time: VirtualTime;
  source: ScriptedSource;
  snapshots: MemorySnapshots;
  queue: ManualQueue;
  live: RecordedLiveChannel;
  logs: LogLine[];
  policy: PipelinePolicy;
  /** The ports of one function invocation (its own KVS store, so its own leases). */
  invocation(overrides?: Partial<PipelineDeps>): PipelineDeps;
  /** A store outside any invocation, to arrange or inspect KVS. */
  store(): SpecStore;
  whereUsed: WhereUsedIndex;
  /** The cache entry KVS holds for a spec. */
  entry(specId: string): Promise<CacheEntry | undefined>;
  close(): void;
}

/**
 * Starts the platform's KVS and the fakes. Create one per test file (beforeAll) and call `reset()`-free: tests use
 * distinct spec ids, as the platform's KVS outlives a test.
 */
export async function createPipelineRig(options: { policy?: Partial<PipelinePolicy>; mode?: 'auto' | 'manual' } = {}): Promise<PipelineRig> {
  const time = new VirtualTime(undefined, options.mode ?? 'auto');
  const platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' }, clock: time, kvs: { lazyExpiry: true } });
  // @forge/kvs reads the runtime globals the platform installs, so the adapters load after it.
  const { createKvsSpecStore } = await import('../../src/kvs/spec-store');
  const { createKvsWhereUsedIndex } = await import('../../src/kvs/where-used');
  const policy: PipelinePolicy = { ...DEFAULT_POLICY, maxStaleSeconds: 7 * 86_400, ...options.policy };
  const source = new ScriptedSource();
  const snapshots = new MemorySnapshots();
  const queue = new ManualQueue(time);
  const live = new RecordedLiveChannel();
  const logs: LogLine[] = [];
  const whereUsed = createKvsWhereUsedIndex();
  const store = () => createKvsSpecStore({ clock: time, maxStaleSeconds: policy.maxStaleSeconds });
  return {
    platform,
    time,
    source,
    snapshots,
    queue,
    live,
    logs,
    policy,
    whereUsed,
    store,
    invocation: (overrides = {}) => ({
      store: store(),
      whereUsed,
      source,
      snapshots,
      queue,
      live,
      clock: time,
      sleep: time.sleep,
      policy,
      log: {
        info: (message, detail) => logs.push({ level: 'info', message, detail }),
        warn: (message, detail) => logs.push({ level: 'warn', message, detail }),
        error: (message, detail) => logs.push({ level: 'error', message, detail }),
      },
      ...overrides,
    }),
    entry: async (specId) => (await store().readEntries([specId])).get(specId),
    close: () => platform.close(),
  };
}
