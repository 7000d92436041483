/**
 * The engineering side of the push path: build a change notice, sign it with the off-the-shelf
 * `standardwebhooks` library (as an engineering team would) and POST it to the web trigger.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ChangeNoticeType } from '../../src/domain/change-notice';

/** Input of {@link sendChangeNotice}. */
export interface SendChangeNoticeInput {
  /** The web trigger URL of one installation. */
  url: string;
  /** `whsec_<base64>` shared secret. */
  secret: string;
  type: ChangeNoticeType;
  specIds: string[];
  fetch?: typeof fetch;
  /** `webhook-id`; reuse it to retry the same delivery (the trigger dedupes on it). */
  id?: string;
  now?: () => Date;
}

/** What the web trigger answered, plus the delivery id used. */
export interface SendChangeNoticeResult {
  status: number;
  body: string;
  id: string;
}

/** The headers of a Standard Webhooks JSON delivery of `body` (id, timestamp, signature under `secret`). */
export function signedJsonHeaders(secret: string, id: string, now: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, now, body),
  };
}

/** Signs and POSTs one change notice; never throws for HTTP errors (network failures do throw). */
export async function sendChangeNotice(input: SendChangeNoticeInput): Promise<SendChangeNoticeResult> {
  const now = (input.now ?? (() => new Date()))();
  const id = input.id ?? `msg_${randomUUID()}`;
  const body = JSON.stringify({ type: input.type, timestamp: now.toISOString(), data: { specIds: input.specIds } });
  const response = await (input.fetch ?? fetch)(input.url, { method: 'POST', headers: signedJsonHeaders(input.secret, id, now, body), body });
  return { status: response.status, body: await response.text(), id };
}
