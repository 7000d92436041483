import { badRequest, ENTITY_NOT_EMULATED, type KvsError, type KvsResult } from './kvs-errors';
import { asRecord, describeEntry, parseMetadataFields, replyJson, type KvsHandler } from './kvs-handler';
import { checkKey, checkValue, KVS_LIMITS, withinPayloadLimit } from './kvs-limits';
import { parseWriteOptions } from './kvs-single';

type BatchItem = Record<string, unknown>;
type FailedKey = { key: unknown; error: { code: string; message: string } };

/**
 * Checks that fail a whole batch (batchops docs): a list of 1–25 items, no key twice, ≤ 4 MB.
 * Entity items are refused as a whole, since the Custom Entity Store is not emulated.
 */
export function parseBatch(body: unknown, rawBody: string): KvsResult<BatchItem[]> {
  if (!Array.isArray(body)) return badRequest('The batch must be a list of items');
  if (body.length === 0) return badRequest('The batch must contain at least one item');
  if (body.length > KVS_LIMITS.maxBatchItems) {
    return badRequest(`The batch contains ${body.length} items; the maximum is ${KVS_LIMITS.maxBatchItems}`);
  }
  if (!withinPayloadLimit(rawBody)) return badRequest('The batch payload exceeds 4MB');
  const items = body.map((item) => asRecord(item));
  if (items.some((item) => item === undefined)) return badRequest('Every batch item must be an object');
  const valid = items as BatchItem[];
  if (valid.some((item) => item.entityName !== undefined)) return { ok: false, error: ENTITY_NOT_EMULATED };
  const keys = valid.map((item) => item.key);
  if (new Set(keys).size !== keys.length) return badRequest('The batch contains the same key more than once');
  return { ok: true, value: valid };
}

function failed(key: unknown, error: KvsError): FailedKey {
  return { key, error: { code: error.code, message: error.message } };
}

/** Validates one write (key, value, ttl-only options) of a batch or transaction. */
export function checkWrite(
  item: BatchItem,
  options: KvsResult<{ ttlMs: number | undefined }> = parseWriteOptions(item.options, false),
): KvsResult<{ key: string; json: string; ttlMs: number | undefined }> {
  const key = checkKey(item.key);
  if (!key.ok) return key;
  const json = checkValue(item.value);
  if (!json.ok) return json;
  if (!options.ok) return options;
  return { ok: true, value: { key: key.value, json: json.value, ttlMs: options.value.ttlMs } };
}

const MISSING: KvsError = { status: 404, code: 'KEY_NOT_FOUND', message: 'Key does not exist' };

/** `/api/v1/batch/set`: writes every valid item; invalid ones are reported in `failedKeys`. */
export const batchSetHandler: KvsHandler = (body, { store, now, rawBody, failKey }) => {
  const batch = parseBatch(body, rawBody);
  if (!batch.ok) return batch;
  const options = batch.value.map((item) => parseWriteOptions(item.options, false));
  const policyError = options.find((parsed) => !parsed.ok && parsed.error.code === 'INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION');
  if (policyError && !policyError.ok) return { ok: false, error: policyError.error };
  const successfulKeys: { key: string }[] = [];
  const failedKeys: FailedKey[] = [];
  store.atomically(() => {
    batch.value.forEach((item, index) => {
      const write = checkWrite(item, options[index]);
      if (!write.ok) {
        failedKeys.push(failed(item.key, write.error));
        return;
      }
      const { key, json, ttlMs } = write.value;
      const injected = failKey?.(key);
      if (injected) {
        failedKeys.push(failed(key, injected));
        return;
      }
      store.write('kvs', key, json, ttlMs === undefined ? null : now + ttlMs, now);
      successfulKeys.push({ key });
    });
  });
  return replyJson({ successfulKeys, failedKeys });
};

/** `/api/v1/batch/get`: found items in `successfulKeys`, missing ones as KEY_NOT_FOUND in `failedKeys`. */
export const batchGetHandler: KvsHandler = (body, { store, now, rawBody, failKey }) => {
  const batch = parseBatch(body, rawBody);
  if (!batch.ok) return batch;
  const successfulKeys: Record<string, unknown>[] = [];
  const failedKeys: FailedKey[] = [];
  for (const item of batch.value) {
    const key = checkKey(item.key);
    const fields = parseMetadataFields(asRecord(item.options)?.metadataFields);
    if (!key.ok || !fields.ok) {
      failedKeys.push(failed(item.key, !key.ok ? key.error : !fields.ok ? fields.error : MISSING));
      continue;
    }
    const injected = failKey?.(key.value);
    if (injected) {
      failedKeys.push(failed(key.value, injected));
      continue;
    }
    const entry = store.read('kvs', key.value, now);
    if (entry) successfulKeys.push(describeEntry(entry, fields.value));
    else failedKeys.push(failed(key.value, MISSING));
  }
  return replyJson({ successfulKeys, failedKeys });
};

/** `/api/v1/batch/delete`: deleted items in `successfulKeys`, absent ones as KEY_NOT_FOUND in `failedKeys`. */
export const batchDeleteHandler: KvsHandler = (body, { store, now, rawBody, failKey }) => {
  const batch = parseBatch(body, rawBody);
  if (!batch.ok) return batch;
  const successfulKeys: { key: string }[] = [];
  const failedKeys: FailedKey[] = [];
  store.atomically(() => {
    for (const item of batch.value) {
      const key = checkKey(item.key);
      const injected = key.ok ? failKey?.(key.value) : undefined;
      if (!key.ok) failedKeys.push(failed(item.key, key.error));
      else if (injected) failedKeys.push(failed(key.value, injected));
      else if (store.remove('kvs', key.value, now)) successfulKeys.push({ key: key.value });
      else failedKeys.push(failed(key.value, MISSING));
    }
  });
  return replyJson({ successfulKeys, failedKeys });
};
