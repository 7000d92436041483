import { ForgeKvsAPIError, kvs } from '@forge/kvs';

/** Forge KVS allows at most 25 keys per batch call. */
export const KVS_BATCH_LIMIT = 25;

const RETRYABLE = new Set(['TOO_MANY_REQUESTS', 'RATE_LIMIT_EXCEEDED', 'INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'UNKNOWN_ERROR']);

/** Runs a KVS call, retrying rate limits and server errors with jittered backoff (3 attempts). */
export async function withKvsRetry<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof ForgeKvsAPIError)) return false;
  return RETRYABLE.has(error.code) || error.responseDetails.status === 429 || error.responseDetails.status >= 500;
}

/** True for the error `set(..., { keyPolicy: 'FAIL_IF_EXISTS' })` raises when the key exists. */
export function isKeyConflict(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.code === 'KEY_CONFLICT';
}

/** Batch get and delete list an absent key in `failedKeys` with this code; any other code is a failure, not absence. */
const KEY_NOT_FOUND = 'KEY_NOT_FOUND';

/** How often a batch call is made for keys it listed as failed (other than absent) before giving up. */
const BATCH_ITEM_ATTEMPTS = 3;

/**
 * Runs a batch get or delete over `keys` (in batches of 25), calling it again for the keys it reported as failed (other
 * than absent), 3 times at most with jittered backoff; throws naming the keys that still failed, so a failed read is
 * never taken for an absent key and a failed delete is never silently left.
 */
async function batchWithFailedKeyRetry<R extends { failedKeys: { key: string; error: { code: string } }[] }>(
  what: string,
  keys: string[],
  call: (part: string[]) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let pending = [...new Set(keys)];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const answers = await Promise.all(chunk(pending, KVS_BATCH_LIMIT).map((part) => withKvsRetry(() => call(part))));
    results.push(...answers);
    const failed = answers.flatMap((answer) => answer.failedKeys.filter((item) => item.error.code !== KEY_NOT_FOUND));
    if (failed.length === 0) break;
    if (attempt >= BATCH_ITEM_ATTEMPTS) {
      throw new Error(`KVS ${what} failed for ${failed.map((f) => `${f.key} (${f.error.code})`).join(', ')}`);
    }
    pending = failed.map((f) => f.key);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
  }
  return results;
}

/** Reads many keys in batches of 25; absent keys are missing from the map, and a key KVS failed to read throws. */
export async function batchRead<T>(keys: string[]): Promise<Map<string, T>> {
  const values = new Map<string, T>();
  const results = await batchWithFailedKeyRetry('batch read', keys, (part) => kvs.batchGet<T>(part.map((key) => ({ key }))));
  for (const result of results) for (const item of result.successfulKeys) values.set(item.key, item.value);
  return values;
}

/** Deletes many keys in batches of 25; an absent key counts as deleted, and a key KVS failed to delete throws. */
export async function batchDelete(keys: string[]): Promise<void> {
  await batchWithFailedKeyRetry('batch delete', keys, (part) => kvs.batchDelete(part.map((key) => ({ key }))));
}

/** Writes many keys in batches of 25, each with the given TTL; fails if any key failed. */
export async function batchWrite(items: { key: string; value: unknown }[], ttlSeconds: number): Promise<void> {
  const ttl = { value: ttlSeconds, unit: 'SECONDS' as const };
  for (const part of chunk(items, KVS_BATCH_LIMIT)) {
    const result = await withKvsRetry(() => kvs.batchSet(part.map((item) => ({ key: item.key, value: item.value, options: { ttl } }))));
    if (result.failedKeys.length > 0) {
      throw new Error(`KVS batch write failed for ${result.failedKeys.map((f) => `${f.key} (${f.error.code})`).join(', ')}`);
    }
  }
}

/**
 * Writes and deletes keys in one KVS transaction (all or nothing; at most 25 operations, each key once). Plain keys take
 * no conditions: the caller must already know every write and delete is its own to make.
 */
export async function transactWrite(sets: { key: string; value: unknown; ttlSeconds: number }[], deletes: string[]): Promise<void> {
  if (sets.length + deletes.length > KVS_BATCH_LIMIT) throw new Error(`A KVS transaction takes at most ${KVS_BATCH_LIMIT} operations`);
  await withKvsRetry(() => {
    let transaction = kvs.transact();
    for (const item of sets) transaction = transaction.set(item.key, item.value, undefined, { ttl: { value: item.ttlSeconds, unit: 'SECONDS' } });
    for (const key of deletes) transaction = transaction.delete(key);
    return transaction.execute();
  });
}

export function chunk<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
