import Resolver from '@forge/resolver';
import { readConfig, type AppConfig } from '../config';
import { createDeps } from '../deps';
import { isAllowed, notAllowedProblem, NO_RESTRICTION, refusedSpecs, restricts } from '../domain/allow-list';
import { boundViewModel } from '../domain/bound-view';
import { shapeForLayout } from '../domain/shape-view';
import { migrateMacroConfig, parseMacroConfig, type ParsedMacroConfig } from '../domain/macro-config';
import { recordUrlPatternProblem, withPastedLink } from '../domain/pasted-link';
import { createLogger } from '../log';
import { bestEffortStore } from '../pipeline/best-effort-store';
import { loadView } from '../pipeline/load-view';
import { warmSpecs } from '../pipeline/warm-specs';
import { errorDetail } from '../domain/error-detail';
import { LICENSE_LAPSED, licenseLapsed } from '../shared/license';
import type { CheckedConfig, MacroViewModel, ResolverResult, SpecSummary } from '../shared/resolver-contract';
import { cloudIdFrom, macroContextFrom, type MacroContext } from './macro-context';
import { answerFailuresHonestly } from './resolver-answer';

const SEARCH_MAX_QUERY = 100;
const SEARCH_MIN_QUERY = 2;
const SEARCH_LIMIT = 10;
/** The engineering search's most hits: what a space the allow-list restricts asks for, to keep up to SEARCH_LIMIT. */
const SEARCH_LIMIT_RESTRICTED = 25;
const LONE_SURROGATE = /\p{Cs}/u;

const log = createLogger('resolver');
const answer = answerFailuresHonestly(log);
const definitions = new Resolver();

// The payload is the browser's: only its `snapshot: 'absent'` hint is read, and it changes when leases are taken, not what is shown.
definitions.define('getSpecs', async ({ payload, context }) =>
  answer(() => licensed(context, () => view(context, false, (payload as { snapshot?: unknown } | null | undefined)?.snapshot === 'absent'))),
);

definitions.define('refresh', async ({ context }) => answer(() => licensed(context, () => view(context, true))));

definitions.define('searchSpecs', async ({ payload, context }) =>
  answer(async (): Promise<ResolverResult<{ items: SpecSummary[] }>> => {
    if (licenseLapsed(context)) return { ok: false, code: 'unavailable', message: LICENSE_LAPSED };
    const macro = macroContextFrom(context);
    if (!macro?.isEditing && !macro?.isConfiguring) return { ok: false, code: 'not_editing', message: 'Searching specs is available while editing the page.' };
    // @forge/resolver types the payload as any: it is whatever the browser sent.
    const requested = (payload as { query?: unknown } | null | undefined)?.query;
    const query = typeof requested === 'string' ? requested.trim() : '';
    if (query.length < SEARCH_MIN_QUERY || query.length > SEARCH_MAX_QUERY) {
      return { ok: false, code: 'invalid_query', message: `Type ${SEARCH_MIN_QUERY}–${SEARCH_MAX_QUERY} characters to search.` };
    }
    // A lone UTF-16 surrogate cannot be put in a URL (encodeURIComponent throws): it is not text anyone typed.
    if (LONE_SURROGATE.test(query)) return { ok: false, code: 'invalid_query', message: 'The search text contains a broken character; type it again.' };
    const deps = createDeps(readConfig(), { cloudId: cloudIdFrom(context) });
    // Only what the site's allow-list lets this space show is offered (§29); a restricted space asks for more hits to keep.
    const allowList = await deps.pipeline.store.readAllowList();
    const items = await deps.search(query, restricts(allowList) ? SEARCH_LIMIT_RESTRICTED : SEARCH_LIMIT);
    if (!items.ok) return { ok: false, code: 'unavailable', message: items.message };
    const allowed = items.value.filter((hit) => isAllowed(allowList, macro.spaceKey, hit.id)).slice(0, SEARCH_LIMIT);
    return { ok: true, value: { items: allowed } };
  }),
);

