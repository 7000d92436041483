import { readWebhookSecrets } from '../config';
import { claimDeliveryId, confirmDeliveryId, releaseDeliveryId } from '../kvs/delivery-claims';
import { createRefreshQueue } from '../queue/refresh-queue';
import { handleChangeNotice, type WebTriggerRequest, type WebTriggerResponse } from './change-notice';

/** Deliveries wait this long so notices arriving in a burst are served by one engineering read. */
const NOTICE_COALESCE_SECONDS = 2;

/**
 * The change-notice web trigger (manifest: `handler: index.changeNotice`): verify, dedupe,
 * enqueue, answer. No engineering or Confluence calls happen here.
 */
export async function changeNotice(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const secrets = readWebhookSecrets();
  if (secrets.length === 0) console.warn(JSON.stringify({ message: 'WEBHOOK_SECRET is not set; every notice is refused' }));
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
    log: (message, meta) => console.info(JSON.stringify({ message, ...meta })),
  });
}
