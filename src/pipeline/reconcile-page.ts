import { errorDetail } from '../domain/error-detail';
import { pinnedRevisionFor } from '../domain/macro-config';
import { mapBounded } from '../domain/map-bounded';
import { extractPageMacros, type BodyMacro } from '../domain/page-macros';
import type {
  Clock,
  ContentType,
  DocumentationOutbox,
  Logger,
  MacroRecord,
  MacroRef,
  PageBookkeeping,
  PageIndex,
  PageIndexEntry,
  PageReader,
  SpecStore,
} from '../domain/ports';
import { planReconcile, type PageRead, type ReconcilePlan, type RememberedMacro } from '../domain/reconcile-page';
import type { SearchIndexWriter } from '../domain/search-index-property';

/** A Confluence page event, as the handler validated it (only the fields the reconcile uses). */
export interface PageEvent {
  eventType: string;
  pageId: string;
  contentType: ContentType;
  spaceKey?: string;
  /** Copied events: the page the copy was made from. */
  originContentId?: string;
}

export interface ReconcileDeps {
  pages: PageIndex;
  bookkeeping: PageBookkeeping;
  reader: PageReader;
  store: Pick<SpecStore, 'readMacros' | 'writeMacros' | 'tryLease' | 'releaseLease'>;
  /** Deletes a removed macro's snapshot property, as the app. */
  removeSnapshot(ref: MacroRef): Promise<'removed' | 'absent'>;
  outbox: DocumentationOutbox;
  /** Keeps the page's `specbridge_index` property (search) in step with the entry; absent: search is not kept. */
  searchIndex?: SearchIndexWriter;
  clock: Clock;
  log: Logger;
  /** Confluence calls in flight at once (the points governor's pace); absent: DEFAULT_CONFLUENCE_CONCURRENCY. */
  confluenceConcurrency?: () => Promise<number>;
}

/**
 * What handling one event came to. `unknown`: a page the index does not know (no Confluence call). `deferred`: another
 * invocation is reconciling the page and was told to read it again.
 */
export type PageEventOutcome =
  | { kind: 'unknown' }
  | { kind: 'deferred' }
  | { kind: 'reconciled'; rounds: number; last: ReconcilePlan['outcome']; sequence?: number };

/** How long one invocation holds a page; longer than a 200-macro reconcile (measured in test/integration/page-events.test.ts). */
const PAGE_LEASE_SECONDS = 60;
/** Snapshot deletes in flight at once when no governor sets the pace (Atlassian asks for 5–10). */
const DEFAULT_CONFLUENCE_CONCURRENCY = 5;
/** Reads of one page per invocation, however many events arrive meanwhile (later ones each read it again). */
const MAX_ROUNDS = 5;

/**
 * Handles one page event (docs/decisions.md §35): a page the index does not know costs one KVS batch read (and one
 * key query when no view marked it) and no Confluence call. A known page, or a candidate a view marked, has its body
 * read as the app and reconciled. One invocation at a time reconciles a page (a lease); an event that arrives
 * meanwhile marks the page, and the holder reads it again before it lets go, so a burst converges on the newest body.
 */
