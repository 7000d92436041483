import { kvs } from '@forge/kvs';
import { isKeyConflict, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

/** Longer than the ±5 min signature tolerance, so a replay inside the window is always caught. */
const CLAIM_TTL_SECONDS = 60 * 60;

/** Records a webhook-id once (KVS FAIL_IF_EXISTS): the second delivery of the same id is a duplicate. */
export async function claimDeliveryId(webhookId: string): Promise<'claimed' | 'duplicate'> {
  try {
    await withKvsRetry(() =>
      kvs.set(KEYS.delivery(webhookId), { claimedAt: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: CLAIM_TTL_SECONDS, unit: 'SECONDS' } }),
    );
    return 'claimed';
  } catch (error) {
    if (isKeyConflict(error)) return 'duplicate';
    throw error;
  }
}

/** Forgets a claim whose notice could not be queued, so the sender's retry is accepted. */
export async function releaseDeliveryId(webhookId: string): Promise<void> {
  await withKvsRetry(() => kvs.delete(KEYS.delivery(webhookId)));
}
