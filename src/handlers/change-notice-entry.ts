import { readEnvironmentScope, readWebhookSecrets } from '../config';
import { toDeliveryEntry, type NoticeOutcome } from '../domain/delivery-entry';
import { environmentAppliesTo } from '../domain/engineering-connection';
import { errorDetail } from '../domain/error-detail';
import { acceptedSecrets } from '../domain/webhook-secret-set';
import { ConfigError } from '../errors';
import { createLogger } from '../log';
import { claimDeliveryId, confirmDeliveryId, releaseDeliveryId } from '../kvs/delivery-claims';
import { recordDelivery } from '../kvs/delivery-log';
import { readWebhookSecretSet } from '../kvs/site-settings';
import { LICENSE_LAPSED, licenseLapsed } from '../shared/license';
import { createRefreshQueue } from '../queue/refresh-queue';
import type { DeliveryEntry } from '../shared/admin-contract';
import { handleChangeNotice, notConfigured, refusedOutcome, unavailable, type WebTriggerRequest, type WebTriggerResponse } from './change-notice';
import { cloudIdFrom } from './macro-context';

const log = createLogger('web-trigger');

/** Deliveries wait this long so notices arriving in a burst are served by one engineering read. */
const NOTICE_COALESCE_SECONDS = 2;

/**
 * The change-notice web trigger (manifest: `handler: index.changeNotice`): verify, dedupe,
 * enqueue, record in the delivery log, answer. No engineering or Confluence calls happen here.
 */
export async function changeNotice(request: WebTriggerRequest, context?: unknown): Promise<WebTriggerResponse> {
  // The engineering system learns the site's subscription lapsed, instead of notices queueing work nobody may see.
  if (licenseLapsed(context)) return { statusCode: 403, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify({ error: 'not_licensed', message: LICENSE_LAPSED }) };
  return (await receiveChangeNotice(request, { cloudId: cloudIdFrom(context), test: false })).response;
}

/**
 * One delivery, from a sender or (`test`) from the admin page's Send test notice, which passes in-process through
 * this same path: the same secrets, verification, validation, dedupe and recording. A test notice is not queued.
 * The delivery is recorded; a failed record write is logged and never changes the answer.
 */
export async function receiveChangeNotice(
  request: WebTriggerRequest,
  options: { cloudId: string | undefined; test: boolean },
): Promise<{ response: WebTriggerResponse; delivery: DeliveryEntry }> {
  let outcome: NoticeOutcome | undefined;
  let response: WebTriggerResponse;
  // The site's secrets live in KVS: when they cannot be read now, the sender is told to retry (503), never refused.
  const secrets = await inboundSecrets(options.cloudId).catch((error: unknown) => {
    log.warn('the site\'s inbound secrets could not be read; the sender is asked to retry', errorDetail(error));
    return undefined;
  });
  if (secrets === undefined) {
    response = unavailable();
    outcome = refusedOutcome(request, response.statusCode, 'secrets_unavailable');
  } else if (secrets.length === 0) {
    log.error('configuration problem: change notices are refused until the site has an inbound secret', {
      problem: "no inbound secret on the admin page, and the deployment's WEBHOOK_SECRET does not apply to this site (ENV_CONFIG_SITE_IDS)",
    });
    response = notConfigured();
    outcome = refusedOutcome(request, response.statusCode, 'not_configured');
  } else {
    const queue = createRefreshQueue({ delayInSeconds: NOTICE_COALESCE_SECONDS });
    response = await handleChangeNotice(request, {
      secrets,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      claimDeliveryId: (id) => claimDeliveryId(id),
      confirmDeliveryId: (id) => confirmDeliveryId(id),
      releaseDeliveryId,
      enqueue: async (events) => {
        if (options.test) return;
        const receivedAt = Date.now();
        await queue.enqueue(events.map((event) => ({ ...event, receivedAt })));
      },
      log,
      onOutcome: (reported) => (outcome = reported),
    });
  }
  const delivery = toDeliveryEntry(outcome ?? refusedOutcome(request, response.statusCode, 'unknown'), new Date(), options.test);
  try {
    await recordDelivery(delivery);
  } catch (error) {
    log.warn('delivery log write failed; the answer stands', { httpStatus: response.statusCode, ...errorDetail(error) });
  }
  return { response, delivery };
}

/**
 * The secrets that verify a change notice on this site: those its admin created (current first, then rotated-out ones
 * still valid), then the deployment's WEBHOOK_SECRET* when ENV_CONFIG_SITE_IDS names the site. None: not configured.
 */
async function inboundSecrets(cloudId: string | undefined): Promise<string[]> {
  const site = acceptedSecrets(await readWebhookSecretSet(), 'inbound', Date.now());
  return [...site, ...environmentSecrets(cloudId)];
}

/** The deployment's secrets for this site (current first), or none (a refused one is logged as a configuration problem). */
export function environmentSecrets(cloudId: string | undefined): string[] {
  try {
    if (!environmentAppliesTo(readEnvironmentScope(), cloudId) || !process.env.WEBHOOK_SECRET?.trim()) return [];
    return readWebhookSecrets();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error('configuration problem: the deployment\'s webhook secrets are refused', { problem: error.message });
    return [];
  }
}
