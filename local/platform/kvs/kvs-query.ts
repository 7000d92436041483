import { badRequest, kvsFail, type KvsResult } from './kvs-errors';
import { asRecord, describeEntry, parseMetadataFields, replyJson, type KvsHandler } from './kvs-handler';
import { KVS_LIMITS } from './kvs-limits';

/**
 * `/api/v1/query`: plain (non-secret) items whose key begins with a prefix, sorted by key,
 * `limit` per page (default 10, max 100), continued with an opaque cursor. The response is
 * `{ data, cursor? }`; a cursor is only returned while more items remain.
 */
export const queryHandler: KvsHandler = (body, { store, now }) => {
  const request = asRecord(body) ?? {};
  const limit = parseLimit(request.limit);
  if (!limit.ok) return limit;
  const prefix = parseWhere(request.where);
  if (!prefix.ok) return prefix;
  const after = decodeCursor(request.after);
  if (!after.ok) return after;
  const fields = parseMetadataFields(asRecord(request.options)?.metadataFields);
  if (!fields.ok) return fields;

  const rows = store.list('kvs', prefix.value, after.value, limit.value + 1, now);
  const page = rows.slice(0, limit.value);
  const last = page.at(-1);
  const data = page.map((entry) => describeEntry(entry, fields.value));
  return replyJson(rows.length > limit.value && last ? { data, cursor: encodeCursor(last.key) } : { data });
};

function parseLimit(limit: unknown): KvsResult<number> {
  if (limit === undefined) return { ok: true, value: KVS_LIMITS.defaultQueryLimit };
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    return badRequest('The query limit must be a positive integer');
  }
  if (limit > KVS_LIMITS.maxQueryLimit) {
    return kvsFail(400, 'LIST_QUERY_LIMIT_EXCEEDED', 'Limit for list query should be below 100.');
  }
  return { ok: true, value: limit };
}

function parseWhere(where: unknown): KvsResult<string> {
  if (where === undefined || (Array.isArray(where) && where.length === 0)) return { ok: true, value: '' };
  if (!Array.isArray(where)) return badRequest('where must be a list of conditions');
  if (where.length > 1) return kvsFail(400, 'QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause.');
  const clause = asRecord(where[0]) ?? {};
  if (clause.property !== 'key') {
    return kvsFail(400, 'QUERY_WHERE_FIELD_INVALID', 'The specified field is not supported for filters.');
  }
  if (clause.condition !== 'BEGINS_WITH') {
    return kvsFail(400, 'INVALID_FILTER_CONDITION', 'The specified condition is not supported for filters.');
  }
  const values = clause.values;
  const value: unknown = Array.isArray(values) ? values[0] : undefined;
  if (!Array.isArray(values) || values.length !== 1 || (typeof value !== 'string' && typeof value !== 'number')) {
    return kvsFail(400, 'INVALID_FILTER_VALUES', 'The specified number of values are not supported by the given condition.');
  }
  return { ok: true, value: String(value) };
}

function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): KvsResult<string> {
  if (cursor === undefined) return { ok: true, value: '' };
  if (typeof cursor !== 'string') return badRequest('The provided cursor is invalid');
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = asRecord(decoded)?.after;
    if (typeof after === 'string') return { ok: true, value: after };
  } catch {
    // fall through to the error below
  }
  return badRequest('The provided cursor is invalid');
}
