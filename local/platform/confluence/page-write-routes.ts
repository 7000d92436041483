import { jsonResponse } from '../service';
import { confluenceError } from './confluence-error';
import { deletePageRow, insertPage, nextContentId, selectPage, selectSpace, updatePageContent, updatePageStatus } from './confluence-store';
import { createOpenApiValidator, type OpenApiValidator } from './openapi-validator';
import { pageAccess } from './page-access';
import { pageJson } from './rest-json';
import type { Route, RouteContext } from './route';
import type { AdfDocument, ConfluencePage } from './types';

/**
 * The v2 page writes: POST /pages, PUT /pages/{id}, DELETE /pages/{id}. Request bodies are checked against the
 * official OpenAPI text (the extract beside this file); each write reports its content change (product events).
 */
export const pageWriteRoutes: Route[] = [
  { method: 'POST', template: '/pages', handler: createPage },
  { method: 'PUT', template: '/pages/{id}', handler: updatePage },
  { method: 'DELETE', template: '/pages/{id}', handler: deletePage },
];

const NUMERIC_ID = /^\d{1,18}$/;

let validator: OpenApiValidator | undefined;
const openApi = () => (validator ??= createOpenApiValidator());

type WriteBody = { representation?: string; value?: string } | Record<string, { representation?: string; value?: string } | undefined>;

function createPage(context: RouteContext): Response {
  const request = parseRequest(context, '/pages', 'post');
  if (!request.ok) return request.response;
  const input = request.value as { spaceId: string; status?: string; title?: string; parentId?: string; body?: WriteBody };
  if (input.status === 'draft') return confluenceError(400, 'Drafts are not emulated by the local site');
  if (!input.title?.trim()) return confluenceError(400, 'A published page needs a title');
  const space = NUMERIC_ID.test(input.spaceId) ? selectSpace(context.db, input.spaceId) : undefined;
  // Missing space and no permission answer alike, as documented for 404.
  if (!space) return confluenceError(404, `Cannot find a space with id [${input.spaceId}]`);
  const parentId = input.parentId ?? space.homepageId;
  const parent = selectPage(context.db, parentId);
  if (!parent || parent.type !== 'page' || parent.spaceId !== space.id || pageAccess(parent, context.principal) === 'none') {
    return confluenceError(404, `Cannot find a parent page with id [${parentId}] in space ${space.key}`);
  }
  const body = adfBody(input.body);
  if (!body.ok) return body.response;
  const createdAt = new Date(context.clock.now()).toISOString();
  const page: ConfluencePage = {
    id: String(nextContentId(context.db)),
    type: 'page',
    status: 'current',
    spaceId: space.id,
    parentId,
    title: input.title,
    authorId: context.actorId,
    createdAt,
    body: body.value ?? JSON.stringify({ type: 'doc', version: 1, content: [] }),
    version: { number: 1, createdAt, message: '', minorEdit: false, authorId: context.actorId },
    restrictions: { view: [], edit: [] },
  };
  insertPage(context.db, page);
  return answer(context, 'created', page.id);
}

function updatePage(context: RouteContext): Response {
  const id = context.params.id ?? '';
  if (!NUMERIC_ID.test(id)) return confluenceError(400, `Invalid page id '${id}'`);
  const request = parseRequest(context, '/pages/{id}', 'put');
  if (!request.ok) return request.response;
  const input = request.value as { id: string; status: string; title: string; body: WriteBody; version?: { number?: number; message?: string } };
  if (input.id !== id) return confluenceError(400, `The body's id ${input.id} is not the page id ${id} of the path`);
  if (input.status === 'draft') return confluenceError(400, 'Drafts are not emulated by the local site');
  const page = selectPage(context.db, id);
  if (!page || page.type !== 'page' || pageAccess(page, context.principal) === 'none') return confluenceError(404, `Cannot find a page with id [${id}]`);
  if (pageAccess(page, context.principal) !== 'edit') return confluenceError(404, `You may not edit page [${id}]`);
  // The PUT description: restoring a trashed page to current changes its status only, not its contents.
  if (page.status === 'trashed') {
    updatePageStatus(context.db, id, 'current');
    return answer(context, 'restored', id);
  }
  const expected = page.version.number + 1;
  // Confluence answers a version that is not current + 1 with 409 (the OpenAPI text lists no 409 for this operation).
  if (input.version?.number !== expected) {
    return confluenceError(409, 'Version conflict', `Version must be incremented when updating a page. Current Version is: ${page.version.number}`);
  }
  const body = adfBody(input.body);
  if (!body.ok) return body.response;
  updatePageContent(context.db, id, input.title, body.value ?? page.body, {
    number: expected,
    createdAt: new Date(context.clock.now()).toISOString(),
    message: input.version.message ?? '',
    minorEdit: false,
    authorId: context.actorId,
  });
  return answer(context, 'updated', id);
}

