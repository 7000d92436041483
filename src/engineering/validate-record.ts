/** Turns unknown JSON into a SpecRecord, or an invalid_response error naming the record id and the field path. */
import type { z } from 'zod';
import type { SpecRecord as SpecRecordType } from '../shared/spec-record';
import type { EngineeringError } from './errors';
import { SpecRecord } from './schema';

/** A validated record, or the invalid_response error that explains the first problem. */
export type RecordValidation =
  | { ok: true; record: SpecRecordType }
  | { ok: false; error: Extract<EngineeringError, { kind: 'invalid_response' }> };

/**
 * Validates one record. `expectedId` is the id that was asked for: it names the record in messages even when the
 * payload's own id is broken, and a record with a different id is refused.
 */
export function validateRecord(json: unknown, expectedId?: string): RecordValidation {
  const parsed = SpecRecord.safeParse(json);
  const id = expectedId ?? idOf(json);
  if (!parsed.success) return { ok: false, error: invalidResponse(id, parsed.error.issues) };
  if (expectedId !== undefined && parsed.data.id !== expectedId) {
    const detail = `${expectedId}: id: the response holds record ${parsed.data.id} instead`;
    return { ok: false, error: { kind: 'invalid_response', id: expectedId, field: 'id', detail } };
  }
  return { ok: true, record: parsed.data };
}

/** Builds an invalid_response error from zod issues: `SHAFT-1042: parameters[2].tolerance.upper: expected number`. */
export function invalidResponse(
  id: string | undefined,
  issues: readonly z.core.$ZodIssue[],
): Extract<EngineeringError, { kind: 'invalid_response' }> {
  const first = issues[0];
  const field = first ? formatPath(first.path) : '';
  const message = first ? first.message.replace(/^Invalid input: /, '') : 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  const detail = `${id ?? 'response'}: ${field || '(root)'}: ${message}${more}`;
  return { kind: 'invalid_response', ...(id !== undefined && { id }), field, detail };
}

/** `['parameters', 2, 'tolerance', 'upper']` → `parameters[2].tolerance.upper`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function idOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  return typeof json.id === 'string' && json.id.length <= 64 ? json.id : undefined;
}