export async function handlePageEvent(deps: ReconcileDeps, event: PageEvent): Promise<PageEventOutcome> {
  const knowledge = await deps.bookkeeping.knows(event.pageId);
  let candidate = knowledge.candidate || knowledge.remembered || knowledge.entry !== undefined;
  // A copy is a new page with its own macros: worth a read when the page it was copied from is known.
  if (!candidate && event.originContentId !== undefined) {
    const origin = await deps.bookkeeping.knows(event.originContentId);
    candidate = origin.entry !== undefined || origin.candidate || origin.remembered;
  }
  if (!candidate) return { kind: 'unknown' };

  const lease = `page-reconcile:${event.pageId}`;
  if (!(await deps.store.tryLease(lease, PAGE_LEASE_SECONDS))) {
    await deps.bookkeeping.markDirty(event.pageId);
    // The holder may have let go between the two calls: then nobody would read the mark.
    if (!(await deps.store.tryLease(lease, PAGE_LEASE_SECONDS))) return { kind: 'deferred' };
  }
  let rounds = 0;
  let last: { outcome: ReconcilePlan['outcome']; sequence?: number } | undefined;
  for (;;) {
    try {
      do {
        last = await reconcileOnce(deps, event);
        rounds += 1;
      } while (rounds < MAX_ROUNDS && (await deps.bookkeeping.takeDirty(event.pageId)));
    } finally {
      await deps.store.releaseLease(lease).catch(() => undefined);
    }
    // A mark that landed between the last look and the release.
    if (rounds >= MAX_ROUNDS || !(await deps.bookkeeping.takeDirty(event.pageId))) break;
    if (!(await deps.store.tryLease(lease, PAGE_LEASE_SECONDS))) {
      await deps.bookkeeping.markDirty(event.pageId);
      break;
    }
  }
  if (knowledge.candidate) await deps.bookkeeping.clearCandidate(event.pageId).catch(() => undefined);
  return { kind: 'reconciled', rounds, last: last?.outcome ?? 'unchanged', ...(last?.sequence !== undefined ? { sequence: last.sequence } : {}) };
}

/** One read of the page and what it changes. */
async function reconcileOnce(deps: ReconcileDeps, event: PageEvent): Promise<{ outcome: ReconcilePlan['outcome']; sequence?: number }> {
  const { pageId, contentType } = event;
  const [stored, records, body] = await Promise.all([deps.pages.read(pageId), deps.bookkeeping.pageMacros(pageId), deps.reader.read(pageId, contentType)]);
  const bodyMacros = body.kind === 'found' ? extractPageMacros(body.adf) : [];
  const read: PageRead =
    body.kind === 'gone'
      ? { kind: 'gone', pageId, contentType }
      : {
          kind: 'found',
          pageId,
          contentType,
          version: body.version,
          status: body.status,
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...((event.spaceKey ?? stored?.spaceKey) !== undefined ? { spaceKey: event.spaceKey ?? stored?.spaceKey } : {}),
          macros: bodyMacros.map(({ localId, specIds, pinnedRevisions }) => ({ localId, specIds, pinnedRevisions })),
        };
  const remembered: RememberedMacro[] = records.map((record) => ({
    localId: record.ref.localId,
    specIds: record.settings.specIds,
    pinnedRevisions: pinsOf(record),
  }));
  const plan = planReconcile({ stored, remembered, read, nowMs: deps.clock.now() });
  if (plan.outcome === 'stale') {
    deps.log.info('page event read an older version than the index holds', { pageId, version: read.kind === 'found' ? read.version : undefined, stored: stored?.version });
    return { outcome: 'stale' };
  }
  await apply(deps, { pageId, contentType, spaceKey: read.kind === 'found' ? read.spaceKey : undefined }, plan, bodyMacros, records);
  if (plan.entry) await deps.pages.write(plan.entry);
  if (plan.entry && plan.outcome === 'changed') await keepSearchIndex(deps, plan.entry);
  if (plan.entry && (plan.outcome === 'changed' || plan.outcome === 'gone')) {
    // The index is right whether or not the notice goes out; the outbox retries on its own.
    await deps.outbox.pageStateChanged({ entry: plan.entry, previous: stored, gone: plan.outcome === 'gone' }).catch((error: unknown) => {
      deps.log.warn('could not hand the page state to the outbox', { pageId, ...errorDetail(error) });
    });
  }
  deps.log.info('page reconciled', {
    pageId,
    outcome: plan.outcome,
    added: plan.whereUsed.add.length,
    removed: plan.whereUsed.remove.length,
    removedMacros: plan.removedMacros.length,
    sequence: plan.entry?.sequence ?? stored?.sequence,
  });
  const sequence = plan.entry?.sequence ?? stored?.sequence;
  return { outcome: plan.outcome, ...(sequence !== undefined ? { sequence } : {}) };
}

