import { readWebhookSecrets } from '../config';
import { ConfigError } from '../errors';
import { createLogger } from '../log';
import { claimDeliveryId, confirmDeliveryId, releaseDeliveryId } from '../kvs/delivery-claims';
import { createRefreshQueue } from '../queue/refresh-queue';
import { handleChangeNotice, notConfigured, type WebTriggerRequest, type WebTriggerResponse } from './change-notice';

const log = createLogger('web-trigger');

/** Deliveries wait this long so notices arriving in a burst are served by one engineering read. */
const NOTICE_COALESCE_SECONDS = 2;

/**
 * The change-notice web trigger (manifest: `handler: index.changeNotice`): verify, dedupe,
 * enqueue, answer. No engineering or Confluence calls happen here.
 */
export async function changeNotice(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const secrets = webhookSecrets();
  if (!secrets) return notConfigured();
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

/** The configured secrets, or undefined (logged as a configuration problem) when they are missing or refused. */
function webhookSecrets(): string[] | undefined {
  try {
    return readWebhookSecrets();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error('configuration problem: change notices are refused until it is fixed', { problem: error.message });
    return undefined;
  }
}
