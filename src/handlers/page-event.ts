import { z } from 'zod';
import { errorDetail } from '../domain/error-detail';
import type { Logger } from '../domain/ports';
import { handlePageEvent, type PageEvent, type PageEventOutcome, type ReconcileDeps } from '../pipeline/reconcile-page';

/** The page and blog post events the manifest's trigger subscribes to (Forge's Confluence events reference). */
export const PAGE_EVENT_TYPES = [
  'avi:confluence:created:page',
  'avi:confluence:updated:page',
  'avi:confluence:restored:page',
  'avi:confluence:archived:page',
  'avi:confluence:unarchived:page',
  'avi:confluence:moved:page',
  'avi:confluence:copied:page',
  'avi:confluence:created:blogpost',
  'avi:confluence:updated:blogpost',
  'avi:confluence:restored:blogpost',
] as const;

const ContentId = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).transform(String);

/**
 * The documented payload (developer.atlassian.com/platform/forge/events-reference/confluence): `eventType`,
 * `atlassianId`, `content` {id, type, status, title, space {key}}, and `originContentId` on copied events. Only what
 * the reconcile uses is read, and checked; anything else in the event is ignored.
 */
const PageEventPayload = z.looseObject({
  eventType: z.enum(PAGE_EVENT_TYPES),
  content: z.looseObject({
    id: ContentId,
    type: z.enum(['page', 'blogpost']),
    space: z.looseObject({ key: z.string().regex(/^[A-Za-z0-9~_-]{1,255}$/).optional() }).optional(),
  }),
  originContentId: ContentId.optional(),
});

/** The event's fields, or undefined for an event that does not have the documented shape. */
export function parsePageEvent(raw: unknown): PageEvent | undefined {
  const parsed = PageEventPayload.safeParse(raw);
  if (!parsed.success) return undefined;
  const { eventType, content, originContentId } = parsed.data;
  return {
    eventType,
    pageId: content.id,
    contentType: content.type,
    ...(content.space?.key !== undefined ? { spaceKey: content.space.key } : {}),
    ...(eventType === 'avi:confluence:copied:page' && originContentId !== undefined ? { originContentId } : {}),
  };
}

/**
 * One page event: validated, then reconciled. A malformed event is logged and dropped; a failed reconcile is logged
 * and leaves the index as it was (the page's next event, or a view, reads it again).
 */
export async function receivePageEvent(raw: unknown, deps: () => ReconcileDeps, log: Logger): Promise<PageEventOutcome | { kind: 'malformed' } | { kind: 'failed' }> {
  const event = parsePageEvent(raw);
  if (!event) {
    log.warn('dropping a page event without the documented shape', { eventType: typeof (raw as { eventType?: unknown })?.eventType === 'string' ? (raw as { eventType: string }).eventType.slice(0, 80) : undefined });
    return { kind: 'malformed' };
  }
  try {
    return await handlePageEvent(deps(), event);
  } catch (error) {
    log.error('page event reconcile failed', { pageId: event.pageId, eventType: event.eventType, ...errorDetail(error) });
    return { kind: 'failed' };
  }
}
