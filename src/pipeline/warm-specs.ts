import { refusedSpecs } from '../domain/allow-list';
import { classifyEntry } from '../domain/freshness';
import { fetchWithSingleFlight } from './fetch-specs';
import type { PipelineDeps } from './pipeline-deps';

/** What warming did: specs fetched into the cache, and why any were left. */
export interface WarmOutcome {
  fetched: string[];
  /** Specs left as they were: already cached (fresh or stale), refused by the allow-list, or the breaker is open. */
  left: number;
}

export interface WarmRequest {
  specIds: string[];
  /** The space of the page being edited, from the platform's context: the allow-list is checked for it. */
  spaceKey?: string;
  ttlSeconds: number;
}

/**
 * Fetches into the cache the specs an author has just picked that it holds nothing for, so the macro's first view
 * after Save reads them from KVS instead of waiting for the engineering system (decisions §42). Only misses are
 * fetched, through the view's single flight; stale records are the view's to revalidate. An open breaker or a
 * refused spec fetches nothing.
 */
export async function warmSpecs(deps: PipelineDeps, request: WarmRequest): Promise<WarmOutcome> {
  const ids = [...new Set(request.specIds)];
  if (ids.length === 0) return { fetched: [], left: 0 };
  const state = await deps.store.readView(ids, undefined);
  const now = deps.clock.now();
  if ((state.breaker.openUntil ?? 0) > now) return { fetched: [], left: ids.length };
  const refused = new Set(refusedSpecs(state.allowList, request.spaceKey, ids));
  const policy = { ttlSeconds: request.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
  const misses = ids.filter((id) => !refused.has(id) && classifyEntry(state.entries.get(id), now, policy).kind === 'miss');
  if (misses.length === 0) return { fetched: [], left: ids.length };
  const outcome = await fetchWithSingleFlight(deps, misses, state.entries, state.breaker);
  const fetched = misses.filter((id) => outcome.entries.has(id));
  return { fetched, left: ids.length - fetched.length };
}
