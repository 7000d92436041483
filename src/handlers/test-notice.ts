/**
 * The admin page's Send test notice: a change notice signed like an integrator's, passed in-process through the web
 * trigger's own path (receiveChangeNotice: the same secrets, verification, validation, dedupe and recording, marked
 * `test`). It is a `spec.updated` notice for the spec id the admin names (else TEST-1), under a fresh `test_` webhook-id,
 * and it is never queued: no spec is re-read and no page changes, whatever it names (docs/change-notices.md).
 */
import { randomUUID } from 'node:crypto';
import { acceptedSecrets } from '../domain/webhook-secret-set';
import { signWebhook } from '../domain/webhook-signature';
import { readWebhookSecretSet } from '../kvs/site-settings';
import type { DeliveryEntry } from '../shared/admin-contract';
import { environmentSecrets, receiveChangeNotice } from './change-notice-entry';

/** The spec id a test notice names when the admin names none (any id works: a test notice is not queued). */
export const TEST_NOTICE_SPEC_ID = 'TEST-1';

export interface TestNoticeInput {
  /** The site the admin page runs on (the invocation's cloudId). */
  cloudId: string | undefined;
  /** The spec id the notice names; validated on the web trigger's path like a real notice's (a bad one answers 400). */
  specId?: string;
  /**
   * Sign with this secret instead of the site's current one: an integrator's copy, to check that it still verifies
   * (a removed one answers 401). Used to sign only: never stored, logged or answered. ConfigError when unusable.
   */
  secret?: string;
}

/**
 * Sends one test notice and answers the web trigger's status and the delivery as recorded. Signed with the site's
 * current inbound secret, else the deployment's WEBHOOK_SECRET when it applies to the site; with neither, it goes
 * unsigned and meets what a real delivery meets (503 not_configured, or 401 when only rotated-out secrets remain).
 */
export async function sendTestNotice(input: TestNoticeInput): Promise<{ httpStatus: number; delivery: DeliveryEntry }> {
  const secret = input.secret ?? (await currentInboundSecret(input.cloudId));
  const id = `test_${randomUUID()}`;
  const now = new Date();
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({ type: 'spec.updated', timestamp: now.toISOString(), data: { specIds: [input.specId ?? TEST_NOTICE_SPEC_ID] } });
  const headers: Record<string, string[]> = {
    'content-type': ['application/json'],
    'webhook-id': [id],
    'webhook-timestamp': [String(timestamp)],
    ...(secret === undefined ? {} : { 'webhook-signature': [signWebhook({ id, timestamp, body, secret })] }),
  };
  const { response, delivery } = await receiveChangeNotice({ method: 'POST', body, headers }, { cloudId: input.cloudId, test: true });
  return { httpStatus: response.statusCode, delivery };
}

/** The secret an integrator is given now: the site's current inbound one, else the deployment's for this site. */
async function currentInboundSecret(cloudId: string | undefined): Promise<string | undefined> {
  const items = await readWebhookSecretSet();
  const current = items.filter((item) => item.direction === 'inbound' && item.role === 'current');
  return acceptedSecrets(current, 'inbound', Date.now())[0] ?? environmentSecrets(cloudId)[0];
}
