import { jsonResponse } from '../service';
import { confluenceError } from './confluence-error';
import { selectPage, selectPages, selectSpace, selectSpaces } from './confluence-store';
import { pageAccess } from './page-access';
import { decodeCursor, encodeCursor, linkHeader, nextPageUrl, parseLimit } from './pagination';
import { selectProperties } from './property-store';
import { BODY_FORMATS, type BodyFormat, pageJson, propertyJson, spaceJson } from './rest-json';
import type { Route, RouteContext } from './route';

/** How many properties `include-properties=true` embeds, as documented for GET /pages/{id}. */
const INCLUDED_PROPERTIES_LIMIT = 50;

const NUMERIC_ID = /^\d{1,18}$/;

/** "By default, `current` and `archived` are used" (GET /pages `status`). */
const DEFAULT_STATUSES = ['current', 'archived'];

/** GET /pages/{id}, GET /pages, GET /spaces, GET /spaces/{id}. */
export const pageRoutes: Route[] = [
  { method: 'GET', template: '/pages/{id}', handler: getPage },
  { method: 'GET', template: '/pages', handler: listPages },
  { method: 'GET', template: '/spaces', handler: listSpaces },
  { method: 'GET', template: '/spaces/{id}', handler: getSpace },
];

function getPage(context: RouteContext): Response {
  const id = context.params.id ?? '';
  if (!NUMERIC_ID.test(id)) return confluenceError(400, `Invalid page id '${id}'`);
  const format = parseBodyFormat(context.url.searchParams.get('body-format'), BODY_FORMATS);
  if (!format.ok) return format.response;
  const page = selectPage(context.db, id);
  // A page the caller may not view answers exactly like a missing one; so does a blog post's id, and a page whose
  // status is not asked for (default: current and archived, as GET /pages lists).
  const wanted = context.url.searchParams.get('status')?.split(',') ?? DEFAULT_STATUSES;
  if (!page || page.type !== 'page' || pageAccess(page, context.principal) === 'none' || !wanted.includes(page.status ?? 'current')) {
    return confluenceError(404, `Cannot find a page with id [${id}]`);
  }
  const query = context.url.searchParams;
  const json = pageJson(page, selectSpace(context.db, page.spaceId), {
    bodyFormat: format.value,
    includeVersion: query.get('include-version') !== 'false',
  });
  if (query.get('include-properties') === 'true') {
    const properties = selectProperties(context.db, id, { sort: undefined, limit: INCLUDED_PROPERTIES_LIMIT + 1 });
    const shown = properties.slice(0, INCLUDED_PROPERTIES_LIMIT);
    const last = shown.at(-1);
    const hasMore = properties.length > INCLUDED_PROPERTIES_LIMIT && last !== undefined;
    json.properties = {
      results: shown.map(propertyJson),
      meta: { hasMore, ...(hasMore ? { cursor: encodeCursor('id', last.id) } : {}) },
      _links: { self: `/wiki/api/v2/pages/${id}/properties` },
    };
  }
  return jsonResponse(200, { ...json, _links: { ...(json._links as object), base: context.baseUrl } });
}

function listPages(context: RouteContext): Response {
  const query = context.url.searchParams;
  const spaceIds = query.get('space-id')?.split(',').filter(Boolean);
  if (spaceIds?.some((id) => !NUMERIC_ID.test(id))) return confluenceError(400, 'space-id must be numeric ids');
  const format = parseBodyFormat(query.get('body-format'), ['storage', 'atlas_doc_format'] as const);
  if (!format.ok) return format.response;
  const title = query.get('title');
  const statuses = query.get('status')?.split(',') ?? DEFAULT_STATUSES;
  // `id`: the OpenAPI's array of page ids (at most 250), repeated (`id=1&id=2`) or comma-separated.
  const ids = query.has('id') ? query.getAll('id').flatMap((value) => value.split(',')).filter(Boolean) : undefined;
  if (ids?.some((id) => !NUMERIC_ID.test(id))) return confluenceError(400, 'id must be numeric ids');
  if (ids && ids.length > 250) return confluenceError(400, 'id takes at most 250 ids');
  const visible = selectPages(context.db, spaceIds).filter(
    (page) =>
      pageAccess(page, context.principal) !== 'none' &&
      (ids === undefined || ids.includes(page.id)) &&
      (title === null || page.title === title) &&
      statuses.includes(page.status ?? 'current'),
  );
  return paginate(context, visible, (page) =>
    pageJson(page, selectSpace(context.db, page.spaceId), { bodyFormat: format.value }),
  );
}

function listSpaces(context: RouteContext): Response {
  const query = context.url.searchParams;
  const ids = query.get('ids')?.split(',');
  const keys = query.get('keys')?.split(',');
  const spaces = selectSpaces(context.db).filter(
    (space) => (ids === undefined || ids.includes(space.id)) && (keys === undefined || keys.includes(space.key)),
  );
  return paginate(context, spaces, spaceJson);
}

function getSpace(context: RouteContext): Response {
  const id = context.params.id ?? '';
  if (!NUMERIC_ID.test(id)) return confluenceError(400, `Invalid space id '${id}'`);
  const space = selectSpace(context.db, id);
  if (!space) return confluenceError(404, `Cannot find a space with id [${id}]`);
  return jsonResponse(200, spaceJson(space));
}

/** Cursor pagination over an id-ordered list that is small enough to filter in memory. */
function paginate<T extends { id: string }>(
  context: RouteContext,
  items: T[],
  toJson: (item: T) => Record<string, unknown>,
): Response {
  const query = context.url.searchParams;
  const limit = parseLimit(query.get('limit'));
  if (!limit.ok) return confluenceError(400, limit.message);
  const cursor = decodeCursor(query.get('cursor'), 'id');
  if (!cursor.ok) return confluenceError(400, cursor.message);
  const after = cursor.value;
  const rest = after === undefined ? items : items.filter((item) => Number(item.id) > Number(after));
  const shown = rest.slice(0, limit.value);
  const last = shown.at(-1);
  if (rest.length <= limit.value || last === undefined) {
    return jsonResponse(200, { results: shown.map(toJson), _links: { base: context.baseUrl } });
  }
  const next = nextPageUrl(context.url, encodeCursor('id', last.id));
  return jsonResponse(
    200,
    { results: shown.map(toJson), _links: { next, base: context.baseUrl } },
    { link: linkHeader(next, context.baseUrl) },
  );
}

export function parseBodyFormat<F extends BodyFormat>(
  raw: string | null,
  allowed: readonly F[],
): { ok: true; value: F | undefined } | { ok: false; response: Response } {
  if (raw === null) return { ok: true, value: undefined };
  if ((allowed as readonly string[]).includes(raw)) return { ok: true, value: raw as F };
  return { ok: false, response: confluenceError(400, `Invalid body-format '${raw}'; expected one of ${allowed.join(', ')}`) };
}
