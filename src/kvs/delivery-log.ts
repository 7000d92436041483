/**
 * The site's delivery log (admin page "Deliveries"): the last 500 notices in and out, newest first, each kept 30 days.
 * The change-notice web trigger is public, so refusals nobody verified are capped at 30 a minute per site: past the cap
 * a refusal is answered as always but not recorded (docs/change-notices.md "Delivery log").
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import type { DeliveryEntry, DeliveryFilter } from '../shared/admin-contract';
import { KEYS } from './keys';
import { isKeyConflict, withKvsRetry } from './kvs-calls';
import { appendEntry, pruneBeyond, scanNewest } from './newest-first-log';

/** Entries listed (and kept: older ones are pruned). */
export const DELIVERY_LOG_SIZE = 500;
/** Each entry's KVS TTL: a month of history, whatever the traffic. */
export const DELIVERY_TTL_SECONDS = 30 * 86_400;
/** Refused deliveries whose signature was not verified, recorded per minute per site (the KVS is per installation). */
export const REFUSALS_RECORDED_PER_MINUTE = 30;
/** One record in this many prunes the entries beyond the newest 500 (a pass reads 6 query pages, deletes ≤ 100). */
const PRUNE_EVERY = 20;
/** Refusal slots outlive their minute a little, for clocks that disagree. */
const SLOT_TTL_SECONDS = 120;
const DEFAULT_LIMIT = 100;
const MAX_TEXT_FILTER = 200;

const StoredDelivery = z.object({
  at: z.iso.datetime(),
  direction: z.enum(['inbound', 'outbound']),
  webhookId: z.string().max(256).optional(),
  specIds: z.array(z.string().max(64)).max(50),
  specIdCount: z.number().int().nonnegative().optional(),
  status: z.enum(['accepted', 'duplicate', 'refused']),
  httpStatus: z.number().int().min(100).max(599),
  reason: z.string().max(500).optional(),
  unverified: z.boolean().optional(),
  test: z.boolean().optional(),
});

/**
 * Records one delivery. A refusal nobody verified (not a test) first takes one of the minute's refusal slots and is
 * dropped when none is left. Throws when KVS fails: callers that must not fail catch it.
 */
export async function recordDelivery(entry: DeliveryEntry, nowMs = Date.now()): Promise<void> {
  if (entry.status === 'refused' && entry.unverified === true && entry.test !== true && !(await takeRefusalSlot(nowMs))) return;
  const { id: _unstored, ...stored } = entry;
  await appendEntry(KEYS.deliveryLogPrefix(), stored, nowMs, DELIVERY_TTL_SECONDS);
  if (Math.random() * PRUNE_EVERY < 1) await pruneDeliveries();
}

/** The newest deliveries matching `filter` (limit default 100, at most 500), from the newest 500 recorded. */
export async function listDeliveries(filter: DeliveryFilter = {}): Promise<DeliveryEntry[]> {
  const limit = clampLimit(filter.limit);
  const text = typeof filter.text === 'string' ? filter.text.trim().slice(0, MAX_TEXT_FILTER).toLowerCase() : '';
  const entries: DeliveryEntry[] = [];
  for await (const { key, value } of scanNewest(KEYS.deliveryLogPrefix(), DELIVERY_LOG_SIZE)) {
    const parsed = StoredDelivery.safeParse(value);
    if (!parsed.success) continue;
    const entry: DeliveryEntry = { id: key.slice(KEYS.deliveryLogPrefix().length), ...withoutUndefined(parsed.data) };
    if (filter.status && entry.status !== filter.status) continue;
    if (filter.direction && entry.direction !== filter.direction) continue;
    if (text && ![entry.webhookId ?? '', ...entry.specIds].some((s) => s.toLowerCase().includes(text))) continue;
    entries.push(entry);
    if (entries.length >= limit) break;
  }
  return entries;
}

/** Deletes entries beyond the newest 500 (up to 100 a pass); answers how many. */
export async function pruneDeliveries(): Promise<number> {
  return pruneBeyond(KEYS.deliveryLogPrefix(), DELIVERY_LOG_SIZE);
}

/**
 * Takes a free refusal slot of this minute (KVS FAIL_IF_EXISTS, so concurrent refusals never share one): at most
 * REFUSALS_RECORDED_PER_MINUTE succeed a minute, however many invocations race. Past the cap it costs one query, no write.
 */
async function takeRefusalSlot(nowMs: number): Promise<boolean> {
  const minute = Math.floor(nowMs / 60_000);
  const taken = await withKvsRetry(() =>
    kvs.query().where('key', WhereConditions.beginsWith(KEYS.refusalSlotPrefix(minute))).limit(REFUSALS_RECORDED_PER_MINUTE).getMany<unknown>(),
  );
  const takenKeys = new Set(taken.results.map((r) => r.key));
  for (let slot = 1; slot <= REFUSALS_RECORDED_PER_MINUTE; slot += 1) {
    const key = KEYS.refusalSlot(minute, slot);
    if (takenKeys.has(key)) continue;
    try {
      await withKvsRetry(() => kvs.set(key, nowMs, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: SLOT_TTL_SECONDS, unit: 'SECONDS' } }));
      return true;
    } catch (error) {
      if (!isKeyConflict(error)) throw error;
    }
  }
  return false;
}

function clampLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 1) return DEFAULT_LIMIT;
  return Math.min(Math.floor(limit), DELIVERY_LOG_SIZE);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
