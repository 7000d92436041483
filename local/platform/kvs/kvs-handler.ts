import { badRequest, type KvsError, type KvsResult } from './kvs-errors';
import type { KvsEntry, KvsStore } from './kvs-store';

/** What one route handler sees: the store and the request's instant (from the injected clock). */
export interface KvsContext {
  store: KvsStore;
  now: number;
  /** The raw request body, for the 4 MB payload limit of batches and transactions. */
  rawBody: string;
  /** Batch calls: the error an injected partial failure reports this key with (item left undone); undefined: do it. */
  failKey?: (key: string) => KvsError | undefined;
}

/** A successful answer: JSON with 200, or an empty 204. */
export type KvsReply = { status: 200; body: unknown } | { status: 204 };

/** A route handler: parsed JSON body in, reply or error out. Runs synchronously (one SQLite step). */
export type KvsHandler = (body: unknown, context: KvsContext) => KvsResult<KvsReply>;

/** Metadata fields a read may ask for (`MetadataField` in out/interfaces/types.d.ts). */
export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';

const METADATA_FIELDS: readonly string[] = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'];

/** `{ status: 200, body }` as a successful result. */
export function replyJson(body: unknown): KvsResult<KvsReply> {
  return { ok: true, value: { status: 200, body } };
}

/** An empty 204 as a successful result. */
export function replyEmpty(): KvsResult<KvsReply> {
  return { ok: true, value: { status: 204 } };
}

/** Narrows a JSON body to a plain object. */
export function asRecord(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/** Validates an optional `metadataFields` list. */
export function parseMetadataFields(fields: unknown): KvsResult<MetadataField[]> {
  if (fields === undefined) return { ok: true, value: [] };
  if (!Array.isArray(fields) || !fields.every((field: unknown) => typeof field === 'string' && METADATA_FIELDS.includes(field))) {
    return badRequest('metadataFields must be a list of CREATED_AT, UPDATED_AT, EXPIRE_TIME');
  }
  return { ok: true, value: fields as MetadataField[] };
}

/**
 * An item as the KVS returns it: key, value and the requested metadata. `createdAt`/`updatedAt`
 * are epoch seconds and `expireTime` an ISO-8601 instant without milliseconds, as in the
 * response fixtures of @forge/kvs's own tests (out/__test__/index.test.js).
 */
export function describeEntry(entry: KvsEntry, fields: readonly MetadataField[]): Record<string, unknown> {
  const described: Record<string, unknown> = { key: entry.key, value: JSON.parse(entry.json) };
  if (fields.includes('CREATED_AT')) described.createdAt = Math.floor(entry.createdAt / 1000);
  if (fields.includes('UPDATED_AT')) described.updatedAt = Math.floor(entry.updatedAt / 1000);
  if (fields.includes('EXPIRE_TIME') && entry.expireAt !== null) described.expireTime = isoSeconds(entry.expireAt);
  return described;
}

function isoSeconds(epochMillis: number): string {
  return new Date(epochMillis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
