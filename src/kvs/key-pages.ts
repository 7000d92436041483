import { kvs, WhereConditions } from '@forge/kvs';
import { batchDelete, withKvsRetry } from './kvs-calls';

/** Most keys one KVS query answers. */
export const KVS_QUERY_LIMIT = 100;

export interface KeyPage<T> {
  items: { key: string; value: T }[];
  /** Where the next page starts; absent: this was the last. */
  cursor?: string;
}

/** One page of the keys under `prefix` (with their values: KVS queries have no keys-only form). */
export async function queryPage<T>(prefix: string, limit: number, cursor?: string): Promise<KeyPage<T>> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(Math.max(1, limit), KVS_QUERY_LIMIT));
  if (cursor) query = query.cursor(cursor);
  const result = await withKvsRetry(() => query.getMany<T>());
  return { items: result.results.map((r) => ({ key: r.key, value: r.value })), ...(result.nextCursor ? { cursor: result.nextCursor } : {}) };
}

/**
 * Counts the keys under `prefix`, at most `cap` of them. KVS keeps no counts, so this pages through them:
 * ⌈count / 100⌉ queries (at most ⌈cap / 100⌉), each transferring the values too.
 */
export async function countKeys(prefix: string, cap: number): Promise<{ count: number; capped: boolean }> {
  let count = 0;
  let cursor: string | undefined;
  for (let pages = 0; pages < Math.ceil(cap / KVS_QUERY_LIMIT); pages += 1) {
    const page = await queryPage<unknown>(prefix, KVS_QUERY_LIMIT, cursor);
    count += page.items.length;
    cursor = page.cursor;
    if (!cursor) return { count, capped: false };
  }
  return { count: Math.min(count, cap), capped: true };
}

/** Deletes the first page (up to 100) of the keys under `prefix`; answers how many it deleted (0: none left). */
export async function deleteFirstPage(prefix: string): Promise<number> {
  const page = await queryPage<unknown>(prefix, KVS_QUERY_LIMIT);
  await batchDelete(page.items.map((item) => item.key));
  return page.items.length;
}
