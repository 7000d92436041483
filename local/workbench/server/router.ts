/** A minimal method + path-pattern router for the workbench's HTTP API, and its JSON helpers. */
import { MAX_JSON_NESTING, nestsDeeperThan } from '../../platform/json-nesting';

/** Handles a matched request; `params` are the pattern's capture groups, decoded. */
export type RouteHandler = (request: Request, params: string[], url: URL) => Response | Promise<Response>;

/** One route of a table. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  pattern: RegExp;
  handle: RouteHandler;
}

/** A request body a handler cannot use at all; dispatch answers it with a 400. */
class BadRequestError extends Error {
  override name = 'BadRequestError';
}

/** Answers with the first route whose method and pattern match, or undefined. */
export async function dispatch(routes: Route[], request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname);
    if (!match || route.method !== request.method) continue;
    const params = decodeParams(match.slice(1));
    if (!params) return badRequest(`Malformed percent-encoding in ${url.pathname}`);
    try {
      return await route.handle(request, params, url);
    } catch (error) {
      if (error instanceof BadRequestError) return badRequest(error.message);
      throw error;
    }
  }
  return undefined;
}

/** The capture groups percent-decoded, or undefined when one is malformed (e.g. `%zz`). */
function decodeParams(parts: string[]): string[] | undefined {
  try {
    return parts.map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

/** A JSON response. */
export function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * The request's JSON body as an object, or undefined when it is not a JSON object. A body nested
 * deeper than MAX_JSON_NESTING throws a BadRequestError (a 400 from dispatch): handlers store and
 * forward these values, and JSON.stringify overflows the stack on them.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    return undefined;
  }
  if (nestsDeeperThan(text)) throw new BadRequestError(`The JSON body nests deeper than ${MAX_JSON_NESTING} levels`);
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON error response for a bad request body. */
export function badRequest(message: string): Response {
  return json(400, { error: message });
}
