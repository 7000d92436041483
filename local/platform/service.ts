/**
 * The seam between the runtime globals (`__forge_fetch__`, the local HTTP server) and each
 * emulated platform service. A service answers a plain request with a WHATWG Response, exactly
 * what `@forge/*` packages read from `__forge_fetch__`.
 */

/** Who a request acts as: the app's bot user, a site user, or nobody (anonymous HTTP). */
export type Principal = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface ServiceRequest {
  method: string;
  /** Path including the query string, e.g. `/wiki/api/v2/pages/1/properties?key=a`. */
  path: string;
  headers: Headers;
  body: string;
  principal: Principal;
}

export interface PlatformService {
  handle(request: ServiceRequest): Promise<Response>;
}

/** A JSON response with the given status. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
