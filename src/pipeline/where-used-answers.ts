/**
 * Answers the engineering system's where-used queries from the where-used index, the page index and each macro's
 * verified snapshot (docs/where-used-queries.md). Bounded: at most MAX_CONFLUENCE_READS_PER_QUERY Confluence reads
 * per answer, `concurrency` at a time; a page of answers ends early with a cursor when the next page would exceed it.
 */
import { mapBounded } from '../domain/map-bounded';
import type { ContentType, MacroRef, PageIndex, PageIndexEntry, WhereUsedIndex } from '../domain/ports';
import {
  comparePageIds,
  contentUrl,
  decodeCursor,
  encodeCursor,
  MAX_CONFLUENCE_READS_PER_QUERY,
  shownSpecs,
  specInSnapshot,
  type MacroShowingSpec,
  type ShownSpec,
  type SnapshotReadingForQuery,
  type SnapshotTrustLabel,
} from '../domain/where-used-query';

/** What the site admin lets the engineering system learn (the same defaults as documentation notices). */
export interface SharingSettings {
  /** Page titles and space keys (from the page index) are included. */
  shareTitles: boolean;
}

export interface WhereUsedAnswerDeps {
  whereUsed: Pick<WhereUsedIndex, 'list' | 'remove'>;
  pageIndex: Pick<PageIndex, 'readMany'>;
  /** The macros the app knows on one page without a page-index entry (the macro records views remembered). */
  rememberedMacros: (pageId: string) => Promise<MacroRef[]>;
  /** One macro's snapshot property, read as the app and checked (one Confluence read; two for a ref without content type). */
  readSnapshot: (ref: MacroRef) => Promise<SnapshotReadingForQuery>;
  sharing: () => Promise<SharingSettings>;
  siteUrl: string | undefined;
  nowMs: () => number;
  concurrency: number;
  maxReads?: number;
  log: { warn(message: string, detail?: Record<string, unknown>): void };
}

export interface PageShowingSpec {
  pageId: string;
  contentType: ContentType;
  url: string | null;
  title?: string;
  spaceKey?: string;
  macros: MacroShowingSpec[];
}

export interface PagesShowingSpecAnswer {
  specId: string;
  pages: PageShowingSpec[];
  /** Present when more pages may follow: send it back as `cursor`. */
  nextCursor?: string;
}

export interface MacroOnPageAnswer {
  pageId: string;
  contentType: ContentType;
  url: string | null;
  title?: string;
  spaceKey?: string;
  macros: { localId: string; snapshot: SnapshotTrustLabel; writtenAt: string | null; specs: ShownSpec[] }[];
}

/** "Which pages show spec X": one page of answers after `cursor`, at most `limit` pages. */
export async function pagesShowingSpec(deps: WhereUsedAnswerDeps, query: { specId: string; cursor?: string; limit: number }): Promise<PagesShowingSpecAnswer> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const byPage = groupByPage(await deps.whereUsed.list(query.specId));
  const pageIds = [...byPage.keys()].sort(comparePageIds).filter((id) => after === undefined || comparePageIds(id, after) > 0);
  const maxReads = deps.maxReads ?? MAX_CONFLUENCE_READS_PER_QUERY;
  const [entries, sharing] = await Promise.all([deps.pageIndex.readMany(pageIds.slice(0, query.limit)), deps.sharing()]);

  // Take pages in order while their reads fit (always at least one, its macros capped at the budget).
  const chosen: { pageId: string; refs: MacroRef[]; entry?: PageIndexEntry }[] = [];
  const stale: { ref: MacroRef }[] = [];
  let reads = 0;
  /** The last page id this answer covers (answered, or left out as stale); the cursor resumes after it. */
  let covered: string | undefined;
  for (const pageId of pageIds.slice(0, query.limit)) {
    const entry = entries.get(pageId);
    const refs = (byPage.get(pageId) ?? []).filter((ref) => {
      // Lazy prune: the page index read this page's body after the view remembered the macro, and it is gone now.
      const listed = !entry || entry.macros.some((macro) => macro.localId === ref.localId && macro.specIds.includes(query.specId));
      if (!listed) stale.push({ ref });
      return listed;
    });
    if (refs.length > 0) {
      if (chosen.length > 0 && reads + refs.length > maxReads) break;
      reads += Math.min(refs.length, maxReads);
      chosen.push({ pageId, refs, ...(entry ? { entry } : {}) });
    }
    covered = pageId;
  }
  await pruneStale(deps, query.specId, stale);

  const now = deps.nowMs();
  const budget = { left: maxReads };
  const answered = await mapBounded(chosen, 1, async ({ pageId, refs, entry }) => {
    const readable = refs.slice(0, budget.left);
    budget.left -= readable.length;
    const readings = await mapBounded(readable, deps.concurrency, (ref) => deps.readSnapshot(ref));
    if (readings.some((reading) => reading.kind === 'unreadable')) return undefined; // gone, or the app may not read it
    const contentType = entry?.contentType ?? refs[0]?.contentType ?? knownType(readings) ?? 'page';
    const macros = refs.map((ref, index) => macroShowing(ref, readings[index], entry, query.specId, now));
    return { pageId, contentType, url: contentUrl(deps.siteUrl, pageId), ...titles(entry, sharing), macros } satisfies PageShowingSpec;
  });

  const more = covered !== undefined && pageIds.indexOf(covered) < pageIds.length - 1;
  return {
    specId: query.specId,
    pages: answered.filter((page): page is PageShowingSpec => page !== undefined),
    ...(more && covered !== undefined ? { nextCursor: encodeCursor(covered) } : {}),
  };
}

