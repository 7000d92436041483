/**
 * The search index property writer (src/confluence/search-index-writer.ts) with the real @forge/api against the local
 * platform's Confluence, and the platform's CQL search finding what it wrote through the manifest's search alias.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import type { PageIndexEntry } from '../../src/domain/ports';
import type { SearchIndexWriter } from '../../src/domain/search-index-property';

let platform: LocalPlatform;
let writer: SearchIndexWriter;
let spaceId: string;

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' } });
  spaceId = platform.confluence.admin.createSpace({ key: 'ENG', name: 'Engineering' }).id;
  const adapter = await import('../../src/confluence/search-index-writer');
  writer = adapter.createSearchIndexWriter({ sleep: async () => undefined });
});

afterAll(() => {
  platform.close();
});

function entry(pageId: string, version: number, specIds: string[]): PageIndexEntry {
  return { pageId, contentType: 'page', version, sequence: version, status: 'current', macros: [{ localId: 'm1', specIds, pinnedRevisions: {} }], reconciledAt: Date.UTC(2026, 10, 30) };
}

function newPage(title: string): string {
  return platform.confluence.admin.createPage({ spaceId, title }).id;
}

async function searchIds(cql: string): Promise<string[]> {
  const response = await platform.confluence.handle({ method: 'GET', path: `/wiki/rest/api/search?cql=${encodeURIComponent(cql)}`, headers: new Headers(), body: '', principal: { kind: 'app' } });
  return ((await response.json()) as { results: { content: { id: string } }[] }).results.map((result) => result.content.id);
}

const stored = (pageId: string) => platform.confluence.admin.getPropertyByKey(pageId, 'specbridge_index');

test('what the writer stores, CQL finds by the spec alias', async () => {
  const pageId = newPage('Gearbox');

  expect(await writer.writeSearchIndexProperty({ pageId, contentType: 'page' }, entry(pageId, 3, ['SHAFT-1042', 'BOLT-7']), new Map([['SHAFT-1042', { revision: 'C' }]]))).toBe('written');

  expect(stored(pageId)?.value).toMatchObject({ specs: 'SHAFT-1042 BOLT-7', revisions: 'SHAFT-1042@C', pageVersion: 3 });
  expect(await searchIds('specBridgeSpec ~ "SHAFT-1042"')).toContain(pageId);
  expect(await searchIds('specBridgeRevision ~ "SHAFT-1042@C"')).toEqual([pageId]);
});

test('the same value is not rewritten, a newer page version is, an older one never overwrites it', async () => {
  const pageId = newPage('Versions');
  const page = { pageId, contentType: 'page' as const };
  await writer.writeSearchIndexProperty(page, entry(pageId, 5, ['A-1']));

  expect(await writer.writeSearchIndexProperty(page, entry(pageId, 5, ['A-1']))).toBe('unchanged');
  expect(await writer.writeSearchIndexProperty(page, entry(pageId, 6, ['A-1', 'B-2']))).toBe('written');
  expect(await writer.writeSearchIndexProperty(page, entry(pageId, 4, ['C-3']))).toBe('stale');
  expect(stored(pageId)?.value).toMatchObject({ specs: 'A-1 B-2', pageVersion: 6 });
  expect(stored(pageId)?.version.number).toBe(2);
});

test('a version conflict is re-read and retried', async () => {
  const pageId = newPage('Conflict');
  const page = { pageId, contentType: 'page' as const };
  await writer.writeSearchIndexProperty(page, entry(pageId, 1, ['A-1']));
  platform.faults.add({ service: 'confluence', operation: 'PUT /pages/{page-id}/properties/{property-id}', status: 409, times: 1 });

  expect(await writer.writeSearchIndexProperty(page, entry(pageId, 2, ['D-4']))).toBe('written');
  expect(stored(pageId)?.value).toMatchObject({ specs: 'D-4' });
});

test('removing the property takes the page out of search; a missing page is reported, not thrown', async () => {
  const pageId = newPage('Removed');
  const page = { pageId, contentType: 'page' as const };
  await writer.writeSearchIndexProperty(page, entry(pageId, 1, ['GONE-9']));

  expect(await writer.removeSearchIndexProperty(page)).toBe('removed');
  expect(await writer.removeSearchIndexProperty(page)).toBe('absent');
  expect(await searchIds('specBridgeSpec ~ "GONE-9"')).toEqual([]);
  expect(await writer.writeSearchIndexProperty({ pageId: '999999', contentType: 'page' }, entry('999999', 1, ['A-1']))).toBe('page_gone');
});
