import { errorDetail } from '../domain/error-detail';
import { assembleSpecViews } from '../domain/assemble-views';
import type { CacheEntry } from '../domain/cache-entry';
import type { MacroRef, RefreshEvent, SourceFailure } from '../domain/ports';
import { fetchAndStore } from './fetch-specs';
import { applyPinnedRevision } from './pinned-revision';
import { fetchLeaseSeconds, type PipelineDeps } from './pipeline-deps';
import { writeSnapshotIfChanged } from './remember-macro';

/** What the consumer should tell the queue. */
export type ChangeOutcome =
  | { kind: 'done'; refreshedSpecs: number; fetchedSpecs: number; snapshotsWritten: number; macrosDropped: number }
  | { kind: 'retry'; retryAfterSeconds: number; reason: RetryReason }
  /** A revalidation that could not be done now and is not worth a redelivery (see applyChange). */
  | { kind: 'abandoned'; reason: RetryReason };

type RetryReason = SourceFailure['kind'] | 'fetch_in_flight' | 'snapshot_write_failed' | 'revision_not_reached';

/** How long a redelivery waits when another invocation is already fetching an older view of the spec. */
const IN_FLIGHT_RETRY_SECONDS = 2;
/**
 * Deliveries that defer to another invocation's fetch before this one fetches anyway: a holder that
 * died, or whose release failed, would otherwise hold the notice back until its lease expires.
 */
export const MAX_IN_FLIGHT_DEFERRALS = 2;
/** Re-reads of a spec whose notice named a revision the engineering system does not serve yet (replica lag). */
export const REVISION_HINT_ATTEMPTS = 4;
const REVISION_HINT_RETRY_SECONDS = 5;
/** Forge redelivers an event at most this long after the consumer asks (InvocationError retryAfter ≤ 900 s). */
export const MAX_RETRY_AFTER_SECONDS = 900;
/** First wait after the engineering system refused the token or sent an unreadable answer; doubles per delivery. */
const CONFIG_RETRY_BASE_SECONDS = 60;

/**
 * The push path's work for one queued event: re-read the named specs (bypassing the TTL), update
 * every snapshot that shows them, drop macros that left their page, and tell open pages. A
 * spec.deleted notice is re-read too: only the engineering system's "not found" withdraws a spec.
 * Idempotent and coalescing: a spec already fetched after the notice was received is not fetched
 * again (unless it is still short of the notice's revision hint), a fetch already running since
 * then is awaited instead of repeated, and an answer never replaces one fetched later. `attempt`:
 * how many times this event was delivered before (the queue's retry count).
 */
export async function applyChange(deps: PipelineDeps, event: RefreshEvent, attempt = 0): Promise<ChangeOutcome> {
  const outcome = await applyOnce(deps, event, attempt);
  // A revalidation is the app's own housekeeping, not a change anyone reported, and the next view that finds the
  // spec stale queues another. Redelivering it through an outage would pile up consumer invocations (one per spec
  // per minute, each retried until the outage ends) for work a later view asks for anyway.
  if (outcome.kind === 'retry' && event.type === 'spec.revalidate') return { kind: 'abandoned', reason: outcome.reason };
  return outcome;
}

async function applyOnce(deps: PipelineDeps, event: RefreshEvent, attempt: number): Promise<ChangeOutcome> {
  const specIds = [...new Set(event.specIds)];
  const receivedAt = event.receivedAt ?? (event.noticeTimestamp ? Date.parse(event.noticeTimestamp) : 0);
  const revalidated = await revalidate(deps, specIds, receivedAt, { confirmsDelete: event.type === 'spec.deleted', revisions: event.revisions ?? {} }, attempt);
  if (revalidated.kind === 'retry') return revalidated;
  const behind = revalidated.behind;
  if (behind.length > 0 && attempt + 1 < REVISION_HINT_ATTEMPTS) {
    return { kind: 'retry', retryAfterSeconds: REVISION_HINT_RETRY_SECONDS, reason: 'revision_not_reached' };
  }
  if (behind.length > 0) deps.log.warn('the engineering system still serves another revision than the notice named; keeping what it serves', { specIds: behind.join(','), attempts: attempt + 1 });
  const fetchedSpecs = revalidated.fetched;
  const { written, dropped, failed } = await refreshSnapshots(deps, specIds);
  if (failed > 0) return { kind: 'retry', retryAfterSeconds: 10, reason: 'snapshot_write_failed' };
  try {
    await deps.live.publish(specIds);
  } catch (error) {
    deps.log.warn('realtime publish failed', errorDetail(error));
  }
  return { kind: 'done', refreshedSpecs: specIds.length, fetchedSpecs, snapshotsWritten: written, macrosDropped: dropped };
}

