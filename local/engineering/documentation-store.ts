/**
 * Where the sample engineering system keeps what Spec Bridge told it about documentation (tables `eng_doc_*`): the
 * newest state per (cloudId, pageId), the specs each page shows, and the `webhook-id`s already received. A gone page
 * (or one with no specs) keeps its row as a tombstone with its sequence, so an older state arriving late cannot bring
 * it back; it is left out of every listing.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { DocumentationPageState } from '../../src/shared/documentation-notice';

/** One page that shows a spec, as `GET /specs/{id}/documentation` lists it. */
export interface DocumentingPage {
  cloudId: string;
  pageId: string;
  contentType: DocumentationPageState['contentType'];
  url: string | null;
  version: number;
  sequence: number;
  status: 'current' | 'archived';
  title?: string;
  spaceKey?: string;
  /** Every macro on the page that shows the spec. */
  macros: Array<{ macroLocalId: string; revision: string | null; pinned: boolean }>;
  /** ISO time the engineering system received this state. */
  receivedAt: string;
}

/** `GET /specs/{id}/documentation`: the pages that show a spec, as Spec Bridge's documentation notices said. */
export interface SpecDocumentation {
  specId: string;
  /** The record's current revision, to compare with the revision each macro shows. */
  revision: string;
  pages: DocumentingPage[];
}

/** What applying one delivery did. */
export interface ApplyOutcome {
  /** The `webhook-id` was received before: nothing changed. */
  duplicate: boolean;
  /** The state is now the page's state (false: duplicate, or not newer than the stored sequence). */
  applied: boolean;
  /** The page's sequence after this delivery. */
  sequence: number;
  /** Specs the page showed before or shows now, when applied (for listeners); empty otherwise. */
  specIds: string[];
}

export interface DocumentationStore {
  /** Records the delivery and applies the state when its sequence is newer than the page's; one transaction. */
  apply(webhookId: string, state: DocumentationPageState, receivedAtMs: number): ApplyOutcome;
  /** Pages that show `specId` now, ordered by cloudId then pageId, macros by macroLocalId. */
  pagesShowing(specId: string): DocumentingPage[];
}

interface PageRow {
  cloud_id: string;
  page_id: string;
  state: string;
  received_at: number;
}

export function openDocumentationStore(db: DatabaseSync): DocumentationStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS eng_doc_deliveries (webhook_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS eng_doc_pages (
      cloud_id TEXT NOT NULL, page_id TEXT NOT NULL, sequence INTEGER NOT NULL, state TEXT NOT NULL,
      received_at INTEGER NOT NULL, PRIMARY KEY (cloud_id, page_id));
    CREATE TABLE IF NOT EXISTS eng_doc_page_specs (
      cloud_id TEXT NOT NULL, page_id TEXT NOT NULL, spec_id TEXT NOT NULL,
      PRIMARY KEY (spec_id, cloud_id, page_id));
  `);
  const insertDelivery = db.prepare('INSERT OR IGNORE INTO eng_doc_deliveries (webhook_id, received_at) VALUES (?, ?)');
  const selectPage = db.prepare('SELECT sequence, state FROM eng_doc_pages WHERE cloud_id = ? AND page_id = ?');
  const upsertPage = db.prepare('INSERT OR REPLACE INTO eng_doc_pages (cloud_id, page_id, sequence, state, received_at) VALUES (?, ?, ?, ?, ?)');
  const deleteSpecs = db.prepare('DELETE FROM eng_doc_page_specs WHERE cloud_id = ? AND page_id = ?');
  const insertSpec = db.prepare('INSERT OR IGNORE INTO eng_doc_page_specs (cloud_id, page_id, spec_id) VALUES (?, ?, ?)');
  const selectShowing = db.prepare(`
    SELECT p.cloud_id, p.page_id, p.state, p.received_at FROM eng_doc_page_specs s
    JOIN eng_doc_pages p ON p.cloud_id = s.cloud_id AND p.page_id = s.page_id
    WHERE s.spec_id = ? ORDER BY p.cloud_id, p.page_id`);

  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    apply(webhookId, state, receivedAtMs) {
      return transaction(() => {
        const stored = selectPage.get(state.cloudId, state.pageId) as { sequence: number; state: string } | undefined;
        const storedSequence = stored === undefined ? -1 : Number(stored.sequence);
        if (Number(insertDelivery.run(webhookId, receivedAtMs).changes) === 0) {
          return { duplicate: true, applied: false, sequence: storedSequence, specIds: [] };
        }
        if (state.sequence <= storedSequence) return { duplicate: false, applied: false, sequence: storedSequence, specIds: [] };
        const before = stored === undefined ? [] : (JSON.parse(stored.state) as DocumentationPageState).specs.map((s) => s.specId);
        upsertPage.run(state.cloudId, state.pageId, state.sequence, JSON.stringify(state), receivedAtMs);
        deleteSpecs.run(state.cloudId, state.pageId);
        const shown = state.status === 'gone' ? [] : state.specs.map((s) => s.specId);
        for (const specId of new Set(shown)) insertSpec.run(state.cloudId, state.pageId, specId);
        return { duplicate: false, applied: true, sequence: state.sequence, specIds: [...new Set([...before, ...shown])].sort() };
      });
    },

    pagesShowing(specId) {
      return (selectShowing.all(specId) as unknown as PageRow[]).map((row) => documentingPage(row, specId));
    },
  };
}

function documentingPage(row: PageRow, specId: string): DocumentingPage {
  const state = JSON.parse(row.state) as DocumentationPageState;
  const page: DocumentingPage = {
    cloudId: state.cloudId,
    pageId: state.pageId,
    contentType: state.contentType,
    url: state.url,
    version: state.version,
    sequence: state.sequence,
    status: state.status === 'archived' ? 'archived' : 'current',
    macros: state.specs
      .filter((spec) => spec.specId === specId)
      .map(({ macroLocalId, revision, pinned }) => ({ macroLocalId, revision, pinned }))
      .sort((a, b) => (a.macroLocalId < b.macroLocalId ? -1 : a.macroLocalId > b.macroLocalId ? 1 : 0)),
    receivedAt: new Date(Number(row.received_at)).toISOString(),
  };
  if (state.title !== undefined) page.title = state.title;
  if (state.spaceKey !== undefined) page.spaceKey = state.spaceKey;
  return page;
}
