import { errorDetail } from '../domain/error-detail';
import { fetchedLater, type CacheEntry } from '../domain/cache-entry';
import type { BreakerState, SourceFailure } from '../domain/ports';
import { invalidRecordMessage, readerMessage } from '../domain/reader-messages';
import type { SpecProblem } from '../shared/resolver-contract';
import { fetchLeaseSeconds, type PipelineDeps } from './pipeline-deps';

/** Result of one round of upstream reads. */
export interface FetchOutcome {
  entries: Map<string, CacheEntry>;
  problems: Map<string, SpecProblem>;
  failure?: SourceFailure;
}

/**
 * Reads specs from the engineering system and stores what it served, unless another invocation
 * stored an answer it fetched later (answers are ordered by when their fetch started, not by the
 * record's own timestamps). Records the outcome in the circuit breaker. `confirmsDelete`: the
 * reads answer a spec.deleted notice, so a spec the system no longer has is marked withdrawn.
 */
export async function fetchAndStore(
  deps: PipelineDeps,
  specIds: string[],
  known: Map<string, CacheEntry>,
  breaker: BreakerState,
  options: {
    confirmsDelete?: boolean;
    /**
     * The caller holds the `fetch:<id>` lease of every spec in `specIds` (a view's leader): each is released in the
     * transaction that stores its answer, instead of after it. Leases left held (a read that failed) stay the caller's.
     */
    releaseLeasesWithWrite?: boolean;
    /** Told what was read, before it is stored (the view starts its snapshot bookkeeping beside the write). */
    onFetched?: (entries: Map<string, CacheEntry>, problems: Map<string, SpecProblem>) => void;
  } = {},
): Promise<FetchOutcome> {
  const entries = new Map<string, CacheEntry>();
  const problems = new Map<string, SpecProblem>();
  if (specIds.length === 0) return { entries, problems };
  const etags = new Map<string, string>();
  for (const id of specIds) {
    const etag = known.get(id)?.etag;
    if (etag && known.get(id)?.record) etags.set(id, etag);
  }
  // Stamp what was read with the time the request started: a record can change while the request is in flight,
  // and the push path skips specs fetched after a notice arrived, so a later stamp could hide that change.
  const requestedAt = deps.clock.now();
  const result = await deps.source.fetchSpecs(specIds, etags);
  const now = deps.clock.now();
  if (!result.ok) {
    await recordFailure(deps, breaker, result.failure, now);
    for (const id of specIds) problems.set(id, problemFor(result.failure));
    const lastError = { message: problemFor(result.failure).message, at: now };
    const withRecords = specIds.flatMap((id) => {
      const entry = known.get(id);
      return entry?.record ? [{ ...entry, lastError }] : [];
    });
    if (withRecords.length > 0) await deps.store.writeEntries(withRecords).catch(() => undefined);
    return { entries, problems, failure: result.failure };
  }
  for (const [id, found] of result.found) {
    const previous = known.get(id);
    if ('notModified' in found) {
      if (previous?.record) entries.set(id, { specId: id, record: previous.record, etag: found.etag ?? previous.etag, fetchedAt: requestedAt });
      continue;
    }
    entries.set(id, { specId: id, record: found.record, etag: found.etag, fetchedAt: requestedAt });
  }
  for (const id of result.missing) {
    // A withdrawn spec keeps the record it had, so readers see what was withdrawn.
    const previous = known.get(id);
    const withdrawn = options.confirmsDelete === true || previous?.withdrawn === true;
    entries.set(id, {
      specId: id,
      fetchedAt: requestedAt,
      notFoundAt: requestedAt,
      ...(withdrawn ? { withdrawn: true, ...(previous?.record ? { record: previous.record } : {}) } : {}),
    });
  }
  for (const [id, message] of result.invalid) {
    problems.set(id, { code: 'invalid_record', message: invalidRecordMessage(id) });
    deps.log.warn('engineering record failed validation', { specId: id, detail: message });
  }
  options.onFetched?.(new Map(entries), new Map(problems));
  const leaseOf = options.releaseLeasesWithWrite ? new Map(specIds.map((id) => [id, fetchLease(id)])) : undefined;
  await Promise.all([
    writeUnlessFetchedLater(deps, entries, known, leaseOf),
    // A breaker left counting only opens a little early, so resetting it is not worth failing the read for.
    breaker.consecutiveFailures > 0 || breaker.openUntil
      ? deps.store.resetBreaker().catch((error: unknown) => deps.log.warn('could not reset the circuit breaker', errorDetail(error)))
      : undefined,
  ]);
  return { entries, problems };
}

