import { withoutRefused } from '../domain/allow-list';
import { errorDetail } from '../domain/error-detail';
import { assembleSpecViews } from '../domain/assemble-views';
import type { CacheEntry } from '../domain/cache-entry';
import { mapBounded } from '../domain/map-bounded';
import type { MacroRecord, MacroRef, RefreshEvent, SourceFailure } from '../domain/ports';
import { fetchAndStore, fetchLease } from './fetch-specs';
import { applyPinnedRevision } from './pinned-revision';
import { fetchLeaseSeconds, type PipelineDeps } from './pipeline-deps';
import { writeSnapshotIfChanged } from './remember-macro';

/** What the consumer should tell the queue. */
export type ChangeOutcome =
  | {
      kind: 'done';
      refreshedSpecs: number;
      fetchedSpecs: number;
      snapshotsWritten: number;
      macrosDropped: number;
      /** Events queued for the macros this delivery left to others (a spec on more than MACROS_PER_DELIVERY macros). */
      followUpEvents: number;
    }
  | { kind: 'retry'; retryAfterSeconds: number; reason: RetryReason }
  /** A revalidation that could not be done now and is not worth a redelivery (see applyChange). */
  | { kind: 'abandoned'; reason: RetryReason };

type RetryReason = SourceFailure['kind'] | 'fetch_in_flight' | 'snapshot_write_failed' | 'revision_not_reached' | 'fan_out_failed' | 'publish_failed';

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
 * Most macros one delivery updates (each costs a page read and a property read and write; 100 at 6 at a time fit
 * well inside the consumer's 120 s). A spec on more is split across follow-up events of this many macros each
 * (about 10 KB of refs, at most ~30 KB with the longest ids the consumer accepts: under the 100 KB an event may carry).
 */
export const MACROS_PER_DELIVERY = 100;
/** Confluence calls one delivery runs at once (Atlassian asks for 5–10 concurrent product calls); fewer near the points limit. */
export const CONFLUENCE_CONCURRENCY = 6;
/** Deliveries of a change whose realtime publish fails before it is left to the readers' TTL (the change is applied). */
const PUBLISH_ATTEMPTS = 5;
/** Redelivery wait after a snapshot write failed without Confluence saying when to try again. */
const SNAPSHOT_RETRY_SECONDS = 10;

/**
 * The push path's work for one queued event: re-read the named specs (bypassing the TTL), update
 * every snapshot that shows them, drop macros that left their page, and tell open pages. A
 * spec.deleted notice is re-read too: only the engineering system's "not found" withdraws a spec.
 * Idempotent and coalescing: a spec already fetched after the notice was received is not fetched
 * again (unless it is still short of the notice's revision hint), a fetch already running since
 * then is awaited instead of repeated, and an answer never replaces one fetched later. Specs shown on
 * more than MACROS_PER_DELIVERY macros are split: this delivery updates the first slice and queues the
 * rest as follow-up events (`event.macros`), each redelivered on its own when one of its writes fails.
 * `event.rewrite` (the admin's re-snapshot) writes each macro's snapshot even when its record names the same content.
 * `attempt`: how many times this event was delivered before (the queue's retry count).
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
  const { behind, current } = revalidated;
  if (behind.length > 0 && attempt + 1 < REVISION_HINT_ATTEMPTS) {
    return { kind: 'retry', retryAfterSeconds: REVISION_HINT_RETRY_SECONDS, reason: 'revision_not_reached' };
  }
  if (behind.length > 0) deps.log.warn('the engineering system still serves another revision than the notice named; keeping what it serves', { specIds: behind.join(','), attempts: attempt + 1 });
  const fetchedSpecs = revalidated.fetched;
  const all = event.macros ?? (await macrosShowing(deps, specIds));
  const mine = all.slice(0, MACROS_PER_DELIVERY);
  // The rest goes to follow-up events before this delivery's own slice, so a failure below cannot lose it.
  const rest = all.slice(MACROS_PER_DELIVERY);
  if (rest.length > 0 && !(await pushed(deps, followUps(event, receivedAt, rest)))) return { kind: 'retry', retryAfterSeconds: 10, reason: 'fan_out_failed' };
  const { written, dropped, failed, retryAfterSeconds } = await refreshSnapshots(deps, specIds, mine, current, event.rewrite === true);
  if (failed.length > 0) {
    // A slice is redelivered as it is. The first delivery of a split spec would queue its follow-ups again, so
    // only the macros that failed are queued once more.
    const split = !event.macros && rest.length > 0;
    if (!split || !(await pushed(deps, followUps(event, receivedAt, failed)))) {
      // The cache holds the change already: open pages hear of it now, not when Confluence takes writes again (§20);
      // they find their snapshot unchanged and ask the resolver. A failed publish is tried again soon.
      const told = event.macros !== undefined || (await published(deps, specIds));
      const wait = Math.min(MAX_RETRY_AFTER_SECONDS, retryAfterSeconds ?? SNAPSHOT_RETRY_SECONDS);
      return { kind: 'retry', retryAfterSeconds: told ? wait : Math.min(wait, publishRetrySeconds()), reason: 'snapshot_write_failed' };
    }
  }
  const followUpEvents = Math.ceil(rest.length / MACROS_PER_DELIVERY) + (failed.length > 0 ? 1 : 0);
  // Open pages re-read the snapshot (and, when it missed the change, the resolver), so the first delivery tells
  // them; its follow-ups need not. Realtime allows 50 operations a second per installation: a storm of notices meets
  // that limit, so a failed publish is redelivered (the change is applied already; the redelivery only publishes).
  if (!event.macros && !(await published(deps, specIds)) && attempt + 1 < PUBLISH_ATTEMPTS) {
    return { kind: 'retry', retryAfterSeconds: publishRetrySeconds(), reason: 'publish_failed' };
  }
  return { kind: 'done', refreshedSpecs: specIds.length, fetchedSpecs, snapshotsWritten: written, macrosDropped: dropped, followUpEvents };
}

/** Whether open pages were told; a failure is logged, never thrown. */
async function published(deps: PipelineDeps, specIds: string[]): Promise<boolean> {
  try {
    await deps.live.publish(specIds);
    return true;
  } catch (error) {
    deps.log.warn('realtime publish failed', errorDetail(error));
    return false;
  }
}

/** 1–3 s, so deliveries that met the per-second realtime limit together do not meet it again together. */
function publishRetrySeconds(): number {
  return 1 + Math.floor(Math.random() * 3);
}

async function pushed(deps: PipelineDeps, events: RefreshEvent[]): Promise<boolean> {
  try {
    await deps.queue.enqueue(events);
    return true;
  } catch (error) {
    deps.log.warn('could not queue the follow-up events for the remaining macros', { events: events.length, ...errorDetail(error) });
    return false;
  }
}

async function revalidate(
  deps: PipelineDeps,
  specIds: string[],
  receivedAt: number,
  notice: { confirmsDelete: boolean; revisions: Record<string, string> },
  attempt: number,
): Promise<{ kind: 'ok'; fetched: number; behind: string[]; current: Map<string, CacheEntry> } | Extract<ChangeOutcome, { kind: 'retry' }>> {
  const state = await deps.store.readView(specIds, undefined);
  const short = (entries: Map<string, CacheEntry>) => specIds.filter((id) => id in notice.revisions && entries.get(id)?.record?.revision !== notice.revisions[id]);
  const shortNow = new Set(short(state.entries));
  const needed = specIds.filter((id) => (state.entries.get(id)?.fetchedAt ?? 0) <= receivedAt || shortNow.has(id));
  if (needed.length === 0) return { kind: 'ok', fetched: 0, behind: [], current: state.entries };
  const openUntil = state.breaker.openUntil ?? 0;
  if (openUntil > deps.clock.now()) {
    return { kind: 'retry', retryAfterSeconds: Math.ceil((openUntil - deps.clock.now()) / 1000), reason: 'unavailable' };
  }
  deps.source.prepare?.();
  const leases = await Promise.all(needed.map((id) => deps.store.tryLease(fetchLease(id), fetchLeaseSeconds(deps))));
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
    await Promise.all(leased.map((id) => deps.store.releaseLease(fetchLease(id))));
  }
  const waiting = await waitForOtherFetches(deps, followers, receivedAt);
  if (waiting.length > 0) return { kind: 'retry', retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS, reason: 'fetch_in_flight' };
  const current = followers.length > 0 ? await deps.store.readEntries(specIds) : new Map([...state.entries, ...fetched]);
  return { kind: 'ok', fetched: leaders.length, behind: short(current), current };
}

