/**
 * Cursor pagination as Confluence v2 does it: `limit` 1–250 (default 25), an opaque `cursor`,
 * and the next page's relative URL in both `_links.next` and the `Link` header.
 */

export const DEFAULT_LIMIT = 25;
/** Largest `limit` the v2 list endpoints accept. */
export const MAX_LIMIT = 250;

/** A parsed query parameter, or why it is invalid. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses the `limit` query parameter (absent = default). */
export function parseLimit(raw: string | null): Parsed<number> {
  if (raw === null) return { ok: true, value: DEFAULT_LIMIT };
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < 1 || value > MAX_LIMIT) {
    return { ok: false, message: `limit must be an integer between 1 and ${MAX_LIMIT}; got '${raw}'` };
  }
  return { ok: true, value };
}

/** An opaque cursor naming where the next page starts and the order it belongs to. */
export function encodeCursor(order: string, after: string): string {
  return Buffer.from(JSON.stringify({ order, after }), 'utf8').toString('base64url');
}

/** Decodes a cursor; it is only valid for the order it was issued for. */
export function decodeCursor(raw: string | null, order: string): Parsed<string | undefined> {
  if (raw === null) return { ok: true, value: undefined };
  try {
    const decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { order?: unknown; after?: unknown };
    if (decoded.order === order && typeof decoded.after === 'string') return { ok: true, value: decoded.after };
  } catch {
    // fall through: a cursor that is not ours is a bad request, as in Confluence
  }
  return { ok: false, message: `Invalid cursor '${raw}' for this request` };
}

/** The relative URL of the next page: the same query with the new cursor. */
export function nextPageUrl(url: URL, cursor: string): string {
  const query = new URLSearchParams(url.searchParams);
  query.set('cursor', cursor);
  return `${url.pathname}?${query.toString()}`;
}

/** `Link: <next>; rel="next", <base>; rel="base"` as documented for v2 list endpoints. */
export function linkHeader(next: string, baseUrl: string): string {
  return `<${next}>; rel="next", <${baseUrl}>; rel="base"`;
}
