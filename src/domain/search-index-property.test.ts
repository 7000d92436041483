import { describe, expect, it } from 'vitest';
import type { PageIndexEntry } from './ports';
import {
  buildSearchIndexValue,
  isIndexablePropertyKey,
  MAX_INDEX_TEXT_CHARS,
  SEARCH_INDEX_FIELDS,
  SEARCH_INDEX_PROPERTY_KEY,
  type SearchIndexValue,
} from './search-index-property';

function entry(macros: PageIndexEntry['macros'], overrides: Partial<PageIndexEntry> = {}): PageIndexEntry {
  return { pageId: '101', contentType: 'page', version: 7, sequence: 3, status: 'current', macros, reconciledAt: Date.UTC(2026, 10, 30, 12), ...overrides };
}

describe('the search index property', () => {
  it('uses a key Forge can index: letters, digits and underscores only', () => {
    expect(isIndexablePropertyKey(SEARCH_INDEX_PROPERTY_KEY)).toBe(true);
    expect(isIndexablePropertyKey('spec-bridge.snapshot.abc')).toBe(false);
    expect(isIndexablePropertyKey('spec bridge')).toBe(false);
    expect(isIndexablePropertyKey('')).toBe(false);
  });

  it('lists the page’s distinct spec ids as one space-separated text, pins and shown revisions beside them', () => {
    const value = buildSearchIndexValue(
      entry([
        { localId: 'm1', specIds: ['SHAFT-1042', 'BOLT-7'], pinnedRevisions: { 'BOLT-7': 'B' } },
        { localId: 'm2', specIds: ['SHAFT-1042'], pinnedRevisions: {} },
      ]),
      new Map([
        ['SHAFT-1042', { revision: 'C', status: 'Released' }],
        ['BOLT-7', { revision: 'B', status: 'Released' }],
      ]),
    );
    expect(value).toEqual({
      schemaVersion: 1,
      specs: 'SHAFT-1042 BOLT-7',
      revisions: 'SHAFT-1042@C BOLT-7@B',
      pinned: 'BOLT-7',
      statuses: 'Released',
      specCount: 2,
      macroCount: 2,
      updatedAt: '2026-11-30T12:00:00.000Z',
      pageVersion: 7,
      truncated: false,
    });
  });

  it('holds only scalars, and every indexed field has the type the manifest declares for it', () => {
    const value = buildSearchIndexValue(entry([{ localId: 'm1', specIds: ['A-1'], pinnedRevisions: {} }]));
    for (const field of Object.values(value)) expect(['string', 'number', 'boolean']).toContain(typeof field);
    for (const field of SEARCH_INDEX_FIELDS) {
      const raw = value[field.path];
      if (field.type === 'number') expect(typeof raw).toBe('number');
      else expect(typeof raw).toBe('string');
      if (field.type === 'date') expect(new Date(raw as string).toISOString()).toBe(raw);
    }
    for (const field of SEARCH_INDEX_FIELDS) expect(field.searchAlias).toMatch(/^[a-zA-Z0-9._-]+$/);
    expect(new Set(SEARCH_INDEX_FIELDS.map((field) => field.searchAlias)).size).toBe(SEARCH_INDEX_FIELDS.length);
  });

  it('leaves out a revision it does not know and a pin of a spec the macro no longer shows', () => {
    const value = buildSearchIndexValue(entry([{ localId: 'm1', specIds: ['A-1', 'B-2'], pinnedRevisions: { 'C-3': 'A' } }]), new Map([['B-2', { revision: 'D' }]]));
    expect(value.revisions).toBe('B-2@D');
    expect(value.pinned).toBe('');
    expect(value.statuses).toBe('');
  });

  it('keeps each text under the bound by leaving out whole ids, and says so', () => {
    const ids = Array.from({ length: 1_000 }, (_, index) => `SPEC-${String(index).padStart(5, '0')}`);
    const value: SearchIndexValue = buildSearchIndexValue(entry([{ localId: 'm1', specIds: ids, pinnedRevisions: {} }]));
    expect(value.specs.length).toBeLessThanOrEqual(MAX_INDEX_TEXT_CHARS);
    expect(value.specs.split(' ').every((id) => ids.includes(id))).toBe(true);
    expect(value.truncated).toBe(true);
    expect(value.specCount).toBe(1_000);
    expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThan(32 * 1024);
  });
});
