/**
 * The documentation-notice consumer (manifest: consumer `documentation-notices-consumer` on queue `documentation-notices`, function `doc-notice-consumer`,
 * `handler: index.documentationNoticeConsumer`): sends one queued page state to the engineering system's receiver,
 * signed with the site's outbound secret (docs/documentation-notices.md). 2xx: delivered. A 4xx other than 408/429:
 * recorded failed. Anything else: redelivered with backoff, re-pushed when the event's retention runs short, then
 * recorded failed. Every attempt goes in the delivery log (direction `outbound`).
 */
import api, { fetch as forgeFetch } from '@forge/api';
import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { readConfig } from '../config';
import { pageHasViewRestrictions, type RestrictionAnswer } from '../confluence/page-restrictions';
import { createInvocationGovernor, indexedPageState } from '../deps';
import { judgeAttempt, planRetry, type AttemptResult, type AttemptVerdict } from '../domain/documentation-delivery';
import { buildDocumentationState } from '../domain/documentation-state';
import { errorDetail } from '../domain/error-detail';
import { signingSecret } from '../domain/webhook-secret-set';
import { signDocumentationNotice, type SignedNotice } from '../domain/documentation-signing';
import { UpstreamError } from '../errors';
import { recordDelivery } from '../kvs/delivery-log';
import { readDocumentationSettings, readNewestSequence } from '../kvs/documentation-settings';
import { readWebhookSecretSet } from '../kvs/site-settings';
import { createLogger } from '../log';
import { DOCUMENTATION_EVENT_TYPE, pushDocumentationEvent, type DocumentationNoticeEvent } from '../queue/documentation-queue';
import type { DeliveryEntry } from '../shared/admin-contract';
import { documentationWebhookId, type DocumentationPageState } from '../shared/documentation-notice';
import { cloudIdFrom } from './macro-context';

/** How long one POST to the receiver may take before it counts as a timeout (retried). */
export const RECEIVER_TIMEOUT_MS = 15_000;
/** Spec ids a delivery-log entry lists (the log's own cap). */
const LOGGED_SPEC_IDS = 20;

const log = createLogger('documentation-notices');

const EventBody = z.object({
  type: z.literal(DOCUMENTATION_EVENT_TYPE),
  state: z.object({
    pageId: z.string().min(1).max(64),
    contentType: z.enum(['page', 'blogpost']),
    version: z.number().int().nonnegative(),
    sequence: z.number().int().nonnegative(),
    status: z.enum(['current', 'archived']),
    title: z.string().max(1024).optional(),
    spaceKey: z.string().max(255).optional(),
    macros: z.array(z.object({ localId: z.string().min(1).max(128), specIds: z.array(z.string().max(64)).max(1000), pinnedRevisions: z.record(z.string(), z.string().max(50)) })).max(1000),
    gone: z.literal(true).optional(),
    byReference: z.literal(true).optional(),
  }),
  shownRevisions: z.record(z.string(), z.record(z.string(), z.string().max(50))).optional(),
  queuedAt: z.number(),
  firstQueuedAt: z.number(),
  repushes: z.number().int().nonnegative(),
});

export async function documentationNoticeConsumer(event: AsyncEvent, context?: unknown): Promise<InvocationError | undefined> {
  const parsed = EventBody.safeParse(event.body);
  if (!parsed.success) {
    log.warn('dropping malformed documentation event', { eventId: event.eventId, issues: parsed.error.issues.length });
    return undefined;
  }
  const queued: DocumentationNoticeEvent = parsed.data;
  const { pageId, sequence } = queued.state;
  const settings = await readDocumentationSettings();
  if (!settings) {
    log.info('documentation state not sent: no receiver configured', { pageId, sequence });
    return undefined;
  }
  const newest = await readNewestSequence(pageId);
  if (newest !== undefined && sequence < newest) {
    log.info('documentation state superseded by a newer one', { pageId, sequence, newest });
    return undefined;
  }
  const carried = await carriedState(queued);
  if (carried === undefined) return undefined;
  const cloudId = cloudIdFrom(context);
  if (cloudId === undefined) {
    log.error('documentation state not sent: the invocation names no site', { pageId, sequence });
    return undefined;
  }

  let restricted: RestrictionAnswer = false;
  if (!settings.includeRestricted) {
    const checked = await restrictionOf(pageId);
    if ('retryAfterSeconds' in checked) return new InvocationError({ retryAfter: checked.retryAfterSeconds, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED });
    restricted = checked.answer;
  }
  const state = buildDocumentationState({
    entry: carried.entry,
    cloudId,
    ...(settings.siteUrl ? { siteUrl: settings.siteUrl } : {}),
    ...(carried.shownRevisions ? { shownRevisions: carried.shownRevisions } : {}),
    privacy: settings,
    // A page the app can no longer see is gone whatever the opt-in; an unknown answer counts as restricted.
    restricted: restricted === 'gone' ? true : restricted,
  });

  const now = Date.now();
  const secret = signingSecret(await readWebhookSecretSet(), 'outbound', now);
  if (secret === undefined) {
    await record(state, { status: 'refused', httpStatus: 503, reason: 'no_outbound_secret' });
    log.warn('documentation state not sent: the site has no outbound secret', { pageId, sequence });
    return undefined;
  }
  const attempt = await post(settings.receiverUrl, signDocumentationNotice(state, secret, now));
  return settle(queued, state, judgeAttempt(attempt, event.retryContext?.retryCount ?? 0, now), loggedStatus(attempt), now);
}

