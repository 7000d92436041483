import { jsonResponse } from '../service';
import { confluenceError } from './confluence-error';
import { nextContentId, selectPage } from './confluence-store';
import { type PageAccess, pageAccess } from './page-access';
import { decodeCursor, encodeCursor, linkHeader, nextPageUrl, parseLimit } from './pagination';
import { parseJsonBody, type PropertyWrite, validatePropertyWrite } from './property-write';
import {
  deleteProperty,
  insertProperty,
  type PropertySort,
  selectProperties,
  selectProperty,
  selectPropertyByKey,
  updateProperty,
} from './property-store';
import { propertyJson } from './rest-json';
import type { Route, RouteContext } from './route';
import type { ConfluencePage, ContentKind, StoredProperty } from './types';

const NUMERIC_ID = /^\d{1,18}$/;

/** The five content-property operations, on pages and on blog posts (same shapes, own paths). */
export const propertyRoutes: Route[] = [
  { method: 'GET', template: '/pages/{page-id}/properties', handler: listProperties },
  { method: 'POST', template: '/pages/{page-id}/properties', handler: createProperty },
  { method: 'GET', template: '/pages/{page-id}/properties/{property-id}', handler: getProperty },
  { method: 'PUT', template: '/pages/{page-id}/properties/{property-id}', handler: updatePropertyRoute },
  { method: 'DELETE', template: '/pages/{page-id}/properties/{property-id}', handler: deletePropertyRoute },
  { method: 'GET', template: '/blogposts/{blogpost-id}/properties', handler: listProperties },
  { method: 'POST', template: '/blogposts/{blogpost-id}/properties', handler: createProperty },
  { method: 'GET', template: '/blogposts/{blogpost-id}/properties/{property-id}', handler: getProperty },
  { method: 'PUT', template: '/blogposts/{blogpost-id}/properties/{property-id}', handler: updatePropertyRoute },
  { method: 'DELETE', template: '/blogposts/{blogpost-id}/properties/{property-id}', handler: deletePropertyRoute },
];

const NOUN: Record<ContentKind, string> = { page: 'page', blogpost: 'blog post' };

function listProperties(context: RouteContext): Response {
  const page = loadPage(context, 'view');
  if (page instanceof Response) return page;
  const query = context.url.searchParams;
  const sort = query.get('sort');
  if (sort !== null && sort !== 'key' && sort !== '-key') {
    return confluenceError(400, `Invalid sort '${sort}'; expected key or -key`);
  }
  const order: PropertySort = sort ?? undefined;
  const limit = parseLimit(query.get('limit'));
  if (!limit.ok) return confluenceError(400, limit.message);
  const cursor = decodeCursor(query.get('cursor'), order ?? 'id');
  if (!cursor.ok) return confluenceError(400, cursor.message);

  const rows = selectProperties(context.db, page.id, {
    ...(query.get('key') === null ? {} : { key: query.get('key') ?? '' }),
    sort: order,
    ...(cursor.value === undefined ? {} : { after: cursor.value }),
    limit: limit.value + 1,
  });
  const shown = rows.slice(0, limit.value);
  const last = shown.at(-1);
  if (rows.length <= limit.value || last === undefined) {
    return jsonResponse(200, { results: shown.map(propertyJson), _links: { base: context.baseUrl } });
  }
  const next = nextPageUrl(context.url, encodeCursor(order ?? 'id', order === undefined ? last.id : last.key));
  return jsonResponse(
    200,
    { results: shown.map(propertyJson), _links: { next, base: context.baseUrl } },
    { link: linkHeader(next, context.baseUrl) },
  );
}

function createProperty(context: RouteContext): Response {
  const parsed = parseJsonBody(context.body);
  if (parsed instanceof Response) return parsed;
  const page = loadPage(context, 'edit');
  if (page instanceof Response) return page;
  const write = validatePropertyWrite(parsed.json, 'create');
  if (write instanceof Response) return write;
  if (selectPropertyByKey(context.db, page.id, write.key)) {
    return confluenceError(400, `A content property with key '${write.key}' already exists on ${NOUN[page.type]} [${page.id}]`);
  }
  const property: StoredProperty = {
    id: String(nextContentId(context.db)),
    pageId: page.id,
    key: write.key,
    valueJson: write.valueJson,
    version: versionOf(context, 1, write),
  };
  insertProperty(context.db, property);
  return jsonResponse(200, propertyJson(property));
}

