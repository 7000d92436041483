/**
 * The documentation outbox (src/domain/documentation-outbox.ts) on a Forge queue: one event per page state, consumed by
 * `doc-notice-consumer` (manifest: consumer queue `documentation-notices`). No receiver configured: nothing is
 * queued. Each queued state raises the page's newest queued sequence, so the consumer skips older states still queued.
 */
import { Queue } from '@forge/events';
import type { ShownRevisions } from '../domain/documentation-state';
import type { DocumentationOutbox, Logger, PageIndexEntry } from '../domain/ports';

export const DOCUMENTATION_QUEUE_KEY = 'documentation-notices';
export const DOCUMENTATION_EVENT_TYPE = 'documentation.notice';
/**
 * Largest event that carries its page's macros. Forge refuses a push over 200 KB, and a page of 200 macros of 50 specs
 * is several times that: such a state is queued by reference (`byReference`, no macros) and the consumer reads the
 * page's entry from the index, which the reconcile wrote before it queued the state.
 */
export const MAX_INLINE_EVENT_BYTES = 150 * 1024;

/** One page state on the queue: the index entry's fields; privacy is applied when it is sent, under the settings then. */
export interface DocumentationNoticeEvent {
  type: typeof DOCUMENTATION_EVENT_TYPE;
  /** `gone`: the page no longer exists for the app; it is sent with status `gone` and no specs. */
  state: Pick<PageIndexEntry, 'pageId' | 'contentType' | 'version' | 'sequence' | 'status' | 'title' | 'spaceKey' | 'macros'> & {
    gone?: true;
    /** The macros were too many to carry (MAX_INLINE_EVENT_BYTES): `macros` is empty; read the entry of this sequence. */
    byReference?: true;
  };
  shownRevisions?: ShownRevisions;
  /** Epoch ms this event was pushed (its 24 h retention runs from here). */
  queuedAt: number;
  /** Epoch ms the state was first pushed (a re-push keeps it). */
  firstQueuedAt: number;
  /** Fresh pushes of this state after a retention ran short (MAX_REPUSHES). */
  repushes: number;
}

export interface DocumentationOutboxDeps {
  /** Whether the site configured a receiver (nothing is queued otherwise). */
  receiverConfigured(): Promise<boolean>;
  raiseNewestSequence(pageId: string, sequence: number): Promise<void>;
  push(event: DocumentationNoticeEvent, delayInSeconds?: number): Promise<void>;
  /** The revision each macro's snapshot shows, when the caller can tell cheaply; absent: pinned revisions only. */
  shownRevisions?(entry: PageIndexEntry): Promise<ShownRevisions | undefined>;
  clock: { now(): number };
  log: Logger;
}

export function createDocumentationOutbox(deps: DocumentationOutboxDeps): DocumentationOutbox {
  return {
    async pageStateChanged({ entry, gone }) {
      if (!(await deps.receiverConfigured())) return;
      const { pageId, contentType, version, sequence, status, title, spaceKey, macros } = entry;
      const shownRevisions = await deps.shownRevisions?.(entry);
      const now = deps.clock.now();
      // The sequence first: a consumer that finds this event finds it the newest, never behind an older one.
      await deps.raiseNewestSequence(pageId, sequence);
      const event: DocumentationNoticeEvent = {
        type: DOCUMENTATION_EVENT_TYPE,
        state: { pageId, contentType, version, sequence, status, ...(title === undefined ? {} : { title }), ...(spaceKey === undefined ? {} : { spaceKey }), macros, ...(gone ? { gone: true as const } : {}) },
        ...(shownRevisions ? { shownRevisions } : {}),
        queuedAt: now,
        firstQueuedAt: now,
        repushes: 0,
      };
      const byReference = Buffer.byteLength(JSON.stringify(event)) > MAX_INLINE_EVENT_BYTES;
      const { shownRevisions: _reRead, ...bare } = event;
      await deps.push(byReference ? { ...bare, state: { ...event.state, macros: [], byReference: true } } : event);
      deps.log.info('documentation state queued', { pageId, sequence, macros: macros.length, byReference });
    },
  };
}

/** Pushes one documentation event on the Forge queue (optionally delayed, at most 900 s). */
export async function pushDocumentationEvent(event: DocumentationNoticeEvent, delayInSeconds?: number): Promise<void> {
  const queue = new Queue({ key: DOCUMENTATION_QUEUE_KEY });
  await queue.push([{ body: { ...event }, ...(delayInSeconds ? { delayInSeconds: Math.min(900, Math.max(0, delayInSeconds)) } : {}) }]);
}
