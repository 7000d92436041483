/**
 * The site's documentation-notice settings (receiver URL and privacy opt-ins, one plain key) and the newest state
 * sequence queued per page (docs/documentation-notices.md). Read back validated: a malformed entry reads as absent.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { KEYS } from './keys';
import { withKvsRetry } from './kvs-calls';

const StoredDocumentationSettings = z.object({
  receiverUrl: z.string().min(1).max(2048),
  shareTitles: z.boolean(),
  includeRestricted: z.boolean(),
  /** The site's base URL from the admin page's context (page links in notices); absent: links are null. */
  siteUrl: z.string().max(2048).optional(),
  updatedAt: z.number(),
  updatedBy: z.string().max(128),
});
export type StoredDocumentationSettings = z.infer<typeof StoredDocumentationSettings>;

/** A page's newest queued sequence is forgotten after a month without a new state (a later one starts over, higher). */
const SEQUENCE_TTL_SECONDS = 30 * 86_400;

export async function readDocumentationSettings(): Promise<StoredDocumentationSettings | undefined> {
  const parsed = StoredDocumentationSettings.safeParse(await withKvsRetry(() => kvs.get(KEYS.documentationNotices())));
  return parsed.success ? parsed.data : undefined;
}

export async function writeDocumentationSettings(settings: StoredDocumentationSettings): Promise<void> {
  await withKvsRetry(() => kvs.set(KEYS.documentationNotices(), settings));
}

export async function deleteDocumentationSettings(): Promise<void> {
  await withKvsRetry(() => kvs.delete(KEYS.documentationNotices()));
}

/** The newest sequence queued for a page, or undefined. */
export async function readNewestSequence(pageId: string): Promise<number | undefined> {
  const value = await withKvsRetry(() => kvs.get(KEYS.documentationSequence(pageId)));
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Raises a page's newest queued sequence to `sequence` (never lowers it). Not a transaction: two reconciles of one page
 * racing may leave the lower of their sequences, which then lets an older state through; the receiver still keeps the
 * highest sequence it saw, so that costs a request, never a wrong state.
 */
export async function raiseNewestSequence(pageId: string, sequence: number): Promise<void> {
  const current = await readNewestSequence(pageId);
  if (current !== undefined && current >= sequence) return;
  await withKvsRetry(() => kvs.set(KEYS.documentationSequence(pageId), sequence, { ttl: { value: SEQUENCE_TTL_SECONDS, unit: 'SECONDS' } }));
}