function getProperty(context: RouteContext): Response {
  const found = loadProperty(context, 'view');
  return found instanceof Response ? found : jsonResponse(200, propertyJson(found.property));
}

function updatePropertyRoute(context: RouteContext): Response {
  const parsed = parseJsonBody(context.body);
  if (parsed instanceof Response) return parsed;
  const found = loadProperty(context, 'edit');
  if (found instanceof Response) return found;
  const write = validatePropertyWrite(parsed.json, 'update');
  if (write instanceof Response) return write;
  const { page, property } = found;
  const current = property.version.number;
  if (write.versionNumber !== current + 1) {
    return versionConflict(context, current, write.versionNumber);
  }
  const sameKey = selectPropertyByKey(context.db, page.id, write.key);
  if (sameKey && sameKey.id !== property.id) {
    return confluenceError(400, `A content property with key '${write.key}' already exists on ${NOUN[page.type]} [${page.id}]`);
  }
  const updated: StoredProperty = { ...property, key: write.key, valueJson: write.valueJson, version: versionOf(context, current + 1, write) };
  if (!updateProperty(context.db, property.id, updated, current)) return versionConflict(context, current, write.versionNumber);
  return jsonResponse(200, propertyJson(updated));
}

function deletePropertyRoute(context: RouteContext): Response {
  const found = loadProperty(context, 'edit');
  if (found instanceof Response) return found;
  deleteProperty(context.db, found.property.id);
  return jsonResponse(204, null);
}

/**
 * The page named by `page-id` (or blog post named by `blogpost-id`), or the error the caller gets: 404 without view
 * access or for the other content type's id, 403 without edit access.
 */
function loadPage(context: RouteContext, needs: Exclude<PageAccess, 'none'>): ConfluencePage | Response {
  const type: ContentKind = context.params['blogpost-id'] === undefined ? 'page' : 'blogpost';
  const noun = NOUN[type];
  const id = context.params['page-id'] ?? context.params['blogpost-id'] ?? '';
  if (!NUMERIC_ID.test(id)) return confluenceError(400, `Invalid ${noun} id '${id}'`);
  const page = selectPage(context.db, id);
  const access = page?.type === type ? pageAccess(page, context.principal) : 'none';
  if (!page || access === 'none') return confluenceError(404, `Cannot find a ${noun} with id [${id}]`);
  if (needs === 'edit' && access !== 'edit') {
    return confluenceError(403, `Not permitted to edit ${noun} [${id}]`, `The ${noun} restrictions do not let you edit this ${noun}.`);
  }
  return page;
}

function loadProperty(
  context: RouteContext,
  needs: Exclude<PageAccess, 'none'>,
): { page: ConfluencePage; property: StoredProperty } | Response {
  const propertyId = context.params['property-id'] ?? '';
  if (!NUMERIC_ID.test(propertyId)) return confluenceError(400, `Invalid property id '${propertyId}'`);
  const page = loadPage(context, needs);
  if (page instanceof Response) return page;
  const property = selectProperty(context.db, page.id, propertyId);
  if (!property) return confluenceError(404, `Cannot find a content property with id [${propertyId}] on ${NOUN[page.type]} [${page.id}]`);
  return { page, property };
}

function versionOf(context: RouteContext, number: number, write: PropertyWrite): StoredProperty['version'] {
  return {
    number,
    createdAt: new Date(context.clock.now()).toISOString(),
    message: write.message,
    minorEdit: write.minorEdit,
    authorId: context.actorId,
  };
}

/** A stale or skipped `version.number`: 409 as v1 documented, or 400 when the service is set to answer as v2 may. */
function versionConflict(context: RouteContext, current: number, provided: number | undefined): Response {
  return confluenceError(
    context.staleVersionStatus,
    `Version must be incremented when updating a content property. Current Version: [${current}]. Provided version: [${provided}]`,
  );
}
