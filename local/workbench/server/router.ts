/** A minimal method + path-pattern router for the workbench's HTTP API, and its JSON helpers. */

/** Handles a matched request; `params` are the pattern's capture groups, decoded. */
export type RouteHandler = (request: Request, params: string[], url: URL) => Response | Promise<Response>;

/** One route of a table. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  pattern: RegExp;
  handle: RouteHandler;
}

/** Answers with the first route whose method and pattern match, or undefined. */
export async function dispatch(routes: Route[], request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname);
    if (!match || route.method !== request.method) continue;
    return route.handle(request, match.slice(1).map((part) => decodeURIComponent(part)), url);
  }
  return undefined;
}

/** A JSON response. */
export function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** The request's JSON body as an object, or undefined when it is not a JSON object. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body = (await request.json()) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON error response for a bad request body. */
export function badRequest(message: string): Response {
  return json(400, { error: message });
}
