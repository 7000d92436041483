/**
 * The change-notice web trigger's logic: verify a Standard Webhooks delivery, validate the notice,
 * dedupe on `webhook-id`, enqueue refresh events, answer 202. Forge-free: the entry point wires the ports.
 */
import { errorDetail } from '../domain/error-detail';
import { parseChangeNotice, toRefreshEvents } from '../domain/change-notice';
import { claimedSpecIds, type NoticeOutcome } from '../domain/delivery-entry';
import type { DeliveryClaim, Logger, RefreshEvent } from '../domain/ports';
import { verifyWebhookSignature, type WebhookRejectReason } from '../domain/webhook-signature';

export type { RefreshEvent } from '../domain/ports';
export type { NoticeOutcome } from '../domain/delivery-entry';

/** The request Forge hands a web trigger (FX/@forge/api/out/webTrigger.d.ts); header names arrive in any case. */
export interface WebTriggerRequest {
  method: string;
  /** The raw body, exactly as signed. */
  body: string;
  path?: string;
  headers: Record<string, string[]>;
  queryParameters?: Record<string, string[]>;
}

/** The response a dynamic web trigger returns. */
export interface WebTriggerResponse {
  statusCode: number;
  statusText?: string;
  body?: string;
  headers?: Record<string, string[]>;
}

/** Ports the handler needs; all side effects live behind them. */
export interface ChangeNoticeDeps {
  /** `whsec_…` secrets: the current one first, the previous one while rotating. */
  secrets: string[];
  nowSeconds: () => number;
  /**
   * Atomically records a delivery id (KVS FAIL_IF_EXISTS with a TTL) as pending. `duplicate`: it was
   * queued before; `in_flight`: another delivery of it is being queued right now.
   */
  claimDeliveryId: (id: string) => Promise<DeliveryClaim>;
  /** Marks a claimed id as queued, so later deliveries are duplicates. */
  confirmDeliveryId: (id: string) => Promise<void>;
  releaseDeliveryId: (id: string) => Promise<void>;
  enqueue: (events: RefreshEvent[]) => Promise<void>;
  /** Gets static messages plus metadata; never secrets or bodies. */
  log?: Logger;
  /** Told how the delivery ended, once, before the answer is returned (the delivery log); never given body or signature. */
  onOutcome?: (outcome: NoticeOutcome) => void;
}

/** Largest notice body accepted (1000 ids need about 20 KB). */
export const MAX_NOTICE_BYTES = 256 * 1024;

/** Retry-After sent when the notice could not be claimed or queued. */
export const RETRY_AFTER_SECONDS = 30;

/** Retry-After sent while another delivery of the same webhook-id is being queued. */
export const IN_FLIGHT_RETRY_SECONDS = 5;

/** Retry-After sent while the web trigger has no usable secret: an operator has to fix WEBHOOK_SECRET first. */
const NOT_CONFIGURED_RETRY_SECONDS = 300;

/**
 * Longest webhook-id accepted (Standard Webhooks ids such as `msg_2KWPBgLlAfxdpx2AI54pPJ85f1W` are about 30
 * characters). Any id up to this length is accepted whatever its characters; a longer one gets a permanent 400.
 */
export const MAX_WEBHOOK_ID_LENGTH = 256;

const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Handles one change-notice delivery; answers only 202/200 for notices that are queued (or were already). */
export async function handleChangeNotice(
  request: WebTriggerRequest,
  deps: ChangeNoticeDeps,
): Promise<WebTriggerResponse> {
  const { response, outcome } = await decide(request, deps);
  deps.onOutcome?.(outcome);
  return response;
}

interface Decision {
  response: WebTriggerResponse;
  outcome: NoticeOutcome;
}

