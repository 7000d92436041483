import { jsonResponse } from '../service';

/** Confluence v2 error codes are the upper-case JAX-RS status names. */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** The Confluence v2 error body: `{"errors":[{"status","code","title","detail"}]}`. */
export interface ConfluenceErrorBody {
  errors: { status: number; code: string; title: string; detail: string | null }[];
}

/** A Confluence v2 error response, e.g. 409 `{"errors":[{"status":409,"code":"CONFLICT",…}]}`. */
export function confluenceError(
  status: number,
  title: string,
  detail: string | null = null,
  headers: Record<string, string> = {},
): Response {
  const body: ConfluenceErrorBody = { errors: [{ status, code: CODES[status] ?? `HTTP_${status}`, title, detail }] };
  return jsonResponse(status, body, headers);
}