/** "What does the macro on page P show now" (every macro the app knows on P, or the one `localId` names); undefined: not found. */
export async function macroOnPage(deps: WhereUsedAnswerDeps, query: { pageId: string; localId?: string }): Promise<MacroOnPageAnswer | undefined> {
  const [entries, sharing] = await Promise.all([deps.pageIndex.readMany([query.pageId]), deps.sharing()]);
  const entry = entries.get(query.pageId);
  const known: MacroRef[] = entry
    ? entry.macros.map((macro) => ({ pageId: query.pageId, localId: macro.localId, contentType: entry.contentType }))
    : await deps.rememberedMacros(query.pageId);
  const refs = known.filter((ref) => query.localId === undefined || ref.localId === query.localId).slice(0, deps.maxReads ?? MAX_CONFLUENCE_READS_PER_QUERY);
  if (refs.length === 0) return undefined;
  const readings = await mapBounded(refs, deps.concurrency, (ref) => deps.readSnapshot(ref));
  if (readings.some((reading) => reading.kind === 'unreadable')) return undefined;
  const now = deps.nowMs();
  return {
    pageId: query.pageId,
    contentType: entry?.contentType ?? refs[0]?.contentType ?? knownType(readings) ?? 'page',
    url: contentUrl(deps.siteUrl, query.pageId),
    ...titles(entry, sharing),
    macros: refs.map((ref, index) => {
      const reading = readings[index];
      const verified = reading?.kind === 'verified' ? reading.snapshot : undefined;
      return {
        localId: ref.localId,
        snapshot: label(reading),
        writtenAt: verified?.writtenAt ?? null,
        specs: verified ? shownSpecs(verified, now) : [],
      };
    }),
  };
}

function macroShowing(ref: MacroRef, reading: SnapshotReadingForQuery | undefined, entry: PageIndexEntry | undefined, specId: string, now: number): MacroShowingSpec {
  const indexed = entry?.macros.find((macro) => macro.localId === ref.localId)?.pinnedRevisions[specId];
  const shown = reading?.kind === 'verified' ? specInSnapshot(reading.snapshot, specId, now) : undefined;
  // The page body (page index) is the authority on pins; without an entry, only the verified snapshot's pin counts.
  const pinnedRevision = entry ? indexed : shown?.pinnedRevision;
  return {
    localId: ref.localId,
    revision: shown?.spec.record?.revision ?? null,
    pinned: pinnedRevision !== undefined,
    ...(pinnedRevision !== undefined ? { pinnedRevision } : {}),
    snapshotAt: shown?.spec.fetchedAt ?? null,
    fresh: shown?.fresh ?? false,
    snapshot: label(reading),
  };
}

function label(reading: SnapshotReadingForQuery | undefined): SnapshotTrustLabel {
  if (!reading) return 'not_read';
  return reading.kind === 'unreadable' ? 'not_read' : reading.kind;
}

function knownType(readings: SnapshotReadingForQuery[]): ContentType | undefined {
  for (const reading of readings) if (reading.kind !== 'unreadable' && reading.contentType) return reading.contentType;
  return undefined;
}

function titles(entry: PageIndexEntry | undefined, sharing: SharingSettings): { title?: string; spaceKey?: string } {
  if (!sharing.shareTitles || !entry) return {};
  return { ...(entry.title ? { title: entry.title } : {}), ...(entry.spaceKey ? { spaceKey: entry.spaceKey } : {}) };
}

function groupByPage(refs: MacroRef[]): Map<string, MacroRef[]> {
  const byPage = new Map<string, MacroRef[]>();
  for (const ref of refs) {
    const list = byPage.get(ref.pageId) ?? [];
    if (!list.some((known) => known.localId === ref.localId)) list.push(ref);
    byPage.set(ref.pageId, list);
  }
  return byPage;
}

/** Deletes where-used entries the page index shows are stale (a KVS delete each, no Confluence call); never fails the answer. */
async function pruneStale(deps: WhereUsedAnswerDeps, specId: string, stale: { ref: MacroRef }[]): Promise<void> {
  await Promise.all(
    stale.map(({ ref }) =>
      deps.whereUsed.remove([specId], ref).catch((error: unknown) => {
        deps.log.warn('stale where-used entry not removed; the next query leaves it out again', { pageId: ref.pageId, error: String(error) });
      }),
    ),
  );
}
