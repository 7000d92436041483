/** Turns unknown JSON into a SpecRecord, or an invalid_response error naming the record id and the field path. */
import type { z } from 'zod';
import type { SpecRecord as SpecRecordType } from '../shared/spec-record';
import type { EngineeringError } from './errors';
import { MAX_RECORD_BYTES, SpecRecord } from './schema';

/** A validated record, or the invalid_response error that explains the first problem. */
export type RecordValidation =
  | { ok: true; record: SpecRecordType }
  | { ok: false; error: Extract<EngineeringError, { kind: 'invalid_response' }> };

/** Deployment rules a record must meet beyond the contract. */
export interface RecordRules {
  /** ENG_LINK_HOSTS: the hosts a record's link may point at (lower case); any host when absent. */
  linkHosts?: readonly string[];
}

/**
 * Validates one record. `expectedId` is the id that was asked for: it names the record in messages even when the
 * payload's own id is broken, and a record with a different id is refused.
 */
export function validateRecord(json: unknown, expectedId?: string, rules: RecordRules = {}): RecordValidation {
  const parsed = SpecRecord.safeParse(json);
  const id = expectedId ?? idOf(json);
  if (!parsed.success) return { ok: false, error: invalidResponse(id, parsed.error.issues) };
  if (expectedId !== undefined && parsed.data.id !== expectedId) {
    const detail = `${expectedId}: id: the response holds record ${parsed.data.id} instead`;
    return { ok: false, error: { kind: 'invalid_response', id: expectedId, field: 'id', detail } };
  }
  const host = new URL(parsed.data.url.trim()).hostname;
  if (rules.linkHosts && !rules.linkHosts.includes(host)) {
    const detail = `${parsed.data.id}: url: the link points at ${host}, which is not one of the engineering system's hosts (ENG_LINK_HOSTS)`;
    return { ok: false, error: { kind: 'invalid_response', id: parsed.data.id, field: 'url', detail } };
  }
  const bytes = recordBytes(parsed.data);
  if (bytes > MAX_RECORD_BYTES) {
    const detail = `${parsed.data.id}: (root): the record takes ${kib(bytes)} KiB, more than the ${kib(MAX_RECORD_BYTES)} KiB Spec Bridge stores per record`;
    return { ok: false, error: { kind: 'invalid_response', id: parsed.data.id, field: '', detail } };
  }
  return { ok: true, record: parsed.data };
}

/** UTF-8 size of the record as stored (JSON); what counts against the KVS value limit. */
function recordBytes(record: SpecRecordType): number {
  return new TextEncoder().encode(JSON.stringify(record)).byteLength;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1);
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
