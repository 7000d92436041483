/**
 * The where-used query web trigger's logic (docs/where-used-queries.md): a Standard Webhooks-signed POST with a JSON
 * query, verified with the site's query secrets, answered from the index and verified snapshots. Read-only: a replayed
 * query within the ±5 min window only gets the same kind of answer again, so webhook-ids are not deduplicated.
 * Forge-free: the entry point wires the ports.
 */
import { errorDetail } from '../domain/error-detail';
import type { Logger } from '../domain/ports';
import { verifyWebhookSignature } from '../domain/webhook-signature';
import { MAX_QUERY_BYTES, parseWhereUsedQuery, type WhereUsedQuery } from '../domain/where-used-query';
import { UpstreamError } from '../errors';
import type { WebTriggerRequest, WebTriggerResponse } from './change-notice';

export interface WhereUsedQueryDeps {
  /** The site's query secrets (`whsec_…`), current first. */
  secrets: string[];
  nowSeconds: () => number;
  /** The answer's JSON; undefined: the page or macro is not known (or not readable by the app). */
  answer: (query: WhereUsedQuery) => Promise<unknown>;
  log: Logger;
}

export type QueryErrorCode = 'bad_request' | 'unauthorized' | 'not_licensed' | 'not_found' | 'method_not_allowed' | 'payload_too_large' | 'unsupported_media_type' | 'not_configured' | 'unavailable';

const NOT_CONFIGURED_RETRY_SECONDS = 300;
const UNAVAILABLE_RETRY_SECONDS = 30;

export async function handleWhereUsedQuery(request: WebTriggerRequest, deps: WhereUsedQueryDeps): Promise<WebTriggerResponse> {
  if (request.method.toUpperCase() !== 'POST') return queryError(405, 'method_not_allowed', 'Send queries with POST.', { Allow: ['POST'] });
  const rawBody = request.body ?? '';
  const bytes = Buffer.byteLength(rawBody, 'utf8');
  if (bytes > MAX_QUERY_BYTES) return queryError(413, 'payload_too_large', `The body is ${bytes} bytes; at most ${MAX_QUERY_BYTES} are accepted.`);
  if (header(request, 'content-type')[0]?.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    return queryError(415, 'unsupported_media_type', 'Send the query as Content-Type: application/json.');
  }
  const verification = verifyWebhookSignature({
    headers: { id: header(request, 'webhook-id')[0], timestamp: header(request, 'webhook-timestamp')[0], signature: header(request, 'webhook-signature').join(' ') },
    rawBody,
    secrets: deps.secrets,
    nowSeconds: deps.nowSeconds(),
  });
  if (!verification.ok) {
    // Why goes to the log only: a caller probing the trigger learns nothing about the secret or the clock.
    deps.log.info('where-used query rejected', { reason: verification.reason });
    return queryError(401, 'unauthorized', 'The query is not signed with this site\'s query secret, or its webhook-timestamp is more than 5 minutes away.');
  }
  const parsed = parseWhereUsedQuery(rawBody);
  if (!parsed.ok) return queryError(400, 'bad_request', parsed.message);
  try {
    const answer = await deps.answer(parsed.value);
    if (answer === undefined) return queryError(404, 'not_found', 'Spec Bridge knows no macro on that content, or the app cannot read it.');
    return { statusCode: 200, headers: { 'Content-Type': ['application/json'], 'Cache-Control': ['no-store'] }, body: JSON.stringify(answer) };
  } catch (error) {
    const retry = error instanceof UpstreamError && error.retryAfterSeconds ? error.retryAfterSeconds : UNAVAILABLE_RETRY_SECONDS;
    deps.log.warn('where-used query failed; answered 503', { query: parsed.value.query, ...errorDetail(error) });
    return queryError(503, 'unavailable', 'The answer could not be read now; retry later.', { 'Retry-After': [String(retry)] });
  }
}

/** The answer while the site has no query secret: nothing can be verified, so nothing is answered. */
export function queryNotConfigured(): WebTriggerResponse {
  return queryError(
    503,
    'not_configured',
    'Spec Bridge cannot verify queries on this site until a site admin creates a query secret on its admin page.',
    { 'Retry-After': [String(NOT_CONFIGURED_RETRY_SECONDS)] },
  );
}

/** A documented error: `{"error":{"code","message"}}` with its status. */
export function queryError(statusCode: number, code: QueryErrorCode, message: string, headers: Record<string, string[]> = {}): WebTriggerResponse {
  return { statusCode, headers: { 'Content-Type': ['application/json'], 'Cache-Control': ['no-store'], ...headers }, body: JSON.stringify({ error: { code, message } }) };
}

function header(request: WebTriggerRequest, name: string): string[] {
  return Object.entries(request.headers ?? {})
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, values]) => values);
}
