/**
 * A bounded, newest-first log in KVS (the admin page's delivery log and audit trail): one key per entry whose key order
 * is newest first (KEYS.newestFirst), each with a TTL. Reading takes the first `max` keys of a `beginsWith` query;
 * pruning deletes whatever lies beyond the newest `keep`.
 */
import { randomBytes } from 'node:crypto';
import { kvs, WhereConditions } from '@forge/kvs';
import { KEYS } from './keys';
import { batchDelete, withKvsRetry } from './kvs-calls';

/** Forge KVS answers at most 100 items per query page. */
const QUERY_PAGE = 100;

/** Writes one entry under a new key; its key sorts before every older entry's. */
export async function appendEntry(prefix: string, value: unknown, atMs: number, ttlSeconds: number): Promise<void> {
  const key = KEYS.newestFirst(prefix, atMs, randomBytes(4).toString('hex'));
  await withKvsRetry(() => kvs.set(key, value, { ttl: { value: ttlSeconds, unit: 'SECONDS' } }));
}

/**
 * The newest entries (key and raw value), newest first, at most `maxRead`; pages are read only as the caller consumes
 * them, so a caller that stops early reads less.
 */
export async function* scanNewest(prefix: string, maxRead: number): AsyncGenerator<{ key: string; value: unknown }> {
  let read = 0;
  let cursor: string | undefined;
  while (read < maxRead) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(QUERY_PAGE, maxRead - read));
    if (cursor) query = query.cursor(cursor);
    const page = await withKvsRetry(() => query.getMany<unknown>());
    for (const result of page.results) yield { key: result.key, value: result.value };
    read += page.results.length;
    cursor = page.nextCursor;
    if (!cursor || page.results.length === 0) break;
  }
}

/**
 * Deletes up to `maxDeletes` entries beyond the newest `keep` (the oldest stay for the next pass or their TTL).
 * Answers how many it deleted. Costs ceil(keep / 100) + 1 query pages and the deletes.
 */
export async function pruneBeyond(prefix: string, keep: number, maxDeletes = QUERY_PAGE): Promise<number> {
  const beyond: string[] = [];
  let position = 0;
  for await (const { key } of scanNewest(prefix, keep + maxDeletes)) if ((position += 1) > keep) beyond.push(key);
  if (beyond.length > 0) await batchDelete(beyond);
  return beyond.length;
}
