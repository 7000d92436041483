/**
 * One documentation notice as it goes over the wire: the JSON body and the Standard Webhooks headers, signed with the
 * site's outbound secret (webhook-signature.ts; the `standardwebhooks` package verifies it). Pure.
 */
import { DOCUMENTATION_NOTICE_TYPE, documentationWebhookId, type DocumentationNotice, type DocumentationPageState } from '../shared/documentation-notice';
import { signWebhook } from './webhook-signature';

export interface SignedNotice {
  webhookId: string;
  body: string;
  headers: Record<string, string>;
}

/** Signs `state` at `nowMs`; the same state keeps its webhook-id on every retry. ConfigError for an unusable secret. */
export function signDocumentationNotice(state: DocumentationPageState, secret: string, nowMs: number): SignedNotice {
  const notice: DocumentationNotice = { type: DOCUMENTATION_NOTICE_TYPE, timestamp: new Date(nowMs).toISOString(), data: state };
  const body = JSON.stringify(notice);
  const webhookId = documentationWebhookId(state);
  const timestamp = Math.floor(nowMs / 1000);
  return {
    webhookId,
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook({ id: webhookId, timestamp, body, secret }),
    },
  };
}