async function decide(request: WebTriggerRequest, deps: ChangeNoticeDeps): Promise<Decision> {
  const log = deps.log ?? SILENT;
  if (request.method.toUpperCase() !== 'POST') {
    const body = { error: 'method_not_allowed', message: 'Send change notices with POST.' };
    return refused(request, json(405, body, { Allow: ['POST'] }), 'method_not_allowed');
  }
  const rawBody = request.body ?? '';
  const bytes = Buffer.byteLength(rawBody, 'utf8');
  if (bytes > MAX_NOTICE_BYTES) {
    const message = `The body is ${bytes} bytes; at most ${MAX_NOTICE_BYTES} are accepted.`;
    return refused(request, json(413, { error: 'payload_too_large', message }), 'payload_too_large');
  }
  if (!isJsonContentType(header(request, 'content-type')[0])) {
    const message = 'Send the notice as Content-Type: application/json.';
    return refused(request, json(415, { error: 'unsupported_media_type', message }), 'unsupported_media_type');
  }

  const id = header(request, 'webhook-id')[0];
  const verification = verifyWebhookSignature({
    headers: {
      id,
      timestamp: header(request, 'webhook-timestamp')[0],
      // Repeated signature headers are extra entries of the same space-separated list.
      signature: header(request, 'webhook-signature').join(' '),
    },
    rawBody,
    secrets: deps.secrets,
    nowSeconds: deps.nowSeconds(),
  });
  if (!verification.ok || id === undefined) {
    const reason: WebhookRejectReason = verification.ok ? 'missing_headers' : verification.reason;
    log.info('change notice rejected', { reason });
    return refused(request, json(401, { error: 'unauthorized' }), reason);
  }

  if (id.length > MAX_WEBHOOK_ID_LENGTH) {
    const message = `The webhook-id is ${id.length} characters; at most ${MAX_WEBHOOK_ID_LENGTH} are accepted.`;
    return refused(request, json(400, { error: 'invalid_webhook_id', message }), 'invalid_webhook_id', true);
  }

  const parsed = parseChangeNotice(rawBody);
  if (!parsed.ok) {
    const { code, message, field } = parsed.error;
    // The field path, not the message: the message quotes the sender's values.
    return refused(request, json(parsed.status, { error: code, message, field }), field ? `${code} at ${field}` : code, true);
  }
  const listed = parsed.value.data.specIds;
  const verified = (response: WebTriggerResponse, status: NoticeOutcome['status'], reason?: string): Decision => ({
    response,
    outcome: { status, httpStatus: response.statusCode, ...(reason ? { reason } : {}), webhookId: id, specIds: listed, specIdCount: listed.length, verified: true },
  });

  let claim: DeliveryClaim;
  try {
    claim = await deps.claimDeliveryId(id);
  } catch (error) {
    log.warn('change notice claim failed; answered 503', { noticeId: id, ...errorDetail(error) });
    return verified(unavailable(), 'refused', 'unavailable');
  }
  if (claim === 'duplicate') return verified(json(200, { accepted: true, duplicate: true }), 'duplicate');
  // Not acknowledged: the other delivery may still fail to queue, so the sender must retry.
  if (claim === 'in_flight') return verified(unavailable(IN_FLIGHT_RETRY_SECONDS), 'refused', 'in_flight');

  const events = toRefreshEvents(parsed.value, id);
  try {
    await deps.enqueue(events);
  } catch (error) {
    log.warn('change notice enqueue failed; answered 503', { noticeId: id, ...errorDetail(error) });
    await deps.releaseDeliveryId(id).catch((releaseError: unknown) => {
      // The claim stays pending; a retry after the pending window takes it over and queues again.
      log.warn('change notice release failed', { noticeId: id, ...errorDetail(releaseError) });
    });
    return verified(unavailable(), 'refused', 'unavailable');
  }
  await deps.confirmDeliveryId(id).catch((confirmError: unknown) => {
    // Still pending: a later redelivery may queue the notice twice, which the consumer absorbs.
    log.warn('change notice confirm failed', { noticeId: id, ...errorDetail(confirmError) });
  });
  return verified(json(202, { accepted: true, queued: events.length, specIds: listed.length }), 'accepted');
}

/**
 * The outcome of a refused delivery: its webhook-id and the spec ids its body claims (when it parses). `verified`:
 * the signature matched, so the claims are the sender's; otherwise anyone may have made them up.
 */
export function refusedOutcome(request: WebTriggerRequest, httpStatus: number, reason: string, verified = false): NoticeOutcome {
  const webhookId = header(request, 'webhook-id')[0];
  const claimed = httpStatus === 413 ? { specIds: [], specIdCount: 0 } : claimedSpecIds(request.body);
  return { status: 'refused', httpStatus, reason, ...(webhookId ? { webhookId } : {}), ...claimed, verified };
}

function refused(request: WebTriggerRequest, response: WebTriggerResponse, reason: string, verified = false): Decision {
  return { response, outcome: refusedOutcome(request, response.statusCode, reason, verified) };
}

/**
 * The answer while WEBHOOK_SECRET is missing or refused: no notice can be verified, so none is accepted, and a
 * 5xx (not a 401) tells the sender the fault is here and to retry. What is wrong goes to the log, not the sender.
 */
export function notConfigured(): WebTriggerResponse {
  const body = {
    error: 'not_configured',
    message: "Spec Bridge cannot verify change notices on this site until a site admin creates an inbound secret on its admin page; retry later with the same webhook-id.",
    retryAfterSeconds: NOT_CONFIGURED_RETRY_SECONDS,
  };
  return json(503, body, { 'Retry-After': [String(NOT_CONFIGURED_RETRY_SECONDS)] });
}

/** 503 with Retry-After: the notice could not be handled now (a store failed); the sender retries with the same webhook-id. */
export function unavailable(retryAfterSeconds = RETRY_AFTER_SECONDS): WebTriggerResponse {
  const body = {
    error: 'unavailable',
    message: 'The notice could not be queued; retry later with the same webhook-id.',
    retryAfterSeconds,
  };
  return json(503, body, { 'Retry-After': [String(retryAfterSeconds)] });
}

function json(statusCode: number, body: unknown, headers: Record<string, string[]> = {}): WebTriggerResponse {
  return { statusCode, headers: { 'Content-Type': ['application/json'], ...headers }, body: JSON.stringify(body) };
}

/** All values of a header, whatever case the sender used for its name. */
function header(request: WebTriggerRequest, name: string): string[] {
  return Object.entries(request.headers ?? {})
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, values]) => values);
}

function isJsonContentType(value: string | undefined): boolean {
  return value?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}