async function revalidate(
  deps: PipelineDeps,
  specIds: string[],
  receivedAt: number,
  notice: { confirmsDelete: boolean; revisions: Record<string, string> },
  attempt: number,
): Promise<{ kind: 'ok'; fetched: number; behind: string[] } | Extract<ChangeOutcome, { kind: 'retry' }>> {
  const state = await deps.store.readView(specIds, undefined);
  const short = (entries: Map<string, CacheEntry>) => specIds.filter((id) => id in notice.revisions && entries.get(id)?.record?.revision !== notice.revisions[id]);
  const shortNow = new Set(short(state.entries));
  const needed = specIds.filter((id) => (state.entries.get(id)?.fetchedAt ?? 0) <= receivedAt || shortNow.has(id));
  if (needed.length === 0) return { kind: 'ok', fetched: 0, behind: [] };
  const openUntil = state.breaker.openUntil ?? 0;
  if (openUntil > deps.clock.now()) {
    return { kind: 'retry', retryAfterSeconds: Math.ceil((openUntil - deps.clock.now()) / 1000), reason: 'unavailable' };
  }
  const leases = await Promise.all(needed.map((id) => deps.store.tryLease(`fetch:${id}`, fetchLeaseSeconds(deps))));
  const fetchAnyway = attempt >= MAX_IN_FLIGHT_DEFERRALS;
  const leaders = needed.filter((_, i) => leases[i] || fetchAnyway);
  const followers = needed.filter((_, i) => !leases[i] && !fetchAnyway);
  const leased = needed.filter((_, i) => leases[i]);
  let fetched: Map<string, CacheEntry>;
  try {
    const outcome = await fetchAndStore(deps, leaders, state.entries, state.breaker, { confirmsDelete: notice.confirmsDelete });
    const failure = outcome.failure;
    if (failure && (failure.kind === 'rate_limited' || failure.kind === 'unavailable' || failure.kind === 'timeout')) {
      return { kind: 'retry', retryAfterSeconds: failure.kind === 'rate_limited' ? failure.retryAfterSeconds : 30, reason: failure.kind };
    }
    if (failure) return configurationProblem(deps, failure, attempt);
    fetched = outcome.entries;
  } finally {
    await Promise.all(leased.map((id) => deps.store.releaseLease(`fetch:${id}`)));
  }
  const waiting = await waitForOtherFetches(deps, followers, receivedAt);
  if (waiting.length > 0) return { kind: 'retry', retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS, reason: 'fetch_in_flight' };
  const current = followers.length > 0 ? await deps.store.readEntries(specIds) : new Map([...state.entries, ...fetched]);
  return { kind: 'ok', fetched: leaders.length, behind: short(current) };
}

/**
 * A refused token (401/403) or an answer the app cannot read (a malformed batch envelope) is a deployment
 * problem an operator has to fix, not an outage that ends by itself. A change notice is kept (Forge keeps events
 * 24 h) and redelivered with a growing wait, so it is applied once the configuration is fixed; never reported done.
 */
function configurationProblem(
  deps: PipelineDeps,
  failure: Extract<SourceFailure, { kind: 'unauthorized' | 'invalid_response' }>,
  attempt: number,
): Extract<ChangeOutcome, { kind: 'retry' }> {
  const retryAfterSeconds = Math.min(MAX_RETRY_AFTER_SECONDS, CONFIG_RETRY_BASE_SECONDS * 2 ** Math.min(attempt, 10));
  const problem =
    failure.kind === 'unauthorized'
      ? 'the engineering system rejected ENG_API_TOKEN; set a valid token (forge variables set --encrypt ENG_API_TOKEN …)'
      : 'the engineering system sent an answer Spec Bridge cannot read; check that ENG_API_BASE_URL points at its API';
  deps.log.error('configuration problem: the engineering system cannot be read', { problem, reason: failure.kind, detail: failure.message, attempt, retryAfter: retryAfterSeconds });
  return { kind: 'retry', retryAfterSeconds, reason: failure.kind };
}

/**
 * For specs another invocation is fetching: when that fetch began after the notice arrived, its
 * result includes the change, so wait for it; otherwise the caller retries later. Returns the ids
 * still not current.
 */
async function waitForOtherFetches(deps: PipelineDeps, specIds: string[], receivedAt: number): Promise<string[]> {
  let pending = specIds;
  const deadline = deps.clock.now() + deps.policy.followerWaitMs;
  while (pending.length > 0 && deps.clock.now() < deadline) {
    const since = await Promise.all(pending.map((id) => deps.store.leaseAcquiredAt(`fetch:${id}`)));
    const entries = await deps.store.readEntries(pending);
    pending = pending.filter((id, i) => {
      if ((entries.get(id)?.fetchedAt ?? 0) > receivedAt) return false;
      const startedAt = since[i];
      return startedAt !== undefined && startedAt > receivedAt;
    });
    if (pending.length > 0) await deps.sleep(deps.policy.followerPollMs);
  }
  const entries = await deps.store.readEntries(specIds);
  return specIds.filter((id) => (entries.get(id)?.fetchedAt ?? 0) <= receivedAt);
}

async function refreshSnapshots(deps: PipelineDeps, specIds: string[]): Promise<{ written: number; dropped: number; failed: number }> {
  const refs = new Map<string, MacroRef>();
  for (const id of specIds) for (const ref of await deps.whereUsed.list(id)) refs.set(`${ref.pageId}:${ref.localId}`, ref);
  let written = 0;
  let dropped = 0;
  let failed = 0;
  for (const ref of refs.values()) {
    const macro = await deps.store.readMacro(ref);
    if (!macro) {
      await deps.whereUsed.remove(specIds, ref);
      dropped += 1;
      continue;
    }
    const now = deps.clock.now();
    const entries = await deps.store.readEntries(macro.settings.specIds);
    const policy = { ttlSeconds: macro.settings.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
    const latest = assembleSpecViews({ specIds: macro.settings.specIds, entries, nowMs: now, policy, fetchProblems: new Map() });
    const views = await applyPinnedRevision(deps, latest, macro.settings, false);
    const { hash, failed: writeFailed, written: wrote } = await writeSnapshotIfChanged(deps, ref, macro.settings, views, macro.snapshotHash, now, {
      beforeWrite: async () => {
        if ((await deps.snapshots.pageHasMacro(ref)) !== false) return true;
        await deps.whereUsed.remove(macro.settings.specIds, ref);
        await deps.store.deleteMacro(ref);
        dropped += 1;
        return false;
      },
    });
    if (writeFailed) failed += 1;
    if (wrote) written += 1;
    if (hash !== macro.snapshotHash) await deps.store.writeMacro({ ...macro, snapshotHash: hash });
  }
  return { written, dropped, failed };
}