/**
 * A refused token (401/403) or an answer the app cannot read (a malformed batch envelope) is a deployment
 * problem an operator has to fix, not an outage that ends by itself. A change notice is kept (Forge keeps events
 * 24 h) and redelivered with a growing wait, so it is applied once the configuration is fixed; never reported done.
 */
function configurationProblem(
  deps: PipelineDeps,
  failure: Extract<SourceFailure, { kind: 'unauthorized' | 'invalid_response' | 'not_connected' }>,
  attempt: number,
): Extract<ChangeOutcome, { kind: 'retry' }> {
  const retryAfterSeconds = Math.min(MAX_RETRY_AFTER_SECONDS, CONFIG_RETRY_BASE_SECONDS * 2 ** Math.min(attempt, 10));
  const problem =
    failure.kind === 'unauthorized'
      ? "the engineering system rejected the API token; replace it on Spec Bridge's admin page (or ENG_API_TOKEN: forge variables set --encrypt ENG_API_TOKEN …)"
      : failure.kind === 'not_connected'
        ? "no engineering system is connected on this site; connect one on Spec Bridge's admin page"
        : "the engineering system sent an answer Spec Bridge cannot read; check that the connection's base URL points at its API";
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
    const since = await Promise.all(pending.map((id) => deps.store.leaseAcquiredAt(fetchLease(id))));
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

/** Every macro that shows one of the specs, once each. */
async function macrosShowing(deps: PipelineDeps, specIds: string[]): Promise<MacroRef[]> {
  const refs = new Map<string, MacroRef>();
  for (const id of specIds) for (const ref of await deps.whereUsed.list(id)) refs.set(`${ref.pageId}:${ref.localId}`, ref);
  return [...refs.values()];
}

/** Follow-up events for `refs`, MACROS_PER_DELIVERY a piece; the specs are re-read already, so no revision hints. */
function followUps(event: RefreshEvent, receivedAt: number, refs: MacroRef[]): RefreshEvent[] {
  const events: RefreshEvent[] = [];
  for (let start = 0; start < refs.length; start += MACROS_PER_DELIVERY) {
    events.push({
      type: event.type,
      specIds: event.specIds,
      ...(event.noticeId ? { noticeId: event.noticeId } : {}),
      ...(event.noticeTimestamp ? { noticeTimestamp: event.noticeTimestamp } : {}),
      receivedAt,
      macros: refs.slice(start, start + MACROS_PER_DELIVERY),
    });
  }
  return events;
}

/**
 * Updates the snapshots of `refs`: their records in batch reads, the entries of the specs they show (`known` are
 * the ones this delivery read already), then each macro's Confluence calls, CONFLUENCE_CONCURRENCY at a time.
 * Answers the macros whose snapshot could not be written.
 */
async function refreshSnapshots(
  deps: PipelineDeps,
  specIds: string[],
  refs: MacroRef[],
  known: Map<string, CacheEntry>,
  rewrite: boolean,
): Promise<{ written: number; dropped: number; failed: MacroRef[]; retryAfterSeconds?: number }> {
  const concurrency = (await deps.confluenceConcurrency?.()) ?? CONFLUENCE_CONCURRENCY;
  // The allow-list beside the macro records: a spec refused in a macro's space never goes into its snapshot (§29).
  const [records, allowList] = await Promise.all([deps.store.readMacros(refs), deps.store.readAllowList()]);
  const gone = refs.filter((_, i) => !records[i]);
  await mapBounded(gone, CONFLUENCE_CONCURRENCY, (ref) => deps.whereUsed.remove(specIds, ref));
  const macros = records.filter((macro): macro is MacroRecord => macro !== undefined);
  const unread = [...new Set(macros.flatMap((macro) => macro.settings.specIds))].filter((id) => !known.has(id) && !specIds.includes(id));
  const entries = unread.length > 0 ? new Map([...known, ...(await deps.store.readEntries(unread))]) : known;
  let written = 0;
  let dropped = gone.length;
  const failed: MacroRef[] = [];
  let retryAfterSeconds: number | undefined;
  const changed: MacroRecord[] = [];
  await mapBounded(macros, concurrency, async (macro) => {
    const { ref } = macro;
    const now = deps.clock.now();
    const policy = { ttlSeconds: macro.settings.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
    const latest = withoutRefused(assembleSpecViews({ specIds: macro.settings.specIds, entries, nowMs: now, policy, fetchProblems: new Map() }), allowList, macro.spaceKey);
    const views = await applyPinnedRevision(deps, latest, macro.settings, false);
    const { hash, failed: writeFailed, written: wrote, retryAfterSeconds: wait } = await writeSnapshotIfChanged(deps, ref, macro.settings, views, rewrite ? undefined : macro.snapshotHash, now, {
      beforeWrite: async () => {
        if ((await deps.snapshots.pageHasMacro(ref)) !== false) return true;
        await deps.whereUsed.remove(macro.settings.specIds, ref);
        await deps.store.deleteMacro(ref);
        dropped += 1;
        return false;
      },
    });
    if (writeFailed) failed.push(ref);
    if (wait !== undefined) retryAfterSeconds = Math.max(retryAfterSeconds ?? 0, wait);
    if (wrote) written += 1;
    if (hash !== undefined && hash !== macro.snapshotHash) changed.push({ ...macro, snapshotHash: hash });
  });
  if (changed.length > 0) await deps.store.writeMacros(changed);
  return { written, dropped, failed, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
}