/**
 * Writes the new answers except where the cache now holds one fetched later (a concurrent invocation finished first);
 * `entries` is updated to what the cache holds. With `leaseOf` (spec id → the fetch lease this invocation holds), a spec
 * the cache held nothing for (`known`) is created only if still absent, and its lease deleted, in one round trip: if
 * nothing was stored while the fetch ran, nothing can be later than this answer. Every other spec (and one found stored
 * meanwhile) is compared with a fresh read first; the lease makes one fetch per spec at a time, so the window left is
 * that of a lease that expired under a slow fetch, or a notice's delivery that stored without it.
 */
async function writeUnlessFetchedLater(
  deps: PipelineDeps,
  entries: Map<string, CacheEntry>,
  known: Map<string, CacheEntry>,
  leaseOf?: Map<string, string>,
): Promise<void> {
  if (entries.size === 0) return;
  if (!leaseOf) return compareAndWrite(deps, entries, [...entries.keys()]);
  const absent = [...entries.values()].filter((entry) => !known.has(entry.specId));
  const absentIds = new Set(absent.map((entry) => entry.specId));
  const [{ created, leaseEnded }] = await Promise.all([
    deps.store.createEntriesEndingLeases(absent, leaseOf),
    compareAndWrite(deps, entries, [...entries.keys()].filter((id) => !absentIds.has(id)), leaseOf),
  ]);
  const rest = [...absentIds].filter((id) => !created.includes(id));
  const ended = new Set(leaseEnded);
  await compareAndWrite(deps, entries, rest, new Map([...leaseOf].filter(([id]) => !ended.has(id))));
}

/** Reads `ids` and writes the answers not beaten by a later-fetched one; ends the leases in `leaseOf` with the write. */
async function compareAndWrite(deps: PipelineDeps, entries: Map<string, CacheEntry>, ids: string[], leaseOf?: Map<string, string>): Promise<void> {
  if (ids.length === 0) return;
  const leases = leaseOf ? new Map(ids.flatMap((id) => {
    const lease = leaseOf.get(id);
    return lease === undefined ? [] : [[id, lease] as const];
  })) : undefined;
  const current = leases
    ? await deps.store.readEntriesClosingLeases(ids, [...leases.values()])
    : await deps.store.readEntries(ids);
  // Judged at the time of this read, not when this answer came: a fetch that started after it and stored first is
  // later, not one in the future.
  const readAt = deps.clock.now();
  const toWrite: CacheEntry[] = [];
  for (const id of ids) {
    const entry = entries.get(id) as CacheEntry;
    const stored = current.get(id);
    if (stored && fetchedLater(stored, entry, readAt)) entries.set(id, stored);
    else toWrite.push(entry);
  }
  if (leases) await deps.store.writeEntriesReleasing(toWrite, leases);
  else await deps.store.writeEntries(toWrite);
}

/** The KVS lease that makes one invocation at a time ask the engineering system for a spec. */
export function fetchLease(specId: string): string {
  return `fetch:${specId}`;
}

/**
 * Single flight across invocations: for each spec only the caller that wins a short KVS lease
 * asks the engineering system; the others wait briefly for the leader's result in the cache.
 */
