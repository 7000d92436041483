import { badRequest, kvsFail, type KvsResult } from './kvs-errors';

/**
 * KVS key, value and TTL rules, with the codes of the "Error handling for the Key-Value Store" page
 * and the numbers of the "KVS and Custom Entity Store limits" page (developer.atlassian.com).
 */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxSecretValueBytes: 128 * 1024,
  /** The limits page says 31; the error page says "(32)". We enforce the stricter one. */
  maxDepth: 31,
  maxTtlSeconds: 365 * 24 * 60 * 60,
  maxBatchItems: 25,
  maxTransactionOperations: 25,
  maxPayloadBytes: 4 * 1024 * 1024,
  defaultQueryLimit: 10,
  maxQueryLimit: 100,
} as const;

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;

const TTL_UNIT_SECONDS: Record<string, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 };

/** Checks a key against the documented length and pattern rules. */
export function checkKey(key: unknown): KvsResult<string> {
  if (typeof key !== 'string') return badRequest('The key must be a string');
  if (key.length === 0) return kvsFail(400, 'KEY_TOO_SHORT', 'The provided key needs to be more than one character.');
  if (key.length > KVS_LIMITS.maxKeyLength) {
    return kvsFail(400, 'KEY_TOO_LONG', 'The provided key has exceeded the maximum 500 characters.');
  }
  if (!KEY_PATTERN.test(key)) {
    return kvsFail(400, 'INVALID_KEY', `The provided key does not match the regex: ${KEY_PATTERN}`);
  }
  return { ok: true, value: key };
}

/** Checks a value's type, JSON size (UTF-8 bytes) and nesting depth; returns its JSON text. */
export function checkValue(value: unknown, maxBytes: number = KVS_LIMITS.maxValueBytes): KvsResult<string> {
  const type = typeof value;
  if (value === null || (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'object')) {
    return badRequest('The value must be a string, number, boolean, object or array');
  }
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json, 'utf8') > maxBytes) {
    return kvsFail(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
  }
  if (depthOf(value, KVS_LIMITS.maxDepth + 1) > KVS_LIMITS.maxDepth) {
    return kvsFail(400, 'MAX_DEPTH', `The provided value has exceeded the maximum object depth (${KVS_LIMITS.maxDepth}) limit.`);
  }
  return { ok: true, value: json };
}

/** Nesting depth of objects/arrays (a primitive is 0, `{}` is 1), counted no further than `cap`. */
export function depthOf(value: unknown, cap: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (cap <= 1) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, cap - 1));
    if (deepest >= cap - 1) break;
  }
  return 1 + deepest;
}

/** Converts a `{ value, unit }` TTL to milliseconds; `undefined` when no TTL was given. */
export function ttlMillis(ttl: unknown): KvsResult<number | undefined> {
  if (ttl === undefined) return { ok: true, value: undefined };
  if (typeof ttl !== 'object' || ttl === null) return badRequest('The ttl must be an object with value and unit');
  const { value, unit } = ttl as { value?: unknown; unit?: unknown };
  const unitSeconds = typeof unit === 'string' ? TTL_UNIT_SECONDS[unit] : undefined;
  if (unitSeconds === undefined) return badRequest('The ttl unit must be one of SECONDS, MINUTES, HOURS, DAYS');
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    return badRequest('The ttl value must be a positive integer');
  }
  const seconds = value * unitSeconds;
  if (seconds > KVS_LIMITS.maxTtlSeconds) return badRequest('The maximum supported TTL is 1 year');
  return { ok: true, value: seconds * 1000 };
}

/** Whether a JSON payload stays within the 4 MB batch/transaction limit. */
export function withinPayloadLimit(body: string): boolean {
  return Buffer.byteLength(body, 'utf8') <= KVS_LIMITS.maxPayloadBytes;
}