/**
 * The state to send: the one the event carries, or, for an event queued by reference, the page's entry in the index
 * when it is still that sequence (a newer entry has its own event; none means the state can no longer be told).
 */
async function carriedState(queued: DocumentationNoticeEvent): Promise<{ entry: DocumentationNoticeEvent['state']; shownRevisions?: DocumentationNoticeEvent['shownRevisions'] } | undefined> {
  if (queued.state.byReference !== true) return { entry: queued.state, ...(queued.shownRevisions ? { shownRevisions: queued.shownRevisions } : {}) };
  const { pageId, sequence } = queued.state;
  const indexed = await indexedPageState(readConfig(), pageId);
  if (indexed === undefined || indexed.entry.sequence !== sequence) {
    const level = indexed !== undefined && indexed.entry.sequence > sequence ? 'info' : 'error';
    log[level]('documentation state queued by reference is not the indexed one; not sent', { pageId, sequence, indexed: indexed?.entry.sequence });
    return undefined;
  }
  return { entry: { ...indexed.entry, ...(queued.state.gone ? { gone: true as const } : {}) }, shownRevisions: indexed.shownRevisions };
}

async function settle(queued: DocumentationNoticeEvent, state: DocumentationPageState, verdict: AttemptVerdict, httpStatus: number, nowMs: number): Promise<InvocationError | undefined> {
  if (verdict.kind === 'delivered') {
    await record(state, { status: 'accepted', httpStatus });
    log.info('documentation notice delivered', { pageId: state.pageId, sequence: state.sequence, httpStatus });
    return undefined;
  }
  if (verdict.kind === 'failed') {
    await record(state, { status: 'refused', httpStatus, reason: verdict.reason });
    log.warn('documentation notice refused by the receiver; not retried', { pageId: state.pageId, sequence: state.sequence, reason: verdict.reason });
    return undefined;
  }
  const plan = planRetry({ afterSeconds: verdict.afterSeconds, queuedAtMs: queued.queuedAt, repushes: queued.repushes, nowMs });
  if (plan.kind === 'give_up') {
    const hours = Math.round((nowMs - queued.firstQueuedAt) / 3_600_000);
    await record(state, { status: 'refused', httpStatus, reason: `${verdict.reason}; given up after ${hours} h` });
    log.error('documentation notice given up', { pageId: state.pageId, sequence: state.sequence, reason: verdict.reason, hours });
    return undefined;
  }
  if (plan.kind === 'repush') {
    await pushDocumentationEvent({ ...queued, queuedAt: nowMs, repushes: queued.repushes + 1 }, plan.delaySeconds);
    await record(state, { status: 'refused', httpStatus, reason: `${verdict.reason}; queued again (${queued.repushes + 1})` });
    log.warn('documentation notice queued again past its retention', { pageId: state.pageId, sequence: state.sequence, repushes: queued.repushes + 1 });
    return undefined;
  }
  await record(state, { status: 'refused', httpStatus, reason: `${verdict.reason}; retry in ${plan.afterSeconds} s` });
  log.warn('documentation notice deferred', { pageId: state.pageId, sequence: state.sequence, reason: verdict.reason, retryAfter: plan.afterSeconds });
  return new InvocationError({
    retryAfter: plan.afterSeconds,
    retryReason: verdict.reason === 'http_429' ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}

/** The page's view restrictions, asked through the installation's points governor; a pause there is a retry. */
async function restrictionOf(pageId: string): Promise<{ answer: RestrictionAnswer } | { retryAfterSeconds: number }> {
  const governor = createInvocationGovernor('push', readConfig().confluencePointsSharePerHour);
  try {
    return { answer: await pageHasViewRestrictions(governor.govern(api.asApp()), pageId) };
  } catch (error) {
    if (error instanceof UpstreamError && error.retryAfterSeconds !== undefined) return { retryAfterSeconds: error.retryAfterSeconds };
    log.warn('could not read the page restrictions; treating the page as restricted', { pageId, ...errorDetail(error) });
    return { answer: undefined };
  } finally {
    await governor.settle();
  }
}

/** The delivery log's httpStatus of an attempt: the receiver's, else 504 for a timeout and 502 when nothing answered. */
function loggedStatus(attempt: AttemptResult): number {
  return attempt.kind === 'answered' ? attempt.status : attempt.kind === 'timeout' ? 504 : 502;
}

async function post(url: string, request: SignedNotice): Promise<AttemptResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), RECEIVER_TIMEOUT_MS)));
  try {
    const answered = await Promise.race([forgeFetch(url, { method: 'POST', headers: request.headers, body: request.body }), timeout]);
    if (answered === 'timeout') return { kind: 'timeout' };
    return { kind: 'answered', status: answered.status, retryAfter: answered.headers.get('retry-after') };
  } catch (error) {
    return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function record(state: DocumentationPageState, outcome: Pick<DeliveryEntry, 'status' | 'httpStatus' | 'reason'>): Promise<void> {
  const specIds = [...new Set(state.specs.map((spec) => spec.specId))];
  const entry: DeliveryEntry = {
    at: new Date().toISOString(),
    direction: 'outbound',
    webhookId: documentationWebhookId(state),
    specIds: specIds.slice(0, LOGGED_SPEC_IDS),
    ...(specIds.length > LOGGED_SPEC_IDS ? { specIdCount: specIds.length } : {}),
    ...outcome,
  };
  await recordDelivery(entry).catch((error: unknown) => log.warn('could not record the documentation delivery', errorDetail(error)));
}