function deletePage(context: RouteContext): Response {
  const id = context.params.id ?? '';
  if (!NUMERIC_ID.test(id)) return confluenceError(400, `Invalid page id '${id}'`);
  const page = selectPage(context.db, id);
  if (!page || page.type !== 'page' || pageAccess(page, context.principal) !== 'edit') return confluenceError(404, `Cannot find a page with id [${id}]`);
  const purge = context.url.searchParams.get('purge') === 'true';
  if (purge) {
    // Purging needs a trashed page (and space admin rights, which the local site does not model).
    if (page.status !== 'trashed') return confluenceError(400, `Page ${id} is not in the trash; only trashed pages can be purged`);
    deletePageRow(context.db, id);
    context.emit({ kind: 'deleted', page, actorId: context.actorId });
    return new Response(null, { status: 204 });
  }
  if (page.status === 'trashed') return confluenceError(404, `Cannot find a page with id [${id}]`);
  updatePageStatus(context.db, id, 'trashed');
  const trashed = selectPage(context.db, id);
  if (trashed) context.emit({ kind: 'trashed', page: trashed, actorId: context.actorId });
  return new Response(null, { status: 204 });
}

function parseRequest(context: RouteContext, path: string, method: string): { ok: true; value: unknown } | { ok: false; response: Response } {
  let value: unknown;
  try {
    value = JSON.parse(context.body);
  } catch {
    return { ok: false, response: confluenceError(400, 'The request body is not JSON') };
  }
  const problems = openApi().requestErrors(path, method, value);
  if (problems.length > 0) return { ok: false, response: confluenceError(400, 'Invalid request', problems.join('; ')) };
  return { ok: true, value };
}

/**
 * The ADF text of a write body: `{ representation: 'atlas_doc_format', value }` or `{ atlas_doc_format: { value } }`.
 * The local site stores ADF only, so storage and wiki bodies are refused rather than converted.
 */
function adfBody(body: WriteBody | undefined): { ok: true; value: string | undefined } | { ok: false; response: Response } {
  if (body === undefined) return { ok: true, value: undefined };
  const flat = body as { representation?: string; value?: string };
  const nested = (body as Record<string, { representation?: string; value?: string } | undefined>).atlas_doc_format;
  const representation = flat.representation ?? (nested ? 'atlas_doc_format' : Object.keys(body)[0]);
  const value = flat.representation ? flat.value : nested?.value;
  if (representation !== 'atlas_doc_format') {
    return { ok: false, response: confluenceError(400, `The local site accepts atlas_doc_format bodies only, not ${representation ?? 'an empty body'}`) };
  }
  if (typeof value !== 'string') return { ok: false, response: confluenceError(400, 'body.value must be the ADF document as a JSON string') };
  let doc: Partial<AdfDocument> | null;
  try {
    doc = JSON.parse(value) as Partial<AdfDocument> | null;
  } catch {
    return { ok: false, response: confluenceError(400, 'body.value is not valid ADF JSON') };
  }
  if (doc?.type !== 'doc' || !Array.isArray(doc.content)) return { ok: false, response: confluenceError(400, 'body.value must be an ADF document') };
  return { ok: true, value: JSON.stringify(doc) };
}

function answer(context: RouteContext, kind: 'created' | 'updated' | 'restored', id: string): Response {
  const page = selectPage(context.db, id);
  if (!page) return confluenceError(500, `Page ${id} vanished`);
  context.emit({ kind, page, actorId: context.actorId });
  const json = pageJson(page, selectSpace(context.db, page.spaceId), { bodyFormat: 'atlas_doc_format' });
  return jsonResponse(200, { ...json, _links: { ...(json._links as object), base: context.baseUrl } });
}
