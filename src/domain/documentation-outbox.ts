import type { PageIndexEntry } from './ports';

/**
 * Where the reconcile of page events hands each new state of a page (the two-way bridge, docs/documentation-notices.md):
 * the app sends it to the engineering system as a documentation notice. `previous` is the entry before the reconcile
 * (undefined: the page was not indexed). Resolves once the state is queued, or at once when no receiver is configured.
 */
export interface DocumentationOutbox {
  pageStateChanged(entry: PageIndexEntry, previous: PageIndexEntry | undefined): Promise<void>;
}
