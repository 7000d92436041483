/** Sorts one GET /specs?ids=… response into found / missing / invalid, record by record. */
import type { SpecRecord } from '../shared/spec-record';
import type { EngineeringError } from './errors';
import { BatchResponse, Etag } from './schema';
import { invalidResponse, validateRecord, type RecordRules } from './validate-record';

/** getSpecs' value. Every requested id ends up in exactly one of the three. */
export interface SpecBatch {
  found: Map<string, { record: SpecRecord; etag: string | null }>;
  /** Ids the engineering system does not know (or that are not valid spec ids). */
  missing: string[];
  /** Ids whose entry was malformed; the error names the id and the field. */
  invalid: Map<string, Extract<EngineeringError, { kind: 'invalid_response' }>>;
}

/**
 * Adds one chunk's response to `batch`. Only a broken envelope fails the chunk; a malformed record invalidates just its
 * id. A requested id the response neither returns nor lists as missing is invalid too: calling it missing could make
 * the caller treat a live spec as deleted.
 */
export function readBatch(
  json: unknown,
  requested: readonly string[],
  batch: SpecBatch,
  rules: RecordRules = {},
): { ok: true } | { ok: false; error: EngineeringError } {
  const envelope = BatchResponse.safeParse(json);
  if (!envelope.success) return { ok: false, error: invalidResponse(undefined, envelope.error.issues) };
  const pending = new Set(requested);

  for (const item of envelope.data.items) {
    const record = recordOf(item);
    const id = idOf(record);
    if (id === undefined || !pending.has(id)) continue;
    pending.delete(id);
    const validation = validateRecord(record, id, rules);
    if (!validation.ok) {
      batch.invalid.set(id, validation.error);
      continue;
    }
    const etag = Etag.safeParse(etagOf(item));
    batch.found.set(id, { record: validation.record, etag: etag.success ? etag.data : null });
  }

  for (const id of envelope.data.missing) {
    if (pending.delete(id)) batch.missing.push(id);
  }

  for (const id of pending) {
    const detail = `${id}: (root): the batch response neither returned nor listed this id as missing`;
    batch.invalid.set(id, { kind: 'invalid_response', id, field: '', detail });
  }
  return { ok: true };
}

function recordOf(item: unknown): unknown {
  return typeof item === 'object' && item !== null && 'record' in item ? item.record : undefined;
}

function etagOf(item: unknown): unknown {
  return typeof item === 'object' && item !== null && 'etag' in item ? item.etag : undefined;
}

function idOf(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null || !('id' in record)) return undefined;
  return typeof record.id === 'string' ? record.id : undefined;
}
