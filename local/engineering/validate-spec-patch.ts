/**
 * Validation of edits to the sample engineering system (PATCH /specs/{id} and admin.updateSpec)
 * and of its seed data. Every refusal names the offending field, e.g. `parameters[2].tolerance.max`.
 */
import {
  LIFECYCLE_STATUSES,
  SPEC_ID_PATTERN,
  type LifecycleStatus,
  type SpecParameter,
  type SpecRecord,
  type Tolerance,
} from '../../src/shared/spec-record';

/** The fields an edit may change; everything else is owned by the system (id, url, updatedAt). */
export interface SpecPatch {
  title?: string;
  revision?: string;
  status?: LifecycleStatus;
  owner?: string;
  parameters?: SpecParameter[];
}

/** Why an edit was refused: the field (JSON-path-like) and a human message that names it. */
export interface FieldError {
  field: string;
  message: string;
}

/** A validated value or the first field error found. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/** Revisions look like `A`, `B`, `AA`, `01`, `2.1`. */
export const REVISION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/;

/** Most parameters one record may hold. */
export const MAX_PARAMETERS = 100;

const PATCH_FIELDS = ['title', 'revision', 'status', 'owner', 'parameters'] as const;
const RECORD_FIELDS = ['id', 'updatedAt', 'url', ...PATCH_FIELDS] as const;

class FieldProblem extends Error {
  override name = 'FieldProblem';
  constructor(readonly field: string, detail: string) {
    super(`Field '${field}' ${detail}`);
  }
}

/** Checks a PATCH body: a JSON object holding only known fields with valid values. */
export function validateSpecPatch(input: unknown): Checked<SpecPatch> {
  return attempt(() => {
    const body = object(input, 'body');
    rejectUnknown(body, PATCH_FIELDS, '');
    const patch: SpecPatch = {};
    if (body.title !== undefined) patch.title = text(body.title, 'title', 200);
    if (body.revision !== undefined) patch.revision = revision(body.revision, 'revision');
    if (body.status !== undefined) patch.status = status(body.status, 'status');
    if (body.owner !== undefined) patch.owner = text(body.owner, 'owner', 100);
    if (body.parameters !== undefined) patch.parameters = parameters(body.parameters);
    return patch;
  });
}

/** Checks a whole SpecRecord (seed data); returns it with keys in canonical order. */
export function validateSpecRecord(input: unknown): Checked<SpecRecord> {
  return attempt(() => {
    const body = object(input, 'record');
    rejectUnknown(body, RECORD_FIELDS, '');
    if (typeof body.id !== 'string' || !SPEC_ID_PATTERN.test(body.id)) {
      throw new FieldProblem('id', `must match ${SPEC_ID_PATTERN.source}`);
    }
    if (typeof body.updatedAt !== 'string' || Number.isNaN(Date.parse(body.updatedAt))) {
      throw new FieldProblem('updatedAt', 'must be an ISO 8601 date-time');
    }
    if (typeof body.url !== 'string' || !/^https?:\/\/\S+$/.test(body.url)) {
      throw new FieldProblem('url', 'must be an http(s) URL');
    }
    return {
      id: body.id,
      title: text(body.title, 'title', 200),
      revision: revision(body.revision, 'revision'),
      status: status(body.status, 'status'),
      owner: text(body.owner, 'owner', 100),
      updatedAt: body.updatedAt,
      url: body.url,
      parameters: parameters(body.parameters),
    };
  });
}

