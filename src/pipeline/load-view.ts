import { errorDetail } from '../domain/error-detail';
import { assembleSpecViews } from '../domain/assemble-views';
import { BREAKER_OPEN } from '../domain/reader-messages';
import type { CacheEntry } from '../domain/cache-entry';
import { classifyEntry, type FreshnessPolicy } from '../domain/freshness';
import type { MacroRef } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import { SPEC_CHANGES_CHANNEL, type MacroSettings, type MacroViewModel, type SpecProblem, type SpecView } from '../shared/resolver-contract';
import { fetchLease, fetchWithSingleFlight } from './fetch-specs';
import { applyPinnedRevision } from './pinned-revision';
import { fetchLeaseSeconds, type PipelineDeps } from './pipeline-deps';
import { pinnedRevisionFor } from '../domain/macro-config';
import { refusedSpecs, withoutRefused } from '../domain/allow-list';
import { claimSnapshotWrite, queueClaimedSnapshotWrite, recordMacro, type SnapshotClaim } from './remember-macro';

export interface ViewRequest {
  ref: MacroRef;
  /** The space the macro's content is in, from the platform's context (never the payload): what the allow-list is checked for. */
  spaceKey?: string;
  settings: MacroSettings;
  configProblems: string[];
  /** Bypass the TTL and revalidate every spec now (the Refresh button). */
  force?: boolean;
  /**
   * The macro's UI found no snapshot to paint from (a new macro), so its specs are likely not cached either: the
   * view takes their fetch leases beside the read that tells cold from warm instead of after it (§36). A hint only: it
   * changes when leases are taken, never what is shown, so the browser's word is enough for it.
   */
  likelyCold?: boolean;
}

/**
 * The read path of one page view: cache → (single-flight) engineering system → snapshot.
 * Fresh data is served from KVS; stale data is served at once while one revalidation is queued;
 * missing data is fetched; failures fall back to last-known-good with the reason.
 */
export async function loadView(deps: PipelineDeps, request: ViewRequest): Promise<MacroViewModel> {
  // Work started beside the answer is awaited before the view returns, also when it fails: a Forge function may be
  // frozen once it has answered, so nothing is left running.
  const pending: Promise<unknown>[] = [];
  const beside = <T>(work: Promise<T>): Promise<T> => {
    pending.push(work.catch(() => undefined));
    return work;
  };
  try {
    return await serveView(deps, request, beside);
  } finally {
    await Promise.all(pending);
  }
}

