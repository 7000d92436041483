import type { ConfluencePage } from './types';

/** What happened to a page or blog post; the product-event service turns each into `avi:confluence:<kind>:<type>`. */
export type ContentChangeKind = 'created' | 'updated' | 'trashed' | 'restored' | 'deleted' | 'archived' | 'unarchived' | 'moved' | 'copied';

/** One change to site content, as the Confluence service reports it to its listeners (after the write). */
export interface ContentChange {
  kind: ContentChangeKind;
  /** The content after the change (before it, for `deleted`). */
  page: ConfluencePage;
  /** The account that caused it (`atlassianId` of the event): a user's, or the app's bot account. */
  actorId: string;
  /** `moved` only: the page before the move. */
  prevPage?: ConfluencePage;
  /** `copied` only: the id of the page that was copied. */
  originContentId?: string;
}

/** Receives every content change of one site. */
export type ContentChangeListener = (change: ContentChange) => void;
