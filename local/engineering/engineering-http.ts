/**
 * HTTP details of the engineering API contract: error bodies, ETags, conditional requests and
 * bearer-token checks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SpecRecord } from '../../src/shared/spec-record';

/** The contract's error codes. */
export const ENGINEERING_ERROR_CODES = [
  'unauthorized',
  'not_found',
  'bad_request',
  'too_many_ids',
  'rate_limited',
  'unavailable',
] as const;

/** One of the contract's error codes. */
export type EngineeringErrorCode = (typeof ENGINEERING_ERROR_CODES)[number];

/** A JSON response with the given status. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** The contract's error body: `{"error":{"code","message"}}`. */
export function errorResponse(
  status: number,
  code: EngineeringErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message } }, headers);
}

/** The error an injected fault status turns into (Retry-After when the fault carries one). */
export function faultResponse(status: number, retryAfterSeconds?: number): Response {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  if (status === 429) {
    return errorResponse(429, 'rate_limited', 'Too many requests; retry later.', { 'retry-after': String(retryAfterSeconds ?? 1) });
  }
  if (status >= 500) return errorResponse(status, 'unavailable', 'The engineering system is unavailable.', headers);
  if (status === 401) return errorResponse(401, 'unauthorized', 'Missing or invalid bearer token.', { 'www-authenticate': 'Bearer' });
  if (status === 404) return errorResponse(404, 'not_found', 'Not found.');
  return errorResponse(status, 'bad_request', `Request refused (injected status ${status}).`, headers);
}

/** Strong ETag of a record: a hash of exactly the JSON the API serves for it. */
export function specEtag(record: SpecRecord): string {
  const digest = createHash('sha256').update(JSON.stringify(record)).digest('base64url');
  return `"${digest.slice(0, 27)}"`;
}

/** Whether an If-None-Match header value matches the current ETag (weak comparison, as RFC 9110 asks). */
export function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function hasBearerToken(authorization: string | null, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Comparing fixed-length digests keeps the time independent of where (or whether) the lengths differ.
  const given = createHash('sha256').update(match[1] as string).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}
