import { kvs } from '@forge/kvs';
import type { DeliveryClaim } from '../domain/ports';
import { isKeyConflict, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

/** Longer than the ±5 min signature tolerance, so a replay inside the window is always caught. */
const CLAIM_TTL_SECONDS = 60 * 60;

/** A pending claim older than this belongs to a delivery that failed without releasing it. */
const PENDING_TAKEOVER_MS = 60_000;

interface Claim {
  state: 'pending' | 'queued';
  at: number;
}

const ttl = { value: CLAIM_TTL_SECONDS, unit: 'SECONDS' as const };

/**
 * Records a webhook-id as pending (KVS FAIL_IF_EXISTS). A second delivery finds it queued
 * (duplicate), pending (in flight: not acknowledged, the sender retries), or pending for too long
 * (its delivery died before queueing or releasing: take it over).
 */
export async function claimDeliveryId(webhookId: string, now = Date.now()): Promise<DeliveryClaim> {
  const key = KEYS.delivery(webhookId);
  try {
    await withKvsRetry(() => kvs.set<Claim>(key, { state: 'pending', at: now }, { keyPolicy: 'FAIL_IF_EXISTS', ttl }));
    return 'claimed';
  } catch (error) {
    if (!isKeyConflict(error)) throw error;
  }
  const existing = await withKvsRetry(() => kvs.get<Claim>(key));
  if (existing?.state === 'queued') return 'duplicate';
  if (existing && now - existing.at < PENDING_TAKEOVER_MS) return 'in_flight';
  await withKvsRetry(() => kvs.set<Claim>(key, { state: 'pending', at: now }, { ttl }));
  return 'claimed';
}

/** Marks a claimed webhook-id as queued: from now on its deliveries are duplicates. */
export async function confirmDeliveryId(webhookId: string, now = Date.now()): Promise<void> {
  await withKvsRetry(() => kvs.set<Claim>(KEYS.delivery(webhookId), { state: 'queued', at: now }, { ttl }));
}

/** Forgets a claim whose notice could not be queued, so the sender's retry is accepted. */
export async function releaseDeliveryId(webhookId: string): Promise<void> {
  await withKvsRetry(() => kvs.delete(KEYS.delivery(webhookId)));
}
