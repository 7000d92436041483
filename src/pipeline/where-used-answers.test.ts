import { expect, test } from 'vitest';
import type { MacroRef, PageIndexEntry } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import { MAX_CONFLUENCE_READS_PER_QUERY, type SnapshotReadingForQuery } from '../domain/where-used-query';
import { macroOnPage, pagesShowingSpec, type WhereUsedAnswerDeps } from './where-used-answers';

const NOW = Date.parse('2026-11-30T12:00:00Z');

function snapshot(ref: MacroRef, revision: string, fetchedAt = new Date(NOW - 60_000).toISOString()): MacroSnapshot {
  return {
    schemaVersion: 1, pageId: ref.pageId, localId: ref.localId, layout: 'card', columns: [], ttlSeconds: 600,
    specs: [{ id: 'S-1', fetchedAt, record: { revision, status: 'released' } as never }],
    writtenAt: fetchedAt, contentHash: 'h', truncated: false,
  };
}

function rig(refs: MacroRef[], options: { entries?: PageIndexEntry[]; readings?: (ref: MacroRef) => SnapshotReadingForQuery } = {}) {
  const reads: MacroRef[] = [];
  const removed: MacroRef[] = [];
  const deps: WhereUsedAnswerDeps = {
    whereUsed: { list: async () => refs, remove: async (_ids, ref) => void removed.push(ref) },
    pageIndex: { readMany: async (ids) => new Map((options.entries ?? []).filter((e) => ids.includes(e.pageId)).map((e) => [e.pageId, e])) },
    rememberedMacros: async (pageId) => refs.filter((ref) => ref.pageId === pageId),
    readSnapshot: async (ref) => {
      reads.push(ref);
      return options.readings?.(ref) ?? { kind: 'verified', snapshot: snapshot(ref, 'C'), contentType: 'page' };
    },
    sharing: async () => ({ shareTitles: false }),
    siteUrl: 'https://example.atlassian.net',
    nowMs: () => NOW,
    concurrency: 4,
    log: { warn: () => undefined },
  };
  return { deps, reads, removed };
}

const macros = (pageId: string, count: number): MacroRef[] => Array.from({ length: count }, (_, i) => ({ pageId, localId: `m${i}`, contentType: 'page' as const }));

test('one answer reads at most the budget of snapshots and continues with a cursor where it stopped', async () => {
  const refs = [...macros('10', 60), ...macros('11', 60), ...macros('9', 1)];
  const { deps, reads } = rig(refs);
  const first = await pagesShowingSpec(deps, { specId: 'S-1', limit: 20 });
  expect(first.pages.map((page) => page.pageId)).toEqual(['9', '10']);
  expect(reads.length).toBe(61);
  expect(reads.length).toBeLessThanOrEqual(MAX_CONFLUENCE_READS_PER_QUERY);
  expect(first.nextCursor).toBeDefined();
  const second = await pagesShowingSpec(deps, { specId: 'S-1', limit: 20, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) });
  expect(second.pages.map((page) => page.pageId)).toEqual(['11']);
  expect(second.nextCursor).toBeUndefined();
});

test('a page with more macros than the budget is answered alone, its extra macros reported as not read', async () => {
  const { deps, reads } = rig(macros('5', MAX_CONFLUENCE_READS_PER_QUERY + 20));
  const answer = await pagesShowingSpec(deps, { specId: 'S-1', limit: 20 });
  expect(reads.length).toBe(MAX_CONFLUENCE_READS_PER_QUERY);
  expect(answer.pages[0]?.macros.filter((macro) => macro.snapshot === 'not_read')).toHaveLength(20);
  expect(answer.pages[0]?.url).toBe('https://example.atlassian.net/wiki/pages/viewpage.action?pageId=5');
});

test('an old snapshot is reported as not fresh; an untrusted one without revision; an unreadable page is left out', async () => {
  const refs = [...macros('1', 1), ...macros('2', 1), ...macros('3', 1)];
  const { deps } = rig(refs, {
    readings: (ref) =>
      ref.pageId === '1'
        ? { kind: 'verified', snapshot: snapshot(ref, 'B', new Date(NOW - 3_600_000).toISOString()) }
        : ref.pageId === '2'
          ? { kind: 'untrusted' }
          : { kind: 'unreadable' },
  });
  const answer = await pagesShowingSpec(deps, { specId: 'S-1', limit: 20 });
  expect(answer.pages.map((page) => [page.pageId, page.macros[0]?.revision, page.macros[0]?.fresh, page.macros[0]?.snapshot])).toEqual([
    ['1', 'B', false, 'verified'],
    ['2', null, false, 'untrusted'],
  ]);
});

test('refs the page index no longer lists are left out and removed from where-used', async () => {
  const refs = macros('7', 2);
  const entry: PageIndexEntry = { pageId: '7', contentType: 'page', version: 3, sequence: 1, status: 'current', macros: [{ localId: 'm1', specIds: ['S-1'], pinnedRevisions: {} }], reconciledAt: NOW };
  const { deps, reads, removed } = rig(refs, { entries: [entry] });
  const answer = await pagesShowingSpec(deps, { specId: 'S-1', limit: 20 });
  expect(answer.pages[0]?.macros.map((macro) => macro.localId)).toEqual(['m1']);
  expect(reads.map((ref) => ref.localId)).toEqual(['m1']);
  expect(removed.map((ref) => ref.localId)).toEqual(['m0']);
});

test('what a page shows: unknown pages are not found', async () => {
  const { deps } = rig(macros('4', 1));
  expect(await macroOnPage(deps, { pageId: '8' })).toBeUndefined();
  expect((await macroOnPage(deps, { pageId: '4' }))?.macros[0]?.specs[0]).toMatchObject({ specId: 'S-1', revision: 'C', status: 'released', fresh: true });
});
