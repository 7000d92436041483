/**
 * The page-level search index property (docs/decisions.md, "Search"): one content property per page, key
 * `specbridge_index`, holding scalar and `text` fields only, which the manifest's `confluence:contentProperty` module
 * indexes for CQL (`specBridgeSpec ~ "SHAFT-1042"`). Forge indexes one fixed property key (letters, digits and `_`),
 * never a JSON array, so the per-macro snapshot properties cannot be searched and spec ids are a space-separated text.
 * Page editors can overwrite the property: what search finds is a hint, never shown as engineering data.
 */
import type { PageIndexEntry } from './ports';

/** The property key (Forge: only letters, digits and `_`; globally unique, so prefixed with the app's name). */
export const SEARCH_INDEX_PROPERTY_KEY = 'specbridge_index';

/** The field types a `confluence:contentProperty` value may be indexed as, save `user` (the app indexes none). */
export type IndexedFieldType = 'number' | 'string' | 'text' | 'date';

/** One indexed field: its path in the property value, its type and its CQL alias (as manifest.yml declares them). */
export interface IndexedField {
  path: keyof SearchIndexValue;
  type: IndexedFieldType;
  searchAlias: string;
}

/** The fields manifest.yml indexes; test/forge/search-index-manifest.test.ts checks the manifest against this list. */
export const SEARCH_INDEX_FIELDS: readonly IndexedField[] = [
  { path: 'specs', type: 'text', searchAlias: 'specBridgeSpec' },
  { path: 'revisions', type: 'text', searchAlias: 'specBridgeRevision' },
  { path: 'pinned', type: 'text', searchAlias: 'specBridgePinned' },
  { path: 'statuses', type: 'text', searchAlias: 'specBridgeStatus' },
  { path: 'specCount', type: 'number', searchAlias: 'specBridgeSpecCount' },
  { path: 'macroCount', type: 'number', searchAlias: 'specBridgeMacroCount' },
  { path: 'updatedAt', type: 'date', searchAlias: 'specBridgeUpdated' },
];

/** The property's value: every field a scalar (no arrays, no nested objects). */
export interface SearchIndexValue {
  schemaVersion: 1;
  /** Space-separated distinct spec ids shown on the page, in first-shown order. */
  specs: string;
  /** Space-separated `ID@REV` of the revision each spec shows, where a verified snapshot says so. */
  revisions: string;
  /** Space-separated ids of the specs pinned to a revision by some macro. */
  pinned: string;
  /** Space-separated distinct lifecycle statuses shown (from snapshots). */
  statuses: string;
  specCount: number;
  macroCount: number;
  /** ISO-8601 time of the reconcile the value was built from. */
  updatedAt: string;
  /** The page version the macros were read from. */
  pageVersion: number;
  /** True when ids were left out to keep the property under MAX_INDEX_TEXT_CHARS per field. */
  truncated: boolean;
}

/** What a verified snapshot says one spec shows: its revision and lifecycle status. */
export interface ShownSpec {
  revision?: string;
  status?: string;
}

/**
 * Longest text per field. Confluence refuses content-property values over 32 KB; four text fields of at most
 * 6,000 characters stay well under it with the other fields.
 */
export const MAX_INDEX_TEXT_CHARS = 6_000;

/** Forge's rule for `propertyKey`: only alphanumeric and underscore characters. */
export function isIndexablePropertyKey(key: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(key);
}

/** Builds the property value for a page from its index entry and what its verified snapshots show (by spec id). */
export function buildSearchIndexValue(entry: PageIndexEntry, shown: ReadonlyMap<string, ShownSpec> = new Map()): SearchIndexValue {
  const specIds = distinct(entry.macros.flatMap((macro) => macro.specIds));
  const pinnedIds = distinct(entry.macros.flatMap((macro) => Object.keys(macro.pinnedRevisions).filter((id) => macro.specIds.includes(id))));
  const revisions = specIds.flatMap((id) => {
    const revision = shown.get(id)?.revision;
    return revision === undefined || /\s/.test(revision) ? [] : [`${id}@${revision}`];
  });
  const statuses = distinct(specIds.flatMap((id) => tokensOf(shown.get(id)?.status)));
  const specs = joinBounded(specIds);
  const revisionText = joinBounded(revisions);
  const pinned = joinBounded(pinnedIds);
  const statusText = joinBounded(statuses);
  return {
    schemaVersion: 1,
    specs: specs.text,
    revisions: revisionText.text,
    pinned: pinned.text,
    statuses: statusText.text,
    specCount: specIds.length,
    macroCount: entry.macros.length,
    updatedAt: new Date(entry.reconciledAt).toISOString(),
    pageVersion: entry.version,
    truncated: specs.truncated || revisionText.truncated || pinned.truncated || statusText.truncated,
  };
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/** A status is one word in practice ("Released"); any whitespace inside would split it, so it is kept as its words. */
function tokensOf(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter(Boolean);
}

/** Joins with spaces, leaving out whole values past MAX_INDEX_TEXT_CHARS (a cut id would be a wrong hint). */
function joinBounded(values: string[]): { text: string; truncated: boolean } {
  let text = '';
  for (const value of values) {
    const next = text === '' ? value : `${text} ${value}`;
    if (next.length > MAX_INDEX_TEXT_CHARS) return { text, truncated: true };
    text = next;
  }
  return { text, truncated: false };
}

/** The content a search index property sits on. */
export interface IndexedPageRef {
  pageId: string;
  contentType: PageIndexEntry['contentType'];
}

/** What happened to a page's search index property. */
export type SearchIndexWrite = 'written' | 'unchanged' | 'stale' | 'page_gone';

/** Writes and removes the page-level search index property (the reconcile's last step); src/confluence implements it. */
export interface SearchIndexWriter {
  /**
   * Writes the property built from `entry` (and what verified snapshots show) as the app: 'stale' when the stored
   * value was built from a newer page version, 'unchanged' when it already holds the same value, 'page_gone' on 404.
   */
  writeSearchIndexProperty(page: IndexedPageRef, entry: PageIndexEntry, shown?: ReadonlyMap<string, ShownSpec>): Promise<SearchIndexWrite>;
  /** Deletes the property (the page holds no macro any more); 'absent' when there was none. */
  removeSearchIndexProperty(page: IndexedPageRef): Promise<'removed' | 'absent'>;
}
