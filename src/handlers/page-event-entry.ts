import { createLogger } from '../log';

const log = createLogger('page-event');

/**
 * The Confluence page-event trigger (manifest: `trigger` page-events → `handler: index.pageEvent`).
 * Placeholder body: the where-used reconcile replaces it.
 */
export async function pageEvent(event: { eventType?: string; content?: { id?: string } }): Promise<void> {
  log.info('page event received', { eventType: event.eventType, pageId: event.content?.id });
  return Promise.resolve();
}
