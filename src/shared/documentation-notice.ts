/**
 * The documentation notice: what Spec Bridge tells the engineering system about where its specs are documented
 * (the bridge's Confluence → engineering direction). Sent as a Standard Webhooks delivery signed with the site's
 * outbound secret to the receiver URL an admin configures; the engineering API contract documents it
 * (docs/engineering-api.openapi.yaml, `webhooks.documentationNotice`). Here because both sides use it: the app
 * (src/) builds and signs it, the sample engineering system (local/engineering) verifies and applies it.
 *
 * State-based, not a diff: each notice is the whole current state of one page, and `sequence` orders the states of
 * that page (Forge queues are not FIFO), so a receiver keeps the highest sequence per (cloudId, pageId) and ignores
 * older or equal ones. One `webhook-id` per state: `documentationWebhookId`.
 */

export const DOCUMENTATION_NOTICE_TYPE = 'documentation.page_state';

/** One macro's spec as the page shows it. */
export interface DocumentedSpec {
  specId: string;
  /** The macro instance that shows it (one page may show a spec in several macros). */
  macroLocalId: string;
  /** The revision the page shows: the pinned one, or the one its last verified snapshot shows; null when not known yet. */
  revision: string | null;
  /** True when the author pinned the revision; false when the macro shows the live (latest) revision. */
  pinned: boolean;
}

export interface DocumentationPageState {
  /** The Confluence site (Forge installation) the page belongs to. */
  cloudId: string;
  pageId: string;
  contentType: 'page' | 'blogpost';
  /** A link to the page (`<site>/wiki/pages/viewpage.action?pageId=<id>`), or null when the app cannot tell the site URL. */
  url: string | null;
  /** The page version the state was read from. */
  version: number;
  /**
   * `current`: the page shows `specs`. `archived`: the page is archived (specs still listed). `gone`: the page no
   * longer exists, or is no longer visible to the app, or an admin excluded it — `specs` is empty.
   */
  status: 'current' | 'archived' | 'gone';
  /** Per-page, strictly increasing with every state the app sends for this page. */
  sequence: number;
  /** Only when the site admin opted in to sharing titles and space keys; absent otherwise. */
  title?: string;
  spaceKey?: string;
  specs: DocumentedSpec[];
}

/** The JSON body of one documentation notice. */
export interface DocumentationNotice {
  type: typeof DOCUMENTATION_NOTICE_TYPE;
  /** ISO time the state was built. */
  timestamp: string;
  data: DocumentationPageState;
}

/** The Standard Webhooks `webhook-id` of one page state: the same state always has the same id (idempotent retries). */
export function documentationWebhookId(state: Pick<DocumentationPageState, 'cloudId' | 'pageId' | 'sequence'>): string {
  return `doc_${state.cloudId}_${state.pageId}_${state.sequence}`;
}
