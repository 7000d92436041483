/**
 * The strict check of a documentation notice (documentation-notice.ts): what the engineering system's receiver
 * applies and what the app may check its own notices with before signing them. Plain TypeScript, not zod, because
 * src/shared is bundled into the browser too. Unknown fields are refused: the contract is closed
 * (docs/engineering-api.openapi.yaml `DocumentationNotice`, `additionalProperties: false`), so a new field comes
 * with a new `type`.
 */
import { DOCUMENTATION_NOTICE_TYPE, type DocumentationNotice, type DocumentationPageState, type DocumentedSpec } from './documentation-notice';
import { SPEC_ID_PATTERN } from './spec-record';

/** Most specs one page state may list: 200 macros of 50 specs each. */
export const MAX_DOCUMENTED_SPECS = 10_000;
/** Confluence content ids are decimal strings. */
export const PAGE_ID_PATTERN = /^[0-9]{1,32}$/;
const CLOUD_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const PRINTABLE_TOKEN = /^[\x21-\x7e]{1,128}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_REVISION_LENGTH = 50;
const MAX_TITLE_LENGTH = 500;
const MAX_SPACE_KEY_LENGTH = 255;
const MAX_URL_LENGTH = 2048;

/** The outcome of {@link parseDocumentationNotice}: the notice, or the first bad field (`data.specs[3].revision`). */
export type DocumentationNoticeCheck = { ok: true; value: DocumentationNotice } | { ok: false; field: string; message: string };

class Invalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks an already JSON-parsed body against the contract; never throws. */
export function parseDocumentationNotice(body: unknown): DocumentationNoticeCheck {
  try {
    return { ok: true, value: notice(body) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, field: error.field, message: `${error.field}: ${error.message}` };
    throw error;
  }
}

function notice(body: unknown): DocumentationNotice {
  const value = object(body, '(body)', ['type', 'timestamp', 'data'], []);
  if (value.type !== DOCUMENTATION_NOTICE_TYPE) throw new Invalid('type', `must be "${DOCUMENTATION_NOTICE_TYPE}"`);
  return { type: DOCUMENTATION_NOTICE_TYPE, timestamp: dateTime(value.timestamp, 'timestamp'), data: pageState(value.data) };
}

function pageState(raw: unknown): DocumentationPageState {
  const value = object(raw, 'data', ['cloudId', 'pageId', 'contentType', 'url', 'version', 'status', 'sequence', 'specs'], ['title', 'spaceKey']);
  const status = oneOf(value.status, 'data.status', ['current', 'archived', 'gone'] as const);
  const specs = specList(value.specs);
  if (status === 'gone' && specs.length > 0) throw new Invalid('data.specs', 'must be empty when status is "gone"');
  const state: DocumentationPageState = {
    cloudId: matching(value.cloudId, 'data.cloudId', CLOUD_ID_PATTERN, 'a cloud id'),
    pageId: matching(value.pageId, 'data.pageId', PAGE_ID_PATTERN, 'a Confluence content id (digits)'),
    contentType: oneOf(value.contentType, 'data.contentType', ['page', 'blogpost'] as const),
    url: value.url === null ? null : link(value.url, 'data.url'),
    version: integer(value.version, 'data.version', 1),
    status,
    sequence: integer(value.sequence, 'data.sequence', 0),
    specs,
  };
  if (Object.hasOwn(value, 'title')) state.title = text(value.title, 'data.title', 0, MAX_TITLE_LENGTH);
  if (Object.hasOwn(value, 'spaceKey')) state.spaceKey = text(value.spaceKey, 'data.spaceKey', 1, MAX_SPACE_KEY_LENGTH);
  return state;
}

function specList(raw: unknown): DocumentedSpec[] {
  if (!Array.isArray(raw)) throw new Invalid('data.specs', 'must be an array');
  if (raw.length > MAX_DOCUMENTED_SPECS) throw new Invalid('data.specs', `must list at most ${MAX_DOCUMENTED_SPECS} specs`);
  const seen = new Set<string>();
  return raw.map((item: unknown, index) => {
    const at = `data.specs[${index}]`;
    const value = object(item, at, ['specId', 'macroLocalId', 'revision', 'pinned'], []);
    const spec: DocumentedSpec = {
      specId: matching(value.specId, `${at}.specId`, SPEC_ID_PATTERN, 'a spec id like SHAFT-1042'),
      macroLocalId: matching(value.macroLocalId, `${at}.macroLocalId`, PRINTABLE_TOKEN, '1-128 printable ASCII characters'),
      revision: value.revision === null ? null : text(value.revision, `${at}.revision`, 1, MAX_REVISION_LENGTH),
      pinned: boolean(value.pinned, `${at}.pinned`),
    };
    if (spec.pinned && spec.revision === null) throw new Invalid(`${at}.revision`, 'must name the pinned revision');
    const key = `${spec.macroLocalId}\u0000${spec.specId}`;
    if (seen.has(key)) throw new Invalid(at, `lists ${spec.specId} in macro ${spec.macroLocalId} twice`);
    seen.add(key);
    return spec;
  });
}

function object(raw: unknown, at: string, required: string[], optional: string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Invalid(at, 'must be an object');
  const value = raw as Record<string, unknown>;
  const missing = required.find((key) => !Object.hasOwn(value, key));
  if (missing !== undefined) throw new Invalid(path(at, missing), 'is required');
  const unknown = Object.keys(value).find((key) => !required.includes(key) && !optional.includes(key));
  if (unknown !== undefined) throw new Invalid(path(at, unknown), 'is not a field of the documentation notice');
  return value;
}

function path(at: string, key: string): string {
  return at === '(body)' ? key : `${at}.${key}`;
}

function text(raw: unknown, at: string, min: number, max: number): string {
  if (typeof raw !== 'string') throw new Invalid(at, 'must be a string');
  if (raw.length < min || raw.length > max) throw new Invalid(at, `must be ${min}-${max} characters`);
  return raw;
}

function matching(raw: unknown, at: string, pattern: RegExp, what: string): string {
  if (typeof raw !== 'string' || !pattern.test(raw)) throw new Invalid(at, `must be ${what}`);
  return raw;
}

function oneOf<T extends string>(raw: unknown, at: string, values: readonly T[]): T {
  if (!values.includes(raw as T)) throw new Invalid(at, `must be one of ${values.map((v) => `"${v}"`).join(', ')}`);
  return raw as T;
}

function integer(raw: unknown, at: string, min: number): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min) throw new Invalid(at, `must be an integer ≥ ${min}`);
  return raw;
}

function boolean(raw: unknown, at: string): boolean {
  if (typeof raw !== 'boolean') throw new Invalid(at, 'must be true or false');
  return raw;
}

function dateTime(raw: unknown, at: string): string {
  if (typeof raw !== 'string' || !ISO_DATE_TIME.test(raw) || !Number.isFinite(Date.parse(raw))) {
    throw new Invalid(at, 'must be an ISO 8601 date-time with Z or an offset');
  }
  return raw;
}

function link(raw: unknown, at: string): string {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH || !/^https?:\/\/[^\s]+$/.test(raw)) {
    throw new Invalid(at, `must be null or an http(s) URL of at most ${MAX_URL_LENGTH} characters`);
  }
  return raw;
}
