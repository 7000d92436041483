/**
 * One handler per route of the engineering API contract. Auth, faults and routing happen
 * before these run (engineering-system.ts).
 */
import { MAX_SPECS_PER_MACRO, SPEC_ID_PATTERN } from '../../src/shared/spec-record';
import type { DocumentationReceiver } from './documentation-receiver';
import type { SpecDocumentation } from './documentation-store';
import type { EngineeringRoute, RouteMatch } from './engineering-routes';
import { errorResponse, ifNoneMatchMatches, json, specEtag } from './engineering-http';
import type { SpecEditor } from './spec-editor';
import type { SpecRepository } from './spec-repository';

/** What a route handler sees of the request. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: RouteMatch['params'];
}

/** Answers one matched, authenticated request. */
export type RouteHandler = (context: RouteContext) => Promise<Response> | Response;

const MAX_QUERY_LENGTH = 100;
const MAX_SEARCH_LIMIT = 25;
const DEFAULT_SEARCH_LIMIT = 10;
const MAX_BODY_BYTES = 1024 * 1024;

/** What the documentation routes use. */
export interface DocumentationRoutes {
  receiver: DocumentationReceiver;
  /** undefined when the spec does not exist. */
  documentation(specId: string): SpecDocumentation | undefined;
}

/** Builds the handler table over the repository (reads), the editor (writes) and the documentation routes. */
export function createRouteHandlers(
  repository: SpecRepository,
  editor: SpecEditor,
  documentation: DocumentationRoutes,
): Record<EngineeringRoute, RouteHandler> {
  return {
    'GET /specs/{id}'({ request, params }) {
      const id = params.id as string;
      if (!SPEC_ID_PATTERN.test(id)) return badId(id);
      const record = repository.get(id);
      if (record === undefined) return notFound(`Spec ${id} not found.`);
      const etag = specEtag(record);
      if (ifNoneMatchMatches(request.headers.get('if-none-match'), etag)) {
        return new Response(null, { status: 304, headers: { etag } });
      }
      return json(200, record, { etag });
    },

    'GET /specs'({ url }) {
      const requested = url.searchParams
        .getAll('ids')
        .flatMap((value) => value.split(','))
        .map((id) => id.trim())
        .filter((id) => id !== '');
      const ids = [...new Set(requested)];
      if (ids.length === 0) return errorResponse(400, 'bad_request', "Query parameter 'ids' must list 1-50 spec ids.");
      if (ids.length > MAX_SPECS_PER_MACRO) {
        return errorResponse(400, 'too_many_ids', `At most ${MAX_SPECS_PER_MACRO} ids per request; got ${ids.length}.`);
      }
      const malformed = ids.find((id) => !SPEC_ID_PATTERN.test(id));
      if (malformed !== undefined) return badId(malformed);
      const items = [];
      const missing = [];
      for (const id of ids) {
        const record = repository.get(id);
        if (record === undefined) missing.push(id);
        else items.push({ record, etag: specEtag(record) });
      }
      return json(200, { items, missing });
    },

    'GET /specs/{id}/revisions/{revision}'({ params }) {
      const id = params.id as string;
      const revision = params.revision as string;
      if (!SPEC_ID_PATTERN.test(id)) return badId(id);
      if (repository.get(id) === undefined) return notFound(`Spec ${id} not found.`);
      const record = repository.getRevision(id, revision);
      return record === undefined ? notFound(`Revision ${revision} of ${id} not found.`) : json(200, record);
    },

    'GET /search'({ url }) {
      const query = url.searchParams.get('q') ?? '';
      if (query.trim() === '' || query.length > MAX_QUERY_LENGTH) {
        return errorResponse(400, 'bad_request', `Query parameter 'q' must be 1-${MAX_QUERY_LENGTH} characters.`);
      }
      const rawLimit = url.searchParams.get('limit');
      const limit = rawLimit === null ? DEFAULT_SEARCH_LIMIT : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
      if (!(limit >= 1 && limit <= MAX_SEARCH_LIMIT)) {
        return errorResponse(400, 'bad_request', `Query parameter 'limit' must be an integer from 1 to ${MAX_SEARCH_LIMIT}.`);
      }
      return json(200, { items: repository.search(query, limit) });
    },

    'GET /specs/{id}/documentation'({ params }) {
      const id = params.id as string;
      if (!SPEC_ID_PATTERN.test(id)) return badId(id);
      const answer = documentation.documentation(id);
      return answer === undefined ? notFound(`Spec ${id} not found.`) : json(200, answer);
    },

    'POST /documentation-notices'({ request }) {
      return documentation.receiver.receive(request);
    },

    async 'PATCH /specs/{id}'({ request, params }) {
      const id = params.id as string;
      if (!SPEC_ID_PATTERN.test(id)) return badId(id);
      const body = await request.text();
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) return errorResponse(400, 'bad_request', 'Request body is larger than 1 MiB.');
      let patch: unknown;
      try {
        patch = JSON.parse(body);
      } catch {
        return errorResponse(400, 'bad_request', 'Request body is not valid JSON.');
      }
      const result = editor.update(id, patch);
      if (result.ok) return json(200, result.value, { etag: specEtag(result.value) });
      return result.reason === 'not_found' ? notFound(result.message) : errorResponse(400, 'bad_request', result.message);
    },

    'DELETE /specs/{id}'({ params }) {
      const id = params.id as string;
      if (!SPEC_ID_PATTERN.test(id)) return badId(id);
      return editor.remove(id) ? new Response(null, { status: 204 }) : notFound(`Spec ${id} not found.`);
    },
  };
}

function notFound(message: string): Response {
  return errorResponse(404, 'not_found', message);
}

function badId(id: string): Response {
  return errorResponse(400, 'bad_request', `Spec id '${id}' does not match ${SPEC_ID_PATTERN.source}.`);
}
