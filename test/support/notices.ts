import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { toWebTriggerRequest, type WebTriggerRequest } from '../../local/platform/webtriggers';

/** A change notice signed by the `standardwebhooks` package, as an engineering tool would send it. */
export function signedNotice(options: {
  secret: string;
  specIds: string[];
  type?: 'spec.updated' | 'spec.deleted';
  /** Revision hints: the revision each spec has after the change. */
  revisions?: Record<string, string>;
  id?: string;
  at?: Date;
  body?: string;
  url?: string;
}): WebTriggerRequest {
  const at = options.at ?? new Date();
  const id = options.id ?? `msg_${randomUUID()}`;
  const body = options.body ?? JSON.stringify({ type: options.type ?? 'spec.updated', timestamp: at.toISOString(), data: { specIds: options.specIds, ...(options.revisions ? { revisions: options.revisions } : {}) } });
  const headers = new Headers({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(options.secret).sign(id, at, body),
  });
  return toWebTriggerRequest('POST', new URL(options.url ?? 'http://127.0.0.1/x/spec-change-notice'), headers, body);
}

/** A `whsec_` secret other than the app's. */
export function otherSecret(seed: string): string {
  return 'whsec_' + Buffer.from(`other-secret-${seed}-padding-padding`).toString('base64');
}
