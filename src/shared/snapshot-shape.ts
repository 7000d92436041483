/**
 * The parts of a stored snapshot (src/domain/snapshot.ts) the macro paints from, checked in the
 * browser before use. A verified signature already says the app wrote it; this check keeps a
 * snapshot of another schema version (or a bug) from reaching the renderer as a crash.
 */
import type { Layout, SpecProblemCode, TableColumn } from './resolver-contract';
import type { SpecParameter, SpecRecord } from './spec-record';
import { LIFECYCLE_STATUSES, SPEC_ID_PATTERN } from './spec-record';

/** One spec as a snapshot carries it. */
export interface PaintableSnapshotSpec {
  id: string;
  record?: SpecRecord;
  fetchedAt?: string;
  problem?: { code: SpecProblemCode; message: string };
  withdrawn?: boolean;
  /** Set when the spec was shown pinned; the macro leaves pinned specs to the resolver (it has the diff). */
  pinned?: unknown;
}

/** A snapshot the macro can paint. */
export interface PaintableSnapshot {
  layout: Layout;
  columns: TableColumn[];
  /** The table's parameter columns; absent when none (and in snapshots written before they existed). */
  parameterColumns?: string[];
  pinnedRevision?: string;
  /** How long its records count as fresh, as the backend decided (absent in older snapshots). */
  ttlSeconds?: number;
  specs: PaintableSnapshotSpec[];
  writtenAt: string;
  contentHash: string;
  truncated: boolean;
}

const LAYOUTS: readonly string[] = ['card', 'table', 'parameters'];
const COLUMNS: readonly string[] = ['id', 'title', 'revision', 'status', 'owner', 'updatedAt', 'parameters'];
const PROBLEMS: readonly string[] = ['not_found', 'withdrawn', 'invalid_id', 'invalid_record', 'unavailable', 'unauthorized', 'rate_limited', 'not_allowed'];
const TOLERANCES: readonly string[] = ['symmetric', 'deviation', 'limits'];

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): value is string => isText(value) && !Number.isNaN(Date.parse(value));
const isOptional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function isParameter(value: unknown): value is SpecParameter {
  if (!isObject(value) || !isText(value.name) || !isText(value.unit)) return false;
  if (value.nominal !== null && !isFiniteNumber(value.nominal)) return false;
  if (!isOptional(value.actual, isFiniteNumber)) return false;
  return isOptional(value.tolerance, (t) => isObject(t) && TOLERANCES.includes(String(t.type)));
}

function isRecord(value: unknown, id: string): value is SpecRecord {
  if (!isObject(value) || value.id !== id) return false;
  const texts = [value.title, value.revision, value.owner, value.url].every(isText);
  const status = LIFECYCLE_STATUSES.some((known) => known === value.status);
  return texts && status && isTime(value.updatedAt) && Array.isArray(value.parameters) && value.parameters.every(isParameter);
}

function isSpec(value: unknown): value is PaintableSnapshotSpec {
  if (!isObject(value) || !isText(value.id) || !SPEC_ID_PATTERN.test(value.id)) return false;
  const id = value.id;
  return (
    isOptional(value.record, (r) => isRecord(r, id)) &&
    isOptional(value.fetchedAt, isTime) &&
    isOptional(value.problem, (p) => isObject(p) && PROBLEMS.includes(String(p.code)) && isText(p.message)) &&
    isOptional(value.withdrawn, (w) => typeof w === 'boolean')
  );
}

/** The snapshot when its shape is one the macro can paint; undefined otherwise. */
export function paintableSnapshot(value: unknown): PaintableSnapshot | undefined {
  if (!isObject(value) || value.schemaVersion !== 1) return undefined;
  if (!isText(value.layout) || !LAYOUTS.includes(value.layout)) return undefined;
  if (!Array.isArray(value.columns) || !value.columns.every((c) => isText(c) && COLUMNS.includes(c))) return undefined;
  if (!Array.isArray(value.specs) || !value.specs.every(isSpec)) return undefined;
  if (!isTime(value.writtenAt) || !isText(value.contentHash) || typeof value.truncated !== 'boolean') return undefined;
  if (!isOptional(value.pinnedRevision, isText)) return undefined;
  if (!isOptional(value.parameterColumns, (names) => Array.isArray(names) && names.every(isText))) return undefined;
  if (!isOptional(value.ttlSeconds, (v) => typeof v === 'number' && Number.isInteger(v) && v > 0)) return undefined;
  return value as unknown as PaintableSnapshot;
}

/** The content property a macro's snapshot is stored under (the backend writes it; the macro reads it). */
export function snapshotPropertyKey(localId: string): string {
  return `spec-bridge.snapshot.${localId}`;
}
