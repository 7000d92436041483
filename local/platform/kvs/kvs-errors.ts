/**
 * Error bodies of the emulated KVS, in the wire format `@forge/kvs` turns into `ForgeKvsAPIError`:
 * a non-2xx response whose JSON body has `code` and `message` (out/utils/error-handling.js).
 */

/** An error the service answers with: HTTP status plus the `{code, message}` body. */
export interface KvsError {
  status: number;
  code: string;
  message: string;
}

/** An outcome of a validation or store step: a value, or the error to answer with. */
export type KvsResult<T> = { ok: true; value: T } | { ok: false; error: KvsError };

/** Shorthand for a failed {@link KvsResult}. */
export function kvsFail(status: number, code: string, message: string): { ok: false; error: KvsError } {
  return { ok: false, error: { status, code, message } };
}

/** A 400 for a malformed request; the code `@forge/kvs`'s own tests use for an invalid body. */
export function badRequest(message = 'Provided request body is invalid'): { ok: false; error: KvsError } {
  return kvsFail(400, 'BAD_REQUEST', message);
}

/** The 404 the client maps to `undefined` (`handleKeyNotFound` in out/storage-api.js). */
export const KEY_NOT_FOUND: KvsError = { status: 404, code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' };

/** Custom Entity Store calls are not emulated; answered instead of silently ignoring entity semantics. */
export const ENTITY_NOT_EMULATED: KvsError = {
  status: 501,
  code: 'NOT_IMPLEMENTED',
  message: 'The Custom Entity Store is not emulated by the local Forge platform',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The `{code, message}` an injected fault status answers with, per operation. */
export function faultError(status: number, operation: string): KvsError {
  switch (status) {
    case 429:
      // Transactions document TOO_MANY_REQUESTS; everything else RATE_LIMIT_EXCEEDED (limits-kvs-ce).
      return operation === 'transaction'
        ? { status, code: 'TOO_MANY_REQUESTS', message: 'Too many requests' }
        : { status, code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' };
    case 500:
      return { status, code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred' };
    case 503:
      return { status, code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' };
    case 404:
      return KEY_NOT_FOUND;
    case 409:
      return { status, code: 'KEY_CONFLICT', message: 'The provided key already exists' };
    case 400:
      return badRequest().error;
    default:
      return { status, code: 'UNKNOWN_ERROR', message: STATUS_TEXT[status] ?? `HTTP ${status}` };
  }
}

/** A WHATWG Response carrying a KVS error, with the status text a real gateway sends. */
export function errorResponse(error: KvsError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ code: error.code, message: error.message }), {
    status: error.status,
    statusText: STATUS_TEXT[error.status] ?? '',
    headers: { 'content-type': 'application/json', ...headers },
  });
}