export async function fetchWithSingleFlight(
  deps: PipelineDeps,
  specIds: string[],
  known: Map<string, CacheEntry>,
  breaker: BreakerState,
  onFetched?: (entries: Map<string, CacheEntry>, problems: Map<string, SpecProblem>) => void,
  /** Leases the view already tried for (spec id → taken), beside its first read: those are not tried again. */
  tried?: Map<string, boolean>,
): Promise<FetchOutcome> {
  const startedAt = deps.clock.now();
  const untried = specIds.filter((id) => !tried?.has(id));
  if (untried.length > 0) deps.source.prepare?.();
  const fresh = await Promise.all(untried.map((id) => deps.store.tryLease(fetchLease(id), fetchLeaseSeconds(deps))));
  const taken = new Map([...(tried ?? []), ...untried.map((id, i) => [id, fresh[i] === true] as const)]);
  const leases = specIds.map((id) => taken.get(id) === true);
  const leaders = specIds.filter((_, i) => leases[i]);
  const followers = specIds.filter((_, i) => !leases[i]);
  try {
    const [led, followed] = await Promise.all([
      // The leader's answers and the end of its leases land in one write; the finally below only releases leases left held.
      fetchAndStore(deps, leaders, known, breaker, { releaseLeasesWithWrite: true, ...(onFetched && followers.length === 0 ? { onFetched } : {}) }),
      waitForLeaders(deps, followers, known, startedAt),
    ]);
    return {
      entries: new Map([...led.entries, ...followed.entries]),
      problems: new Map([...led.problems, ...followed.problems]),
      failure: led.failure,
    };
  } finally {
    await Promise.all(leaders.map((id) => deps.store.releaseLease(fetchLease(id))));
  }
}

/** Waits for answers newer than the ones this view read: those are the leaders' results. */
async function waitForLeaders(deps: PipelineDeps, specIds: string[], known: Map<string, CacheEntry>, startedAt: number): Promise<FetchOutcome> {
  const entries = new Map<string, CacheEntry>();
  const problems = new Map<string, SpecProblem>();
  let waiting = specIds;
  const deadline = startedAt + deps.policy.followerWaitMs;
  // Poll with backoff: a burst of followers should not multiply KVS reads while the leader works.
  for (let poll = deps.policy.followerPollMs; waiting.length > 0 && deps.clock.now() < deadline; poll = Math.min(poll * 1.5, 1_000)) {
    await deps.sleep(poll);
    const found = await deps.store.readEntries(waiting);
    for (const [id, entry] of found) {
      if (entry.fetchedAt > (known.get(id)?.fetchedAt ?? Number.NEGATIVE_INFINITY)) entries.set(id, entry);
    }
    waiting = waiting.filter((id) => !entries.has(id));
  }
  for (const id of waiting) problems.set(id, { code: 'unavailable', message: 'Still loading from the engineering system; refresh in a moment.' });
  return { entries, problems };
}

async function recordFailure(deps: PipelineDeps, breaker: BreakerState, failure: SourceFailure, now: number): Promise<void> {
  // A response the app cannot read is a problem of the records in it, not of the system: it must not open the breaker for every spec.
  if (failure.kind === 'invalid_response') {
    deps.log.warn('engineering system response could not be read', { kind: failure.kind, detail: failure.message });
    return;
  }
  // Nothing was asked of anyone: an unconnected site must not find the breaker open the moment its admin connects it.
  if (failure.kind === 'not_connected') {
    deps.log.warn('configuration problem: no engineering system is connected on this site', { detail: failure.message });
    return;
  }
  // The admin page's note runs beside the breaker's own writes, so the reader waits no longer than before.
  const [next] = await Promise.all([
    deps.store.recordBreakerFailure({
      message: failure.message,
      threshold: deps.policy.breakerThreshold,
      cooldownSeconds: deps.policy.breakerCooldownSeconds,
      ...(failure.kind === 'rate_limited' ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
    }),
    deps.errors?.record({ at: now, kind: failure.kind, detail: failure.message }).catch((error: unknown) => deps.log.warn('could not note the engineering error for the admin page', errorDetail(error))),
  ]);
  Object.assign(breaker, next);
  deps.log.warn('engineering system request failed', { kind: failure.kind, detail: failure.message, consecutiveFailures: next.consecutiveFailures, open: (next.openUntil ?? 0) > now });
}

/** The reader-facing problem for an upstream failure: a fixed sentence per kind; the upstream text is logged. */
export function problemFor(failure: SourceFailure): SpecProblem {
  const code = failure.kind === 'invalid_response' ? 'invalid_record' : failure.kind === 'timeout' || failure.kind === 'not_connected' ? 'unavailable' : failure.kind;
  return { code, message: readerMessage(failure) };
}
