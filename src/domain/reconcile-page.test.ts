import { expect, test } from 'vitest';
import type { PageIndexEntry, PageMacroEntry } from './ports';
import { planReconcile, type PageRead } from './reconcile-page';

const NOW = 1_800_000_000_000;
const m = (localId: string, specIds: string[], pinnedRevisions: Record<string, string> = {}): PageMacroEntry => ({ localId, specIds, pinnedRevisions });
const read = (version: number, macros: PageMacroEntry[], extra: Partial<Extract<PageRead, { kind: 'found' }>> = {}): PageRead => ({
  kind: 'found',
  pageId: '42',
  contentType: 'page',
  version,
  status: 'current',
  spaceKey: 'ENG',
  title: 'Gearbox',
  macros,
  ...extra,
});
const entryFrom = (plan: ReturnType<typeof planReconcile>): PageIndexEntry => {
  if (!plan.entry) throw new Error('no entry planned');
  return plan.entry;
};

test('a first read of a page with macros adds every pair, records every macro, and starts the sequence', () => {
  const plan = planReconcile({ stored: undefined, remembered: [], read: read(3, [m('a', ['SHAFT-1042', 'BOLT-2001']), m('b', ['SHAFT-1042'], { 'SHAFT-1042': 'B' })]), nowMs: NOW });

  expect(plan.outcome).toBe('changed');
  expect(plan.whereUsed.add).toEqual([
    { specId: 'SHAFT-1042', localId: 'a' },
    { specId: 'BOLT-2001', localId: 'a' },
    { specId: 'SHAFT-1042', localId: 'b' },
  ]);
  expect(plan.whereUsed.remove).toEqual([]);
  expect(plan.macrosToRecord).toEqual(['a', 'b']);
  expect(plan.entry).toMatchObject({ pageId: '42', version: 3, sequence: NOW, status: 'current', spaceKey: 'ENG', title: 'Gearbox' });
  expect(plan.entry?.macros[1]).toEqual(m('b', ['SHAFT-1042'], { 'SHAFT-1042': 'B' }));
});

test('the same read twice plans nothing the second time and keeps the sequence', () => {
  const first = planReconcile({ stored: undefined, remembered: [], read: read(3, [m('a', ['SHAFT-1042'])]), nowMs: NOW });
  const stored = entryFrom(first);
  const remembered = [m('a', ['SHAFT-1042'])];

  const second = planReconcile({ stored, remembered, read: read(3, [m('a', ['SHAFT-1042'])]), nowMs: NOW + 5_000 });

  expect(second).toEqual({ outcome: 'unchanged', whereUsed: { add: [], remove: [] }, removedMacros: [], macrosToRecord: [] });
});

test('a read older than the stored version is stale and plans nothing', () => {
  const stored = entryFrom(planReconcile({ stored: undefined, remembered: [], read: read(7, [m('a', ['SHAFT-1042'])]), nowMs: NOW }));

  const plan = planReconcile({ stored, remembered: [], read: read(6, []), nowMs: NOW });

  expect(plan.outcome).toBe('stale');
  expect(plan.entry).toBeUndefined();
  expect(plan.whereUsed).toEqual({ add: [], remove: [] });
});

test('a removed macro loses its where-used entries and is planned for deletion; the sequence moves on by one', () => {
  const stored = entryFrom(planReconcile({ stored: undefined, remembered: [], read: read(1, [m('a', ['SHAFT-1042']), m('b', ['BOLT-2001', 'FIT-3101'])]), nowMs: NOW }));
  const remembered = [m('a', ['SHAFT-1042']), m('b', ['BOLT-2001', 'FIT-3101'])];

  const plan = planReconcile({ stored, remembered, read: read(2, [m('a', ['SHAFT-1042'])]), nowMs: NOW + 1 });

  expect(plan.outcome).toBe('changed');
  expect(plan.whereUsed).toEqual({ add: [], remove: [{ specId: 'BOLT-2001', localId: 'b' }, { specId: 'FIT-3101', localId: 'b' }] });
  expect(plan.removedMacros).toEqual(['b']);
  expect(plan.macrosToRecord).toEqual([]);
  expect(plan.entry).toMatchObject({ version: 2, sequence: NOW + 1 });
});