function attempt<T>(build: () => T): Checked<T> {
  try {
    return { ok: true, value: build() };
  } catch (error) {
    if (!(error instanceof FieldProblem)) throw error;
    return { ok: false, error: { field: error.field, message: error.message } };
  }
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldProblem(field, 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function rejectUnknown(value: Record<string, unknown>, known: readonly string[], prefix: string): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new FieldProblem(`${prefix}${unknown}`, `is not a known field (allowed: ${known.join(', ')})`);
}

function text(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw new FieldProblem(field, 'must be a string');
  if (value.trim() === '') throw new FieldProblem(field, 'must not be empty');
  if (value.length > maxLength) throw new FieldProblem(field, `must be at most ${maxLength} characters`);
  return value;
}

function revision(value: unknown, field: string): string {
  if (typeof value !== 'string' || !REVISION_PATTERN.test(value)) {
    throw new FieldProblem(field, `must be a revision like "A", "B" or "01" (${REVISION_PATTERN.source})`);
  }
  return value;
}

function status(value: unknown, field: string): LifecycleStatus {
  if (!LIFECYCLE_STATUSES.includes(value as LifecycleStatus)) {
    throw new FieldProblem(field, `must be one of ${LIFECYCLE_STATUSES.join(', ')}`);
  }
  return value as LifecycleStatus;
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldProblem(field, 'must be a finite number');
  return value;
}

function magnitude(value: unknown, field: string): number {
  const number = finite(value, field);
  if (number < 0) throw new FieldProblem(field, 'must be a magnitude (>= 0)');
  return number;
}

function parameters(value: unknown): SpecParameter[] {
  if (!Array.isArray(value)) throw new FieldProblem('parameters', 'must be an array');
  if (value.length > MAX_PARAMETERS) throw new FieldProblem('parameters', `must hold at most ${MAX_PARAMETERS} items`);
  const seen = new Set<string>();
  return value.map((item, index) => {
    const parameter = specParameter(item, `parameters[${index}]`);
    if (seen.has(parameter.name)) throw new FieldProblem(`parameters[${index}].name`, `repeats "${parameter.name}"`);
    seen.add(parameter.name);
    return parameter;
  });
}

function specParameter(value: unknown, path: string): SpecParameter {
  const body = object(value, path);
  rejectUnknown(body, ['name', 'nominal', 'unit', 'tolerance', 'actual'], `${path}.`);
  const name = text(body.name, `${path}.name`, 100);
  if (body.nominal === undefined) throw new FieldProblem(`${path}.nominal`, 'is required (a number or null)');
  const nominal = body.nominal === null ? null : finite(body.nominal, `${path}.nominal`);
  if (typeof body.unit !== 'string') throw new FieldProblem(`${path}.unit`, "must be a string ('' when dimensionless)");
  if (body.unit.length > 20) throw new FieldProblem(`${path}.unit`, 'must be at most 20 characters');
  const result: SpecParameter = { name, nominal, unit: body.unit };
  if (body.tolerance !== undefined) {
    result.tolerance = tolerance(body.tolerance, `${path}.tolerance`);
    if (result.tolerance.type !== 'limits' && nominal === null) {
      throw new FieldProblem(`${path}.nominal`, `must be a number with a ${result.tolerance.type} tolerance`);
    }
  }
  if (body.actual !== undefined) result.actual = finite(body.actual, `${path}.actual`);
  return result;
}

function tolerance(value: unknown, path: string): Tolerance {
  const body = object(value, path);
  switch (body.type) {
    case 'symmetric':
      rejectUnknown(body, ['type', 'value'], `${path}.`);
      return { type: 'symmetric', value: magnitude(body.value, `${path}.value`) };
    case 'deviation':
      rejectUnknown(body, ['type', 'upper', 'lower'], `${path}.`);
      return { type: 'deviation', upper: magnitude(body.upper, `${path}.upper`), lower: magnitude(body.lower, `${path}.lower`) };
    case 'limits': {
      rejectUnknown(body, ['type', 'min', 'max'], `${path}.`);
      // One side may be left out: only max is "≤ max" (runout), only min is "≥ min" (breaking force).
      if (body.min === undefined && body.max === undefined) throw new FieldProblem(`${path}.max`, 'or min is required');
      const min = body.min === undefined ? undefined : finite(body.min, `${path}.min`);
      const max = body.max === undefined ? undefined : finite(body.max, `${path}.max`);
      if (min !== undefined && max !== undefined && max < min) throw new FieldProblem(`${path}.max`, 'must be >= min');
      return { type: 'limits', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
    }
    default:
      throw new FieldProblem(`${path}.type`, 'must be one of symmetric, deviation, limits');
  }
}
