import Resolver from '@forge/resolver';
import { readConfig } from '../config';
import { createDeps } from '../deps';
import { parseMacroConfig } from '../domain/macro-config';
import { AppError } from '../errors';
import { bestEffortStore } from '../pipeline/best-effort-store';
import { loadView } from '../pipeline/load-view';
import type { MacroViewModel, ResolverResult, SpecSummary } from '../shared/resolver-contract';
import { cloudIdFrom, macroContextFrom, type MacroContext } from './macro-context';

const SEARCH_MAX_QUERY = 100;
const SEARCH_MIN_QUERY = 2;
const SEARCH_LIMIT = 10;

const definitions = new Resolver();

definitions.define('getSpecs', async ({ context }) => answer(() => view(context, false)));

definitions.define('refresh', async ({ context }) => answer(() => view(context, true)));

definitions.define('searchSpecs', async ({ payload, context }) =>
  answer(async (): Promise<ResolverResult<{ items: SpecSummary[] }>> => {
    const macro = macroContextFrom(context);
    if (!macro?.isEditing) return { ok: false, code: 'not_editing', message: 'Searching specs is available while editing the page.' };
    // @forge/resolver types the payload as any: it is whatever the browser sent.
    const requested = (payload as { query?: unknown } | null | undefined)?.query;
    const query = typeof requested === 'string' ? requested.trim() : '';
    if (query.length < SEARCH_MIN_QUERY || query.length > SEARCH_MAX_QUERY) {
      return { ok: false, code: 'invalid_query', message: `Type ${SEARCH_MIN_QUERY}–${SEARCH_MAX_QUERY} characters to search.` };
    }
    const deps = createDeps(readConfig());
    const items = await deps.search(query, SEARCH_LIMIT);
    return items.ok ? { ok: true, value: { items: items.value } } : { ok: false, code: 'unavailable', message: items.message };
  }),
);

/** The macro's resolver (manifest: `handler: index.resolver`). */
export const resolver = definitions.getDefinitions();

async function view(context: unknown, force: boolean): Promise<ResolverResult<MacroViewModel>> {
  const macro: MacroContext | undefined = macroContextFrom(context);
  if (!macro) return { ok: false, code: 'internal', message: 'Spec Bridge did not receive the page context of this macro.' };
  const config = readConfig();
  const deps = createDeps(config, { cloudId: cloudIdFrom(context) });
  const pipeline = { ...deps.pipeline, store: bestEffortStore(deps.pipeline.store, deps.pipeline.log) };
  const { settings, problems } = parseMacroConfig(macro.config, {
    minTtlSeconds: config.cache.minTtlSeconds,
    maxTtlSeconds: config.cache.maxTtlSeconds,
    defaultTtlSeconds: config.cache.defaultTtlSeconds,
  });
  if (force) {
    const lease = `refresh:${macro.ref.pageId}:${macro.ref.localId}`;
    const intervalMs = pipeline.policy.refreshIntervalSeconds * 1000;
    if (!(await pipeline.store.tryLease(lease, pipeline.policy.refreshIntervalSeconds))) {
      const since = (await pipeline.store.leaseAcquiredAt(lease)) ?? Date.now();
      const retryAfterSeconds = Math.max(1, Math.ceil((since + intervalMs - Date.now()) / 1000));
      return { ok: false, code: 'rate_limited', message: 'This macro was refreshed moments ago.', retryAfterSeconds };
    }
  }
  const model = await loadView(pipeline, { ref: macro.ref, settings, configProblems: problems, force });
  return { ok: true, value: model };
}

/** Errors become values the UI can show; configuration errors say what to fix, others do not leak details. */
async function answer<T>(work: () => Promise<ResolverResult<T>>): Promise<ResolverResult<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'config') {
      return { ok: false, code: 'unavailable', message: `Spec Bridge is not configured on this site: ${error.message}` };
    }
    console.error(JSON.stringify({ message: 'resolver failed', error: String(error) }));
    return { ok: false, code: 'internal', message: 'Spec Bridge could not load this macro. Try again in a moment.' };
  }
}