async function serveView(deps: PipelineDeps, request: ViewRequest, beside: <T>(work: Promise<T>) => Promise<T>): Promise<MacroViewModel> {
  const { settings, ref } = request;
  const now = deps.clock.now();
  const policy: FreshnessPolicy = { ttlSeconds: settings.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
  const earlyLeases = request.likelyCold && !request.force ? takeLeasesEarly(deps, settings.specIds) : undefined;
  const state = await deps.store.readView(settings.specIds, ref);
  // Only the answer needs the subscribe token: when the cached one will not do, it is signed and kept beside the rest.
  const token = beside(deps.live.subscribeToken(state.liveToken));
  // A spec the site's allow-list refuses here is neither read from the cache, fetched, nor taken from the snapshot (§29).
  const refused = new Set(refusedSpecs(state.allowList, request.spaceKey, settings.specIds));
  const allowedIds = settings.specIds.filter((id) => !refused.has(id));
  const restrict = (views: SpecView[]) => withoutRefused(views, state.allowList, request.spaceKey);
  const entries = new Map([...state.entries].filter(([id]) => !refused.has(id)));
  const breakerOpen = (state.breaker.openUntil ?? 0) > now;
  const verdicts = new Map(allowedIds.map((id) => [id, classifyEntry(entries.get(id), now, policy)]));
  const toFetch = allowedIds.filter((id) => request.force || verdicts.get(id)?.kind === 'miss');
  // Leases taken early for specs this view will not fetch are given back beside the rest of the view.
  const leasedEarly = earlyLeases ? await earlyLeases : undefined;
  if (leasedEarly) {
    const unneeded = [...leasedEarly].filter(([id, held]) => held && (breakerOpen || !toFetch.includes(id))).map(([id]) => id);
    if (unneeded.length > 0) void beside(Promise.all(unneeded.map((id) => deps.store.releaseLease(fetchLease(id)))));
  }
  const stale = allowedIds.filter((id) => !toFetch.includes(id) && verdicts.get(id)?.kind === 'stale');

  // Bookkeeping off the reader's path: the KVS part runs beside the fetch, and so does the viewer check a snapshot
  // write needs when the snapshot will likely change; the Confluence write itself is queued (remember-macro.ts).
  // Of many viewers of a new macro, the one that records it checks and queues; the others leave both to it.
  const lastRefreshAt = request.force ? now : state.macro?.lastRefreshAt;
  // The view that records the macro checks the viewer next: the points ledger that check waits for is read beside the record's write.
  const recording = beside(
    recordMacro(deps, {
      ref,
      settings,
      previous: state.macro,
      lastRefreshAt,
      ...(request.spaceKey ? { spaceKey: request.spaceKey } : {}),
      onLeased: () => void beside(deps.snapshots.prepareViewerCheck?.() ?? Promise.resolve()),
    }),
  );
  const earlyViewerCheck = beside(
    recording.then(({ recorded }) => (recorded === 'recorded' || (recorded === 'unchanged' && toFetch.length > 0) ? checkViewer(deps, ref) : undefined)),
  );
  void beside(Promise.all([recording, earlyViewerCheck]).then(([{ release }]) => release()));
  const revalidating = !breakerOpen && stale.length > 0 ? beside(queueRevalidation(deps, stale)) : undefined;

  // A view that reads every spec it fetches itself claims the snapshot write (a KVS lease) as soon as the records are
  // in, beside their write to the cache; it is queued only once they are stored. Pinned specs need more reads first.
  let earlyClaim: Promise<SnapshotClaim | undefined> | undefined;
  const claimEarly = settings.specIds.every((id) => pinnedRevisionFor(settings, id) === undefined)
    ? (fetched: Map<string, CacheEntry>, problems: Map<string, SpecProblem>) => {
        const shown = new Map([...entries, ...fetched]);
        const at = deps.clock.now();
        if (needsSnapshot(allowedIds, shown, at, policy)) return;
        const specs = restrict(assembleSpecViews({ specIds: settings.specIds, entries: shown, nowMs: at, policy, fetchProblems: problems }));
        earlyClaim = beside(
          recording.then(({ recorded }) => (recorded === 'busy' ? undefined : claimSnapshotWrite(deps, { ref, settings, specs, previous: state.macro, nowMs: at }))),
        );
      }
    : undefined;

  // With nothing to fetch the records are all read already: the claim runs beside the viewer check, not after it.
  if (toFetch.length === 0 && !breakerOpen) claimEarly?.(new Map(), new Map());

  let fetchProblems = new Map<string, SpecProblem>();
  let sourceDown: SpecProblem | undefined;
  if (breakerOpen) {
    sourceDown = { code: 'unavailable', message: BREAKER_OPEN, retryAt: new Date(state.breaker.openUntil ?? now).toISOString() };
  } else if (toFetch.length > 0) {
    const outcome = await fetchWithSingleFlight(deps, toFetch, entries, state.breaker, claimEarly, leasedEarly);
    for (const [id, entry] of outcome.entries) entries.set(id, entry);
    fetchProblems = outcome.problems;
  }
  await revalidating;

  const snapshot = needsSnapshot(allowedIds, entries, now, policy) ? await readSnapshotSafely(deps, ref) : undefined;
  const afterNow = deps.clock.now();
  let specs = restrict(assembleSpecViews({ specIds: settings.specIds, entries, nowMs: afterNow, policy, fetchProblems, sourceDown, snapshot }));
  specs = await applyPinnedRevision(deps, specs, settings, breakerOpen);

  const early = await earlyViewerCheck;
  if ((await recording).recorded !== 'busy') {
    const claim = earlyClaim ? await earlyClaim : await claimSnapshotWrite(deps, { ref, settings, specs, previous: state.macro, nowMs: afterNow });
    if (claim) await queueClaimedSnapshotWrite(deps, claim, async () => early ?? checkViewer(deps, ref));
  }
  const refreshAllowedAt = (lastRefreshAt ?? 0) + deps.policy.refreshIntervalSeconds * 1000;

  deps.log.info('view served', {
    cacheHits: settings.specIds.length - toFetch.length,
    cacheMisses: toFetch.length,
    stale: stale.length,
    degraded: specs.filter((s) => s.state === 'degraded').length,
    forced: request.force === true,
    ...(refused.size > 0 ? { refused: refused.size } : {}),
  });
  const degraded = specs.filter((s) => s.state === 'degraded');
  return {
    settings,
    configProblems: request.configProblems,
    specs,
    page: degraded.length > 0 ? { state: 'degraded', reason: degraded[0]?.problem?.message ?? 'The engineering system is unavailable.', ...lastGood(degraded) } : { state: 'ok' },
    ...(refreshAllowedAt > afterNow ? { refreshAllowedAt: new Date(refreshAllowedAt).toISOString() } : {}),
    generatedAt: new Date(afterNow).toISOString(),
    live: { channel: SPEC_CHANGES_CHANNEL, token: await token },
  };
}

/**
 * Starts the fetch leases of every configured spec (and the engineering connection read) at once, beside the view's
 * batch read; a failed attempt counts as not taken, so the spec is left to whoever holds it.
 */
function takeLeasesEarly(deps: PipelineDeps, specIds: string[]): Promise<Map<string, boolean>> {
  deps.source.prepare?.();
  const ids = [...new Set(specIds)];
  return Promise.all(ids.map((id) => deps.store.tryLease(fetchLease(id), fetchLeaseSeconds(deps)).catch(() => false))).then(
    (taken) => new Map(ids.map((id, i) => [id, taken[i] === true])),
  );
}

/** Whether some spec has no record to show and no definitive answer (not found, withdrawn): then the snapshot may have one. */
function needsSnapshot(specIds: string[], entries: Map<string, CacheEntry>, now: number, policy: FreshnessPolicy): boolean {
  return specIds.some((id) => !entries.get(id)?.record && !isDefinitive(entries.get(id), now, policy));
}

/** One revalidation per stale spec at a time: a lease guards the queue push. */
async function queueRevalidation(deps: PipelineDeps, specIds: string[]): Promise<void> {
  const claimed = await Promise.all(specIds.map((id) => deps.store.tryLease(`revalidate:${id}`, deps.policy.revalidateLeaseSeconds)));
  const mine = specIds.filter((_, i) => claimed[i]);
  if (mine.length === 0) return;
  try {
    await deps.queue.enqueue([{ type: 'spec.revalidate', specIds: mine, noticeTimestamp: new Date(deps.clock.now()).toISOString() }]);
  } catch (error) {
    deps.log.warn('could not queue revalidation', { specIds: mine, ...errorDetail(error) });
    await Promise.all(mine.map((id) => deps.store.releaseLease(`revalidate:${id}`)));
  }
}

/** Whether Confluence lets the viewer see the macro's content; a failed check counts as no (nothing is written for them). */
async function checkViewer(deps: PipelineDeps, ref: MacroRef): Promise<boolean> {
  try {
    return await deps.snapshots.viewerMaySee(ref);
  } catch (error) {
    deps.log.warn('could not check that the viewer may see the content', { ...ref, ...errorDetail(error) });
    return false;
  }
}

function isDefinitive(entry: CacheEntry | undefined, now: number, policy: FreshnessPolicy): boolean {
  const kind = classifyEntry(entry, now, policy).kind;
  return kind === 'not_found' || kind === 'withdrawn';
}

async function readSnapshotSafely(deps: PipelineDeps, ref: MacroRef): Promise<MacroSnapshot | undefined> {
  try {
    return await deps.snapshots.read(ref);
  } catch (error) {
    deps.log.warn('could not read the snapshot', { ...ref, ...errorDetail(error) });
    return undefined;
  }
}

function lastGood(specs: SpecView[]): { lastGoodAt?: string; retryAt?: string } {
  const times = specs.map((s) => s.fetchedAt).filter((t): t is string => Boolean(t)).sort();
  const retries = specs.map((s) => s.problem?.retryAt).filter((t): t is string => Boolean(t)).sort();
  return { ...(times[0] ? { lastGoodAt: times[0] } : {}), ...(retries[0] ? { retryAt: retries[0] } : {}) };
}
