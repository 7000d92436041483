/**
 * The where-used page's contract (manifest: `confluence:globalPage` `spec-bridge-where-used`, resolver function
 * `where-used-resolver`): specs and the pages that show them, only pages the viewer may see.
 */
import type { ResolverResult } from './resolver-contract';

/** One macro showing the spec on a page the viewer may see. */
export interface WhereUsedPage {
  pageId: string;
  contentType: 'page' | 'blogpost';
  title: string;
  /** The page in Confluence (site URL + the page's web UI link). */
  url: string;
  localId: string;
  /** The revision the macro's verified snapshot shows; absent when it has none the app can verify. */
  shownRevision?: string;
  /** The revision the macro pins; absent: it shows the latest. */
  pinnedRevision?: string;
  /** Pinned to a revision other than the current one. */
  pinnedBehind: boolean;
  /** Not pinned, and its snapshot shows another revision than the current one (or none the app can verify). */
  stale: boolean;
  /** ISO time the snapshot's record was fetched. */
  snapshotFetchedAt?: string;
}

export interface WhereUsedSpec {
  specId: string;
  /** The current revision as the app's cache last saw it; absent when not cached. */
  currentRevision?: string;
  title?: string;
  pages: WhereUsedPage[];
}

export interface WhereUsedAnswer {
  specs: WhereUsedSpec[];
  /** Pass back to read the next part; absent: this was the last. */
  cursor?: string;
}

export interface WhereUsedRequest {
  cursor?: string;
}

export type WhereUsedResult = ResolverResult<WhereUsedAnswer>;
