/**
 * The where-used query trigger's requests and answers (docs/where-used-queries.md): what the engineering system may
 * ask, how a page of answers is cut (cursor, limit), and how one macro's verified snapshot becomes what it is told.
 * Pure: the handler verifies the signature, the pipeline reads the index and the snapshots.
 */
import { z } from 'zod';
import { SPEC_ID_PATTERN } from '../shared/spec-record';
import type { ContentType } from './ports';
import type { MacroSnapshot, SnapshotSpec } from './snapshot';

export const DEFAULT_QUERY_LIMIT = 20;
export const MAX_QUERY_LIMIT = 50;
/** Largest query body accepted: a query is a few fields. */
export const MAX_QUERY_BYTES = 4 * 1024;
/**
 * Most Confluence reads one query answer may spend (one content-property read per macro, 1 REST point each; a ref
 * stored without its content type may cost a second). A page of answers stops early, with a cursor, to stay under it.
 */
export const MAX_CONFLUENCE_READS_PER_QUERY = 100;
/** Freshness assumed for a snapshot written before snapshots carried their TTL (the default without push). */
export const DEFAULT_SNAPSHOT_TTL_SECONDS = 600;

const PAGE_ID = /^[0-9]{1,20}$/;
const LOCAL_ID = /^[A-Za-z0-9_-]{1,128}$/;

const Limit = z.number().int().min(1).max(MAX_QUERY_LIMIT);

const PagesShowingSpec = z.strictObject({
  query: z.literal('pagesShowingSpec'),
  specId: z.string().regex(SPEC_ID_PATTERN, { error: 'must be a spec id such as SHAFT-1042' }),
  cursor: z.string().max(200).optional(),
  limit: Limit.optional(),
});

const MacroOnPage = z.strictObject({
  query: z.literal('macroOnPage'),
  pageId: z.string().regex(PAGE_ID, { error: 'must be a Confluence content id (digits)' }),
  localId: z.string().regex(LOCAL_ID, { error: "must be a macro's localId" }).optional(),
});

const Query = z.discriminatedUnion('query', [PagesShowingSpec, MacroOnPage], { error: 'query must be "pagesShowingSpec" or "macroOnPage"' });

export type WhereUsedQuery = { query: 'pagesShowingSpec'; specId: string; cursor?: string; limit: number } | z.infer<typeof MacroOnPage>;

export type QueryParse = { ok: true; value: WhereUsedQuery } | { ok: false; message: string };

/** Parses a query body; the message names the field, never echoes the sender's values. */
export function parseWhereUsedQuery(rawBody: string): QueryParse {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, message: 'The body is not JSON.' };
  }
  const parsed = Query.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, message: `${at}${issue?.message ?? 'not a query'}` };
  }
  const value = parsed.data;
  if (value.query === 'macroOnPage') return { ok: true, value };
  if (value.cursor !== undefined && decodeCursor(value.cursor) === undefined) return { ok: false, message: 'cursor: not a cursor this trigger gave' };
  return { ok: true, value: { ...value, limit: value.limit ?? DEFAULT_QUERY_LIMIT } };
}

/** A cursor names the last page id answered; pages are answered in ascending id order. Opaque to the caller. */
export function encodeCursor(lastPageId: string): string {
  return Buffer.from(JSON.stringify({ after: lastPageId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = typeof value === 'object' && value !== null ? (value as { after?: unknown }).after : undefined;
    return typeof after === 'string' && PAGE_ID.test(after) ? after : undefined;
  } catch {
    return undefined;
  }
}

/** Orders page ids numerically (Confluence ids are digits), so a cursor resumes exactly after its page. */
export function comparePageIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}

/**
 * What one macro's snapshot property turned out to be, read as the app: `verified` (signed by this app for this macro
 * and site), `untrusted` (present but unsigned, forged, for another macro, or malformed), `missing` (no property yet).
 * `unreadable`: Confluence answered 404 — the content is gone, or the app may not read it.
 */
export type SnapshotReadingForQuery =
  | { kind: 'verified'; snapshot: MacroSnapshot; contentType?: ContentType }
  | { kind: 'untrusted'; contentType?: ContentType }
  | { kind: 'missing'; contentType?: ContentType }
  | { kind: 'unreadable' };

export type SnapshotTrustLabel = 'verified' | 'untrusted' | 'missing' | 'not_read';

/** One macro in a "which pages show spec X" answer. */
export interface MacroShowingSpec {
  localId: string;
  /** The revision the macro's verified snapshot shows; null when there is no verified snapshot (never from unverified data). */
  revision: string | null;
  /** The author pinned a revision (from the page index, else from the verified snapshot's pin). */
  pinned: boolean;
  /** The pinned revision, when pinned. */
  pinnedRevision?: string;
  /** When the shown record was fetched from the engineering system (ISO); null without a verified snapshot. */
  snapshotAt: string | null;
  /** The shown record is within the macro's freshness window now. */
  fresh: boolean;
  snapshot: SnapshotTrustLabel;
}

/** One spec as a macro shows it now (the "what does the macro on page P show" answer). */
export interface ShownSpec {
  specId: string;
  revision: string | null;
  status: string | null;
  pinned: boolean;
  pinnedRevision?: string;
  fetchedAt: string | null;
  fresh: boolean;
  withdrawn: boolean;
  /** Why the macro shows no record for it (a problem code such as not_found), when it shows none. */
  problem?: string;
}

/** How one spec appears in a verified snapshot, with freshness measured at `nowMs`. */
export function specInSnapshot(snapshot: MacroSnapshot, specId: string, nowMs: number): { spec: SnapshotSpec; pinnedRevision?: string; fresh: boolean } | undefined {
  const index = snapshot.specs.findIndex((spec) => spec.id === specId);
  const spec = snapshot.specs[index];
  if (!spec) return undefined;
  // Snapshots written before per-spec pins carry the first spec's pin on the envelope.
  const pinnedRevision = spec.pinned?.revision ?? (index === 0 ? snapshot.pinnedRevision : undefined);
  return { spec, ...(pinnedRevision ? { pinnedRevision } : {}), fresh: isFresh(spec.fetchedAt, snapshot.ttlSeconds, nowMs) };
}

/** Every spec a verified snapshot shows, as the engineering system is told. */
export function shownSpecs(snapshot: MacroSnapshot, nowMs: number): ShownSpec[] {
  return snapshot.specs.map((spec) => {
    const found = specInSnapshot(snapshot, spec.id, nowMs);
    return {
      specId: spec.id,
      revision: spec.record?.revision ?? null,
      status: spec.record?.status ?? null,
      pinned: found?.pinnedRevision !== undefined,
      ...(found?.pinnedRevision ? { pinnedRevision: found.pinnedRevision } : {}),
      fetchedAt: spec.fetchedAt ?? null,
      fresh: found?.fresh ?? false,
      withdrawn: spec.withdrawn === true,
      ...(spec.problem ? { problem: spec.problem.code } : {}),
    };
  });
}

function isFresh(fetchedAt: string | undefined, ttlSeconds: number | undefined, nowMs: number): boolean {
  if (!fetchedAt) return false;
  const at = Date.parse(fetchedAt);
  return Number.isFinite(at) && nowMs - at < (ttlSeconds ?? DEFAULT_SNAPSHOT_TTL_SECONDS) * 1000;
}

/** A link to the content on its site (the form documentation notices use), or null when the site URL is unknown. */
export function contentUrl(siteUrl: string | undefined, pageId: string): string | null {
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}` : null;
}