/**
 * Applies a plan before its page entry is written, so an invocation that fails half-way leaves the old entry and the
 * next event plans the rest again: macro records first (a notice that finds a macro in where-used finds its record),
 * then where-used, then the removed macros' records and snapshots.
 */
async function apply(
  deps: ReconcileDeps,
  page: { pageId: string; contentType: ContentType; spaceKey: string | undefined },
  plan: ReconcilePlan,
  bodyMacros: BodyMacro[],
  records: MacroRecord[],
): Promise<void> {
  const refOf = (localId: string): MacroRef => ({ pageId: page.pageId, localId, contentType: page.contentType });
  const recordOf = new Map(records.map((r) => [r.ref.localId, r]));
  const toRecord = new Set(plan.macrosToRecord);
  const written = bodyMacros
    .filter((m) => toRecord.has(m.localId))
    .map((m): MacroRecord => {
      const previous = recordOf.get(m.localId);
      // The view's freshness (clamped to the site's bounds) and bookkeeping stay; the body says what is shown.
      const settings = previous ? { ...m.settings, ttlSeconds: previous.settings.ttlSeconds } : m.settings;
      const spaceKey = page.spaceKey ?? previous?.spaceKey;
      return {
        ref: refOf(m.localId),
        settings,
        ...(spaceKey !== undefined ? { spaceKey } : {}),
        ...(previous?.snapshotHash !== undefined ? { snapshotHash: previous.snapshotHash } : {}),
        ...(previous?.lastRefreshAt !== undefined ? { lastRefreshAt: previous.lastRefreshAt } : {}),
      };
    });
  if (written.length > 0) await deps.store.writeMacros(written);
  await deps.bookkeeping.applyWhereUsed(
    plan.whereUsed.add.map((p) => ({ specId: p.specId, ref: refOf(p.localId) })),
    plan.whereUsed.remove.map((p) => ({ specId: p.specId, ref: refOf(p.localId) })),
  );
  if (plan.removedMacros.length === 0) return;
  const removed = plan.removedMacros.map(refOf);
  await deps.bookkeeping.deleteMacros(removed);
  // A page that is gone has no properties left to delete (and its reads would 404 one by one).
  if (plan.outcome === 'gone') return;
  const concurrency = deps.confluenceConcurrency ? await deps.confluenceConcurrency() : DEFAULT_CONFLUENCE_CONCURRENCY;
  await mapBounded(removed, Math.max(1, concurrency), async (ref) => {
    try {
      await deps.removeSnapshot(ref);
    } catch (error) {
      // An orphaned property of a macro that is gone shows nowhere; it is not worth failing the reconcile for.
      deps.log.warn('could not delete a removed macro\'s snapshot', { ...ref, ...errorDetail(error) });
    }
  });
}

/** The page's search property follows its entry: written while it shows macros, deleted when it shows none. */
async function keepSearchIndex(deps: ReconcileDeps, entry: PageIndexEntry): Promise<void> {
  if (!deps.searchIndex) return;
  const page = { pageId: entry.pageId, contentType: entry.contentType };
  try {
    if (entry.macros.length > 0) await deps.searchIndex.writeSearchIndexProperty(page, entry);
    else await deps.searchIndex.removeSearchIndexProperty(page);
  } catch (error) {
    // Search results are hints: a property left behind is corrected by the page's next change.
    deps.log.warn('could not update the search index property', { pageId: entry.pageId, ...errorDetail(error) });
  }
}

function pinsOf(record: MacroRecord): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const specId of record.settings.specIds) {
    const pin = pinnedRevisionFor(record.settings, specId);
    if (pin !== undefined) pins[specId] = pin;
  }
  return pins;
}