// The custom config dialog's draft (or, with none, the saved config) as version 2 with the problems the macro would
// name. On open (no draft) it also reads the picked specs' cache entries (one KVS batch) so the dialog can show their
// titles; with a draft, while an author edits, it fetches the picked specs the cache holds nothing for (§42), so the
// macro's first view after Save is a warm one.
definitions.define('checkConfig', async ({ payload, context }) =>
  answer(async (): Promise<ResolverResult<CheckedConfig>> => {
    const draft = (payload as { config?: unknown } | null | undefined)?.config;
    const config = readConfig();
    const macro = macroContextFrom(context);
    // Without a draft: the config the macro shows, so one made from a pasted link opens with that link's spec picked.
    const { raw, settings, problems } = draft === undefined && macro ? shownConfig(macro, config) : { raw: draft, ...parseMacroConfig(draft, config.cache) };
    const pipeline = createDeps(config, { cloudId: cloudIdFrom(context) }).pipeline;
    const { store } = pipeline;
    const allowList = settings.specIds.length > 0 ? await store.readAllowList() : NO_RESTRICTION;
    const refused = refusedSpecs(allowList, macro?.spaceKey, settings.specIds);
    const checked: CheckedConfig = { config: migrateMacroConfig(raw), problems: [...problems, ...refused.map((id) => notAllowedProblem(allowList, id).message)] };
    const shown = settings.specIds.filter((id) => !refused.includes(id));
    if (draft !== undefined && shown.length > 0 && (macro?.isEditing || macro?.isConfiguring) && !licenseLapsed(context)) {
      // Warming is a head start, not part of the check: its failure leaves the first view to fetch, as before.
      await warmSpecs(pipeline, { specIds: shown, ttlSeconds: settings.ttlSeconds, ...(macro.spaceKey ? { spaceKey: macro.spaceKey } : {}) }).catch((error: unknown) =>
        log.warn('could not fetch the picked specs ahead of the first view', errorDetail(error)),
      );
    }
    if (draft === undefined && shown.length > 0) {
      const entries = await store.readEntries(shown);
      checked.known = [...entries.values()].flatMap(({ record }) =>
        record ? [{ id: record.id, title: record.title, revision: record.revision, status: record.status }] : [],
      );
    }
    return { ok: true, value: checked };
  }),
);

/**
 * While the site's subscription is not active (Forge's `context.license`), the macro shows one sentence instead of
 * data and asks nothing of the engineering system or Confluence.
 */
async function licensed<T>(context: unknown, work: () => Promise<ResolverResult<T>>): Promise<ResolverResult<T>> {
  if (licenseLapsed(context)) return { ok: false, code: 'unavailable', message: LICENSE_LAPSED };
  return work();
}

/** The macro's resolver (manifest: `handler: index.resolver`). */
export const resolver = definitions.getDefinitions();

/**
 * The config the macro shows (its saved config, with the spec of the link it was made from when it lists none) and
 * the settings and problems read from it. A pasted link the deployment cannot read is an admin's problem: the reader
 * sees one sentence, the log says what to fix.
 */
function shownConfig(macro: MacroContext, config: AppConfig): { raw: unknown } & ParsedMacroConfig {
  const pattern = config.engineering.recordUrlPattern;
  const pasted = withPastedLink(macro.config, macro.autoConvertLink, pattern);
  if (macro.autoConvertLink !== undefined) {
    const problem = pattern === undefined ? 'ENG_RECORD_URL_PATTERN is not set' : recordUrlPatternProblem(pattern);
    if (problem !== undefined) log.warn('a macro was made from a pasted link, but record links cannot be read', { problem: `ENG_RECORD_URL_PATTERN: ${problem}` });
  }
  const parsed = parseMacroConfig(pasted.config, config.cache);
  return { raw: pasted.config, settings: parsed.settings, problems: [...pasted.problems, ...parsed.problems] };
}

async function view(context: unknown, force: boolean, likelyCold = false): Promise<ResolverResult<MacroViewModel>> {
  const macro: MacroContext | undefined = macroContextFrom(context);
  if (!macro) return { ok: false, code: 'internal', message: 'Spec Bridge did not receive the page context of this macro.' };
  const config = readConfig();
  // A page view: the snapshot is read as the viewer, and written as the app only after that read succeeded.
  const deps = createDeps(config, { cloudId: cloudIdFrom(context), forViewer: true });
  const pipeline = { ...deps.pipeline, store: bestEffortStore(deps.pipeline.store, deps.pipeline.log) };
  const { settings, problems } = shownConfig(macro, config);
  if (force) {
    const lease = `refresh:${macro.ref.pageId}:${macro.ref.localId}`;
    const intervalMs = pipeline.policy.refreshIntervalSeconds * 1000;
    if (!(await pipeline.store.tryLease(lease, pipeline.policy.refreshIntervalSeconds))) {
      const since = (await pipeline.store.leaseAcquiredAt(lease)) ?? Date.now();
      const retryAfterSeconds = Math.max(1, Math.ceil((since + intervalMs - Date.now()) / 1000));
      return { ok: false, code: 'rate_limited', message: 'This macro was refreshed moments ago.', retryAfterSeconds };
    }
  }
  // A view honours a points pause and a spent share, but its few points (a read as the viewer when it fetches or
  // records the macro) are not added to the ledger: that would put a KVS write on the reader's path (§20).
  const model = await loadView(pipeline, { ref: macro.ref, ...(macro.spaceKey ? { spaceKey: macro.spaceKey } : {}), settings, configProblems: problems, force, likelyCold });
  // Fifty large records (with pinned changes) can outgrow Forge's 5 MB invoke response, which would fail the view for everyone.
  return { ok: true, value: boundViewModel(shapeForLayout(model)) };
}
