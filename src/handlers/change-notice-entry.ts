import { readEnvironmentScope, readWebhookSecrets } from '../config';
import { environmentAppliesTo } from '../domain/engineering-connection';
import { acceptedSecrets } from '../domain/webhook-secret-set';
import { ConfigError } from '../errors';
import { createLogger } from '../log';
import { claimDeliveryId, confirmDeliveryId, releaseDeliveryId } from '../kvs/delivery-claims';
import { readWebhookSecretSet } from '../kvs/site-settings';
import { LICENSE_LAPSED, licenseLapsed } from '../shared/license';
import { createRefreshQueue } from '../queue/refresh-queue';
import { handleChangeNotice, notConfigured, type WebTriggerRequest, type WebTriggerResponse } from './change-notice';
import { cloudIdFrom } from './macro-context';

const log = createLogger('web-trigger');

/** Deliveries wait this long so notices arriving in a burst are served by one engineering read. */
const NOTICE_COALESCE_SECONDS = 2;

/**
 * The change-notice web trigger (manifest: `handler: index.changeNotice`): verify, dedupe,
 * enqueue, answer. No engineering or Confluence calls happen here.
 */
export async function changeNotice(request: WebTriggerRequest, context?: unknown): Promise<WebTriggerResponse> {
  // The engineering system learns the site's subscription lapsed, instead of notices queueing work nobody may see.
  if (licenseLapsed(context)) return { statusCode: 403, headers: { 'Content-Type': ['application/json'] }, body: JSON.stringify({ error: 'not_licensed', message: LICENSE_LAPSED }) };
  const secrets = await inboundSecrets(cloudIdFrom(context));
  if (secrets.length === 0) {
    log.error('configuration problem: change notices are refused until the site has an inbound secret', {
      problem: "no inbound secret on the admin page, and the deployment's WEBHOOK_SECRET does not apply to this site (ENV_CONFIG_SITE_IDS)",
    });
    return notConfigured();
  }
  const queue = createRefreshQueue({ delayInSeconds: NOTICE_COALESCE_SECONDS });
  return handleChangeNotice(request, {
    secrets,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    claimDeliveryId: (id) => claimDeliveryId(id),
    confirmDeliveryId: (id) => confirmDeliveryId(id),
    releaseDeliveryId,
    enqueue: (events) => {
      const receivedAt = Date.now();
      return queue.enqueue(events.map((event) => ({ ...event, receivedAt })));
    },
    log,
  });
}

/**
 * The secrets that verify a change notice on this site: those its admin created (current first, then rotated-out ones
 * still valid), then the deployment's WEBHOOK_SECRET* when ENV_CONFIG_SITE_IDS names the site. None: not configured.
 */
async function inboundSecrets(cloudId: string | undefined): Promise<string[]> {
  const site = acceptedSecrets(await readWebhookSecretSet(), 'inbound', Date.now());
  return [...site, ...environmentSecrets(cloudId)];
}

/** The deployment's secrets for this site, or none (a refused one is logged as a configuration problem). */
function environmentSecrets(cloudId: string | undefined): string[] {
  try {
    if (!environmentAppliesTo(readEnvironmentScope(), cloudId) || !process.env.WEBHOOK_SECRET?.trim()) return [];
    return readWebhookSecrets();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error('configuration problem: the deployment\'s webhook secrets are refused', { problem: error.message });
    return [];
  }
}
