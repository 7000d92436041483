import { kvs, WhereConditions } from '@forge/kvs';
import { mapBounded } from '../domain/map-bounded';
import { MAX_PAGE_MACROS } from '../domain/page-macros';
import type { MacroRecord, PageBookkeeping, PageIndex, PageIndexEntry, PageMacroEntry } from '../domain/ports';
import { batchDelete, batchRead, batchWrite, chunk, KVS_BATCH_LIMIT, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

const DAY = 86_400;
/** An entry whose page shows macros lives as long as macro records do; it is rewritten at every reconcile. */
const ENTRY_TTL_SECONDS = 365 * DAY;
/**
 * A page that shows no macro any more (or is gone) stays known this long, so a restore or an undo within it is read and
 * its sequence continues; after it, page events for it cost no read again.
 */
const EMPTY_ENTRY_TTL_SECONDS = 30 * DAY;
const CANDIDATE_TTL_SECONDS = 30 * DAY;
const DIRTY_TTL_SECONDS = 600;
const WHERE_USED_TTL_SECONDS = 365 * DAY;
/**
 * Macros per stored chunk. KVS values are at most 240 KiB; a macro of 50 specs with the longest ids and pins is about
 * 3.3 KB of JSON, so 50 of them stay under 170 KB. The first chunk rides in the header: most pages need one key.
 */
export const MACROS_PER_CHUNK = 50;
/** Batches of KVS writes in flight at once for one reconcile. */
const KVS_PARALLEL = 4;

/** The stored header: the entry with its first chunk of macros, and how many more chunks its generation has. */
interface StoredHeader extends PageIndexEntry {
  /** Chunks beyond the first, under pageIndexChunk(pageId, generation, 1..n). */
  moreChunks?: number;
  generation?: number;
}

/** The page side of the where-used index in Forge KVS (docs/decisions.md §35). */
export function createKvsPageIndex(): PageIndex {
  async function readChunks(headers: StoredHeader[]): Promise<Map<string, PageIndexEntry>> {
    const keys = headers.flatMap((h) => Array.from({ length: h.moreChunks ?? 0 }, (_, i) => KEYS.pageIndexChunk(h.pageId, h.generation ?? 0, i + 1)));
    const chunks = keys.length > 0 ? await batchRead<PageMacroEntry[]>(keys) : new Map<string, PageMacroEntry[]>();
    const entries = new Map<string, PageIndexEntry>();
    for (const header of headers) {
      const macros = [...header.macros];
      for (let i = 1; i <= (header.moreChunks ?? 0); i += 1) macros.push(...(chunks.get(KEYS.pageIndexChunk(header.pageId, header.generation ?? 0, i)) ?? []));
      entries.set(header.pageId, toEntry(header, macros));
    }
    return entries;
  }

  async function readMany(pageIds: string[]): Promise<Map<string, PageIndexEntry>> {
    const headers = await batchRead<StoredHeader>(pageIds.map(KEYS.pageIndex));
    return readChunks([...headers.values()]);
  }

  return {
    async read(pageId) {
      return (await readMany([pageId])).get(pageId);
    },
    readMany,
    async write(entry) {
      const previous = await withKvsRetry(() => kvs.get<StoredHeader>(KEYS.pageIndex(entry.pageId)));
      const parts = chunk(entry.macros, MACROS_PER_CHUNK);
      const generation = entry.reconciledAt;
      const ttl = entry.macros.length > 0 ? ENTRY_TTL_SECONDS : EMPTY_ENTRY_TTL_SECONDS;
      // Chunks first, under a new generation, so a reader never pairs a header with another write's chunks.
      const more = parts.slice(1).map((macros, i) => ({ key: KEYS.pageIndexChunk(entry.pageId, generation, i + 1), value: macros }));
      if (more.length > 0) await batchWrite(more, ttl);
      const header: StoredHeader = { ...entry, macros: parts[0] ?? [], ...(more.length > 0 ? { moreChunks: more.length, generation } : {}) };
      await withKvsRetry(() => kvs.set(KEYS.pageIndex(entry.pageId), header, { ttl: { value: ttl, unit: 'SECONDS' } }));
      if (previous?.moreChunks && previous.generation !== generation) await batchDelete(chunkKeys(previous));
    },
    async remove(pageId) {
      const previous = await withKvsRetry(() => kvs.get<StoredHeader>(KEYS.pageIndex(pageId)));
      await batchDelete([KEYS.pageIndex(pageId), ...(previous ? chunkKeys(previous) : [])]);
    },
  };
}

function chunkKeys(header: StoredHeader): string[] {
  return Array.from({ length: header.moreChunks ?? 0 }, (_, i) => KEYS.pageIndexChunk(header.pageId, header.generation ?? 0, i + 1));
}

function toEntry(header: StoredHeader, macros: PageMacroEntry[]): PageIndexEntry {
  const { moreChunks: _more, generation: _generation, ...entry } = header;
  return { ...entry, macros };
}

/** The rest of what a page event's reconcile keeps in KVS. */
export function createKvsPageBookkeeping(index: PageIndex = createKvsPageIndex()): PageBookkeeping {
  async function firstMacroKeys(pageId: string, limit: number, cursor?: string) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(KEYS.macroPagePrefix(pageId))).limit(limit);
    if (cursor) query = query.cursor(cursor);
    return withKvsRetry(() => query.getMany<MacroRecord>());
  }

  return {
    async knows(pageId) {
      // One batch read answers for every page the index or a view marked; only a page neither names costs a query.
      const values = await batchRead<unknown>([KEYS.pageIndex(pageId), KEYS.pageCandidate(pageId)]);
      const header = values.get(KEYS.pageIndex(pageId)) as StoredHeader | undefined;
      const candidate = values.has(KEYS.pageCandidate(pageId));
      if (header) {
        const entry = header.moreChunks ? await index.read(pageId) : toEntry(header, header.macros);
        return { ...(entry ? { entry } : {}), candidate, remembered: false };
      }
      if (candidate) return { candidate, remembered: false };
      const page = await firstMacroKeys(pageId, 1);
      return { candidate: false, remembered: page.results.length > 0 };
    },
    async pageMacros(pageId) {
      const found: MacroRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await firstMacroKeys(pageId, 100, cursor);
        found.push(...page.results.map((r) => r.value));
        cursor = page.nextCursor;
      } while (cursor && found.length < MAX_PAGE_MACROS);
      return found;
    },
    async applyWhereUsed(add, remove) {
      const writes = chunk(add.map((c) => ({ key: KEYS.whereUsed(c.specId, c.ref), value: c.ref })), KVS_BATCH_LIMIT);
      await mapBounded(writes, KVS_PARALLEL, (part) => batchWrite(part, WHERE_USED_TTL_SECONDS));
      await batchDelete(remove.map((c) => KEYS.whereUsed(c.specId, c.ref)));
    },
    async deleteMacros(refs) {
      await batchDelete(refs.map(KEYS.macro));
    },
    async clearCandidate(pageId) {
      await batchDelete([KEYS.pageCandidate(pageId)]);
    },
    async markDirty(pageId) {
      await withKvsRetry(() => kvs.set(KEYS.pageDirty(pageId), { at: Date.now() }, { ttl: { value: DIRTY_TTL_SECONDS, unit: 'SECONDS' } }));
    },
    async takeDirty(pageId) {
      const previous = await withKvsRetry(() => kvs.get(KEYS.pageDirty(pageId)));
      if (previous === undefined) return false;
      await withKvsRetry(() => kvs.delete(KEYS.pageDirty(pageId)));
      return true;
    },
  };
}

/** The candidate mark's KVS write, for the view's own transaction (src/kvs/spec-store.ts). */
export function candidateWrite(candidate: { pageId: string; contentType: string; markedAt: number }) {
  return { key: KEYS.pageCandidate(candidate.pageId), value: candidate, ttlSeconds: CANDIDATE_TTL_SECONDS };
}
