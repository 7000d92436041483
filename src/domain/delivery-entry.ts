/**
 * What the delivery log (admin page) keeps of one inbound change notice: never its body, its signature or a secret.
 * Pure: the web trigger reports an outcome, this turns it into the entry the log stores.
 */
import type { DeliveryEntry, DeliveryStatus } from '../shared/admin-contract';
import { SPEC_ID_PATTERN } from '../shared/spec-record';

/** How a delivery ended, as the change-notice handler reports it. */
export interface NoticeOutcome {
  status: DeliveryStatus;
  httpStatus: number;
  /** A code: the verification reason of a 401, the error code of a 4xx/5xx; absent when accepted. */
  reason?: string;
  webhookId?: string;
  /** The notice's spec ids (validated), or what an unparsed body claims (see {@link claimedSpecIds}). */
  specIds: string[];
  /** Spec ids the notice listed in all (more than `specIds` holds when clipped). */
  specIdCount: number;
  /** False when the signature was not (or could not be) verified: anyone on the internet may have sent it. */
  verified: boolean;
}

/** Spec ids kept per entry: enough to recognise a notice; a notice may list 1000. */
export const MAX_LOGGED_SPEC_IDS = 20;
/** Characters of a webhook-id kept (Standard Webhooks ids are about 30). */
export const MAX_LOGGED_WEBHOOK_ID = 128;
/** Characters of a reason kept. */
const MAX_LOGGED_REASON = 200;
/** Bodies larger than this are not parsed for spec ids of a refused notice. */
const MAX_PARSED_REFUSED_BYTES = 64 * 1024;

/**
 * The spec ids a body claims, for a notice that was refused before (or while) being validated: only when the body is
 * JSON with `data.specIds`, only strings shaped like spec ids, de-duplicated, the first {@link MAX_LOGGED_SPEC_IDS}.
 */
export function claimedSpecIds(rawBody: string | undefined): { specIds: string[]; specIdCount: number } {
  const none = { specIds: [], specIdCount: 0 };
  if (!rawBody || rawBody.length > MAX_PARSED_REFUSED_BYTES) return none;
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return none;
  }
  const listed = (json as { data?: { specIds?: unknown } } | null)?.data?.specIds;
  if (!Array.isArray(listed)) return none;
  const ids = [...new Set(listed.filter((id): id is string => typeof id === 'string' && SPEC_ID_PATTERN.test(id)))];
  return { specIds: ids.slice(0, MAX_LOGGED_SPEC_IDS), specIdCount: ids.length };
}

/** The log entry for an inbound outcome; `test` marks a notice sent from the admin page's Send test notice. */
export function toDeliveryEntry(outcome: NoticeOutcome, at: Date, test: boolean): DeliveryEntry {
  const specIds = outcome.specIds.slice(0, MAX_LOGGED_SPEC_IDS);
  const webhookId = outcome.webhookId === undefined ? undefined : clip(printable(outcome.webhookId), MAX_LOGGED_WEBHOOK_ID);
  return {
    at: at.toISOString(),
    direction: 'inbound',
    ...(webhookId ? { webhookId } : {}),
    specIds,
    ...(outcome.specIdCount > specIds.length ? { specIdCount: outcome.specIdCount } : {}),
    status: outcome.status,
    httpStatus: outcome.httpStatus,
    ...(outcome.reason ? { reason: clip(printable(outcome.reason), MAX_LOGGED_REASON) } : {}),
    ...(outcome.verified ? {} : { unverified: true }),
    ...(test ? { test: true } : {}),
  };
}

/** Control characters of a sender's text become spaces, so a stored id cannot break a line or a log viewer. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
