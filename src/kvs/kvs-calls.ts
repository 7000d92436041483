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

/** Reads many keys in batches of 25; absent keys are simply missing from the map. */
export async function batchRead<T>(keys: string[]): Promise<Map<string, T>> {
  const values = new Map<string, T>();
  const unique = [...new Set(keys)];
  const chunks = chunk(unique, KVS_BATCH_LIMIT);
  const results = await Promise.all(chunks.map((part) => withKvsRetry(() => kvs.batchGet<T>(part.map((key) => ({ key }))))));
  for (const result of results) for (const item of result.successfulKeys) values.set(item.key, item.value);
  return values;
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

export function chunk<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
