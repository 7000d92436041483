import type { FreshnessState, SpecProblem, SpecView } from '../shared/resolver-contract';
import type { CacheEntry } from './cache-entry';
import { classifyEntry, type FreshnessPolicy } from './freshness';
import { LAST_REFRESH_FAILED } from './reader-messages';
import type { MacroSnapshot } from './snapshot';

/** Why a spec could not be refreshed during this view (from the engineering client). */
export type FetchProblem = SpecProblem;

/**
 * Turns cache entries into what readers see, per spec: the record with its freshness, or the
 * reason there is none. Falls back to the content-property snapshot when the cache has nothing.
 */
export function assembleSpecViews(input: {
  specIds: string[];
  entries: Map<string, CacheEntry>;
  nowMs: number;
  policy: FreshnessPolicy;
  /** Problems met while fetching now; the spec is then degraded (or missing). */
  fetchProblems: Map<string, FetchProblem>;
  /** Set when the engineering system is not being called (circuit open). */
  sourceDown?: SpecProblem;
  snapshot?: MacroSnapshot;
}): SpecView[] {
  const fromSnapshot = new Map(input.snapshot?.specs.map((s) => [s.id, s]) ?? []);
  return input.specIds.map((id): SpecView => {
    const entry = input.entries.get(id);
    const verdict = classifyEntry(entry, input.nowMs, input.policy);
    const fetchProblem =
      input.fetchProblems.get(id) ??
      (verdict.kind !== 'fresh' ? input.sourceDown : undefined) ??
      (verdict.kind === 'stale' && entry?.lastError && entry.lastError.at >= entry.fetchedAt
        ? { code: 'unavailable' as const, message: LAST_REFRESH_FAILED }
        : undefined);
    if (verdict.kind === 'not_found') return { id, state: 'missing', problem: { code: 'not_found', message: `${id} does not exist in the engineering system.` } };
    if (verdict.kind === 'withdrawn' && !entry?.record) return { id, state: 'missing', problem: { code: 'withdrawn', message: `${id} was withdrawn (deleted) in the engineering system.` } };
    if (entry?.record) {
      const state: FreshnessState = fetchProblem ? 'degraded' : verdict.kind === 'fresh' || verdict.kind === 'withdrawn' ? 'fresh' : 'stale';
      return {
        id,
        state,
        record: entry.record,
        ...timing(entry.fetchedAt, input.nowMs),
        ...(verdict.kind === 'withdrawn'
          ? { problem: { code: 'withdrawn', message: `${id} was withdrawn (deleted) in the engineering system.` } }
          : fetchProblem
            ? { problem: fetchProblem }
            : {}),
      };
    }
    const saved = fromSnapshot.get(id);
    if (saved?.record) {
      const fetchedAt = saved.fetchedAt ? Date.parse(saved.fetchedAt) : undefined;
      return {
        id,
        state: 'degraded',
        record: saved.record,
        ...(fetchedAt ? timing(fetchedAt, input.nowMs) : {}),
        problem: fetchProblem ?? { code: 'unavailable', message: 'Showing the last saved copy from this page.' },
      };
    }
    return { id, state: 'missing', problem: fetchProblem ?? { code: 'unavailable', message: `No data for ${id} yet.` } };
  });
}

function timing(fetchedAtMs: number, nowMs: number): Pick<SpecView, 'fetchedAt' | 'ageSeconds'> {
  return { fetchedAt: new Date(fetchedAtMs).toISOString(), ageSeconds: Math.max(0, Math.round((nowMs - fetchedAtMs) / 1000)) };
}
