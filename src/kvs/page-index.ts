import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { PageIndex, PageIndexEntry } from '../domain/ports';
import { batchRead, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

/**
 * The page side of the where-used index in KVS, one key per page. Every entry read back is validated: a malformed one
 * reads as absent. (The page-event reconcile writes these entries; the where-used query trigger only reads them.)
 */
const StoredEntry = z.object({
  pageId: z.string().min(1).max(64),
  contentType: z.enum(['page', 'blogpost']),
  version: z.number().int().nonnegative(),
  sequence: z.number().int().nonnegative(),
  status: z.enum(['current', 'archived']),
  spaceKey: z.string().max(255).optional(),
  title: z.string().max(1000).optional(),
  macros: z.array(z.object({ localId: z.string().min(1).max(128), specIds: z.array(z.string()), pinnedRevisions: z.record(z.string(), z.string()) })),
  reconciledAt: z.number(),
});

export function createKvsPageIndex(): PageIndex {
  const valid = (value: unknown): PageIndexEntry | undefined => {
    const parsed = StoredEntry.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  return {
    async read(pageId) {
      return valid(await withKvsRetry(() => kvs.get(KEYS.pageIndex(pageId))));
    },
    async readMany(pageIds) {
      const stored = await batchRead<unknown>(pageIds.map((id) => KEYS.pageIndex(id)));
      const entries = new Map<string, PageIndexEntry>();
      for (const pageId of pageIds) {
        const entry = valid(stored.get(KEYS.pageIndex(pageId)));
        if (entry && entry.pageId === pageId) entries.set(pageId, entry);
      }
      return entries;
    },
    async write(entry) {
      await withKvsRetry(() => kvs.set(KEYS.pageIndex(entry.pageId), entry));
    },
    async remove(pageId) {
      await withKvsRetry(() => kvs.delete(KEYS.pageIndex(pageId)));
    },
  };
}
