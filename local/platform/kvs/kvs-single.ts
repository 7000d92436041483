import { badRequest, KEY_NOT_FOUND, kvsFail, type KvsResult } from './kvs-errors';
import {
  asRecord,
  describeEntry,
  parseMetadataFields,
  replyEmpty,
  replyJson,
  type KvsHandler,
  type MetadataField,
} from './kvs-handler';
import { checkKey, checkValue, ttlMillis } from './kvs-limits';
import type { KvsNamespace } from './kvs-store';

/** Parsed `options` of a write. */
export interface WriteOptions {
  ttlMs: number | undefined;
  keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' | undefined;
  returnValue: 'PREVIOUS' | 'LATEST' | undefined;
  returnMetadataFields: MetadataField[];
}

const NO_OPTIONS: WriteOptions = { ttlMs: undefined, keyPolicy: undefined, returnValue: undefined, returnMetadataFields: [] };

/**
 * Parses write options. `keyPolicy`/`returnValue` are only valid on a single set; batch and
 * transaction items accept only `ttl` (CHANGE-3038, REST 400 INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION).
 */
export function parseWriteOptions(options: unknown, singleSet: boolean): KvsResult<WriteOptions> {
  if (options === undefined) return { ok: true, value: NO_OPTIONS };
  const record = asRecord(options);
  if (!record) return badRequest('options must be an object');
  const ttl = ttlMillis(record.ttl);
  if (!ttl.ok) return ttl;
  const { keyPolicy, returnValue } = record;
  const hasPolicyOptions = keyPolicy !== undefined || returnValue !== undefined || record.returnMetadataFields !== undefined;
  if (!singleSet && hasPolicyOptions) return invalidCombination('Only ttl is supported for batch and transaction writes');
  if (keyPolicy !== undefined && keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
    return badRequest('keyPolicy must be OVERRIDE or FAIL_IF_EXISTS');
  }
  if (returnValue !== undefined && returnValue !== 'PREVIOUS' && returnValue !== 'LATEST') {
    return badRequest('returnValue must be PREVIOUS or LATEST');
  }
  if (returnValue !== undefined && keyPolicy !== 'OVERRIDE') {
    return invalidCombination('returnValue is only supported with keyPolicy OVERRIDE');
  }
  const fields = parseMetadataFields(record.returnMetadataFields);
  if (!fields.ok) return fields;
  return { ok: true, value: { ttlMs: ttl.value, keyPolicy, returnValue, returnMetadataFields: fields.value } };
}

function invalidCombination(message: string) {
  return kvsFail(400, 'INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION', message);
}

/** `/api/v1/get` and `/api/v1/secret/get`: 200 with the item, or 404 KEY_NOT_FOUND. */
export function getHandler(ns: KvsNamespace): KvsHandler {
  return (body, { store, now }) => {
    const request = asRecord(body);
    const key = checkKey(request?.key);
    if (!key.ok) return key;
    const fields = parseMetadataFields(asRecord(request?.options)?.metadataFields);
    if (!fields.ok) return fields;
    const entry = store.read(ns, key.value, now);
    return entry ? replyJson(describeEntry(entry, fields.value)) : { ok: false, error: KEY_NOT_FOUND };
  };
}

/** `/api/v1/set` and `/api/v1/secret/set`: 204, or 200 with the previous/latest item when asked. */
export function setHandler(ns: KvsNamespace, maxValueBytes: number): KvsHandler {
  return (body, { store, now }) => {
    const request = asRecord(body);
    const key = checkKey(request?.key);
    if (!key.ok) return key;
    const json = checkValue(request?.value, maxValueBytes);
    if (!json.ok) return json;
    const options = parseWriteOptions(request?.options, true);
    if (!options.ok) return options;
    const { ttlMs, keyPolicy, returnValue, returnMetadataFields } = options.value;
    if (keyPolicy === 'FAIL_IF_EXISTS' && store.read(ns, key.value, now)) {
      return kvsFail(409, 'KEY_CONFLICT', 'The provided key already exists');
    }
    const expireAt = ttlMs === undefined ? null : now + ttlMs;
    const { previous, current } = store.write(ns, key.value, json.value, expireAt, now);
    if (returnValue === 'LATEST') return replyJson(describeEntry(current, returnMetadataFields));
    if (returnValue === 'PREVIOUS' && previous) return replyJson(describeEntry(previous, returnMetadataFields));
    return replyEmpty();
  };
}

/** `/api/v1/delete` and `/api/v1/secret/delete`: 204, or 404 KEY_NOT_FOUND (the client treats both as done). */
export function deleteHandler(ns: KvsNamespace): KvsHandler {
  return (body, { store, now }) => {
    const key = checkKey(asRecord(body)?.key);
    if (!key.ok) return key;
    return store.remove(ns, key.value, now) ? replyEmpty() : { ok: false, error: KEY_NOT_FOUND };
  };
}