test('a macro whose specs or pins changed swaps its pairs and is recorded again', () => {
  const stored = entryFrom(planReconcile({ stored: undefined, remembered: [], read: read(1, [m('a', ['SHAFT-1042', 'BOLT-2001'])]), nowMs: NOW }));
  const remembered = [m('a', ['SHAFT-1042', 'BOLT-2001'])];

  const plan = planReconcile({ stored, remembered, read: read(2, [m('a', ['SHAFT-1042', 'PSU-4801'], { 'SHAFT-1042': 'A' })]), nowMs: NOW });

  expect(plan.whereUsed).toEqual({ add: [{ specId: 'PSU-4801', localId: 'a' }], remove: [{ specId: 'BOLT-2001', localId: 'a' }] });
  expect(plan.macrosToRecord).toEqual(['a']);
  expect(plan.removedMacros).toEqual([]);
  expect(plan.entry?.sequence).toBe(NOW + 1);
});

test('a later version that changes nothing shown moves the version forward without a new state', () => {
  const stored = entryFrom(planReconcile({ stored: undefined, remembered: [], read: read(1, [m('a', ['SHAFT-1042'])]), nowMs: NOW }));

  const plan = planReconcile({ stored, remembered: [m('a', ['SHAFT-1042'])], read: read(5, [m('a', ['SHAFT-1042'])]), nowMs: NOW });

  expect(plan.outcome).toBe('unchanged');
  expect(plan.entry).toMatchObject({ version: 5, sequence: NOW });
});

test('archiving, a new title or a move to another space is a new state', () => {
  const stored = entryFrom(planReconcile({ stored: undefined, remembered: [], read: read(1, [m('a', ['SHAFT-1042'])]), nowMs: NOW }));
  const remembered = [m('a', ['SHAFT-1042'])];

  for (const change of [{ status: 'archived' as const }, { title: 'Gearbox v2' }, { spaceKey: 'OPS' }]) {
    const plan = planReconcile({ stored, remembered, read: read(1, [m('a', ['SHAFT-1042'])], change), nowMs: NOW });
    expect(plan.outcome).toBe('changed');
    expect(plan.entry?.sequence).toBe(NOW + 1);
    expect(plan.whereUsed).toEqual({ add: [], remove: [] });
  }
});

test('macros only a view remembered, not on the page, are removed with their pairs', () => {
  const plan = planReconcile({ stored: undefined, remembered: [m('draft', ['FIT-3101']), m('a', ['SHAFT-1042'])], read: read(1, [m('a', ['SHAFT-1042'])]), nowMs: NOW });

  expect(plan.whereUsed).toEqual({ add: [], remove: [{ specId: 'FIT-3101', localId: 'draft' }] });
  expect(plan.removedMacros).toEqual(['draft']);
  expect(plan.macrosToRecord).toEqual([]);
});

test('a candidate page that holds no macro stores no entry', () => {
  const plan = planReconcile({ stored: undefined, remembered: [], read: read(1, []), nowMs: NOW });

  expect(plan.entry).toBeUndefined();
  expect(plan.outcome).toBe('unchanged');
});

test('a gone page removes everything the index and the views held, and its empty entry is a new state', () => {
  const stored = entryFrom(planReconcile({ stored: undefined, remembered: [], read: read(4, [m('a', ['SHAFT-1042'])]), nowMs: NOW }));

  const plan = planReconcile({ stored, remembered: [m('b', ['BOLT-2001'])], read: { kind: 'gone', pageId: '42', contentType: 'page' }, nowMs: NOW + 9 });

  expect(plan.outcome).toBe('gone');
  expect(plan.whereUsed.remove).toEqual([{ specId: 'SHAFT-1042', localId: 'a' }, { specId: 'BOLT-2001', localId: 'b' }]);
  expect(plan.removedMacros).toEqual(['a', 'b']);
  expect(plan.entry).toMatchObject({ macros: [], version: 4, sequence: NOW + 1, reconciledAt: NOW + 9 });
});
