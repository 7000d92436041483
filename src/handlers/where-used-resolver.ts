/**
 * The where-used page's resolver (manifest: `confluence:globalPage` `spec-bridge-where-used`, function
 * `where-used-resolver`, `handler: index.whereUsedResolver`). One call answers one bounded part of the index:
 * WHERE_USED_LINKS_PER_PART (spec, macro) links from KVS, the pages among them the viewer may see (one batch read as
 * the viewer), and for those only: the macros' pins (KVS), the current revisions (the cache) and what each macro's
 * verified snapshot shows (one content-property read per visible macro, as the app, 6 at a time).
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { readConfig } from '../config';
import { readVisibleContent } from '../confluence/visible-content';
import { createDeps } from '../deps';
import { mapBounded } from '../domain/map-bounded';
import type { MacroRecord, MacroRef, PageIndex } from '../domain/ports';
import { macroKey, whereUsedRows, type WhereUsedLink } from '../domain/where-used-rows';
import { KEYS } from '../kvs/keys';
import { createKvsPageIndex } from '../kvs/page-index';
import { queryPage } from '../kvs/key-pages';
import { createLogger } from '../log';
import { LICENSE_LAPSED, licenseLapsed } from '../shared/license';
import type { WhereUsedResult } from '../shared/where-used-contract';
import { cloudIdFrom } from './macro-context';
import { answerFailuresHonestly } from './resolver-answer';

/** (spec, macro) links per part: one KVS query, at most this many snapshot reads (REST points: 1 + visible macros). */
export const WHERE_USED_LINKS_PER_PART = 50;
const SNAPSHOT_READS_AT_ONCE = 6;
const WHERE_USED_PREFIX = 'where-used:';

const log = createLogger('where-used');
const answer = answerFailuresHonestly(log);

const Request = z.object({ cursor: z.string().min(1).max(2_000).optional() }).strict();

/**
 * The resolver over the index. `pageIndex`: the page side of the index (src/kvs/page-index.ts, kept by the page-event
 * reconcile) gives the pins read from page bodies; without it the pins come from the macro records the views wrote.
 */
export function createWhereUsedResolver(pageIndex?: PageIndex) {
  const definitions = new Resolver();
  definitions.define('getWhereUsed', async ({ payload, context }) =>
  answer(async (): Promise<WhereUsedResult> => {
    if (licenseLapsed(context)) return { ok: false, code: 'unavailable', message: LICENSE_LAPSED };
    const accountId = (context as { accountId?: unknown } | undefined)?.accountId;
    if (typeof accountId !== 'string') return { ok: false, code: 'forbidden', message: 'Sign in to Confluence to see where specifications are documented.' };
    const request = Request.safeParse(payload ?? {});
    if (!request.success) return { ok: false, code: 'invalid_input', message: 'The where-used page takes only a cursor.' };

    const part = await queryPage<MacroRef>(WHERE_USED_PREFIX, WHERE_USED_LINKS_PER_PART, request.data.cursor);
    const links = part.items.flatMap((item): WhereUsedLink[] => {
      const specId = specIdOf(item.key, item.value);
      return specId === undefined ? [] : [{ specId, ref: item.value }];
    });
    const visible = await readVisibleContent(links.map((link) => link.ref));
    if (!visible.ok) return { ok: false, code: 'forbidden', message: 'Allow Spec Bridge access to Confluence as you, so it can show only the pages you may see.' };

    const visibleLinks = links.filter((link) => visible.visible.has(link.ref.pageId));
    const visibleRefs = distinctRefs(visibleLinks.map((link) => link.ref));
    const deps = createDeps(readConfig(), { cloudId: cloudIdFrom(context), purpose: 'view' });
    const { store, snapshots } = deps.pipeline;
    const [recordsRead, current, indexed] = await Promise.all([
      store.readMacros(visibleRefs),
      store.readEntries([...new Set(visibleLinks.map((link) => link.specId))]),
      pageIndex ? pageIndex.readMany([...new Set(visibleRefs.map((ref) => ref.pageId))]) : Promise.resolve(undefined),
    ]);
    // Lazy prune: a macro the page's last reconciled body no longer holds is not shown (a page the index has not read keeps it).
    const stillShown = (ref: MacroRef) => indexed?.get(ref.pageId)?.macros.some((macro) => macro.localId === ref.localId) ?? true;
    const shownLinks = visibleLinks.filter((link) => stillShown(link.ref));
    const refs = visibleRefs.filter(stillShown);
    const recordOf = new Map(visibleRefs.map((ref, index) => [macroKey(ref), recordsRead[index]]));
    const snapshotsRead = await mapBounded(refs, SNAPSHOT_READS_AT_ONCE, (ref) => snapshots.read(ref));
    await deps.settle();

    const pins = new Map<string, Record<string, string>>();
    for (const ref of refs) {
      const fromIndex = indexed?.get(ref.pageId)?.macros.find((macro) => macro.localId === ref.localId)?.pinnedRevisions;
      pins.set(macroKey(ref), fromIndex ?? pinsOf(recordOf.get(macroKey(ref))));
    }
    const shown = new Map(
      refs.map((ref, index) => [
        macroKey(ref),
        new Map(
          (snapshotsRead[index]?.specs ?? []).flatMap((spec) =>
            spec.record ? [[spec.id, { revision: spec.record.revision, ...(spec.fetchedAt ? { fetchedAt: spec.fetchedAt } : {}) }] as const] : [],
          ),
        ),
      ]),
    );
    const currentRevisions = new Map([...current.values()].flatMap((entry) => (entry.record ? [[entry.specId, { revision: entry.record.revision, title: entry.record.title }] as const] : [])));
    log.info('where-used part', { links: links.length, visibleMacros: refs.length, pageReads: visible.calls, snapshotReads: refs.length });
    return {
      ok: true,
      value: {
        specs: whereUsedRows({ links: shownLinks, visible: visible.visible, current: currentRevisions, pins, shown }),
        ...(part.cursor ? { cursor: part.cursor } : {}),
      },
    };
  }),
  );
  return definitions.getDefinitions();
}

/** `where-used:<spec>:<page>:<localId>` → the spec id (a spec id may itself hold `:`); undefined when the key is not that ref's. */
function specIdOf(key: string, ref: MacroRef): string | undefined {
  const suffix = `:${ref.pageId}:${ref.localId}`;
  if (!key.startsWith(WHERE_USED_PREFIX) || !key.endsWith(suffix)) return undefined;
  const specId = key.slice(WHERE_USED_PREFIX.length, key.length - suffix.length);
  return specId && KEYS.whereUsed(specId, ref) === key ? specId : undefined;
}

function distinctRefs(refs: MacroRef[]): MacroRef[] {
  const seen = new Map<string, MacroRef>();
  for (const ref of refs) if (!seen.has(macroKey(ref))) seen.set(macroKey(ref), ref);
  return [...seen.values()];
}

/** A macro's pins by spec id: its per-spec pins, and the older "Pinned revision" field for the first spec. */
function pinsOf(record: MacroRecord | undefined): Record<string, string> {
  if (!record) return {};
  const { specIds, pinnedRevision, pinnedRevisions } = record.settings;
  const first = specIds[0];
  return { ...(pinnedRevision && first ? { [first]: pinnedRevision } : {}), ...pinnedRevisions };
}

/** The where-used page's resolver (manifest: `handler: index.whereUsedResolver`). */
export const whereUsedResolver = createWhereUsedResolver(createKvsPageIndex());
