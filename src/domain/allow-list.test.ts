import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import type { AllowListEntry } from '../shared/admin-contract';
import type { SpecView } from '../shared/resolver-contract';
import {
  isAllowed,
  matchesPattern,
  MAX_ALLOW_LIST_ENTRIES,
  MAX_PATTERNS_PER_ENTRY,
  NO_RESTRICTION,
  notAllowedProblem,
  refusedSpecs,
  snapshotWithoutRefused,
  validateAllowList,
  withoutRefused,
  type AllowListPolicy,
} from './allow-list';
import { buildSnapshot } from './build-snapshot';

const list = (...entries: AllowListEntry[]): AllowListPolicy => ({ kind: 'list', entries });

test('* in a pattern matches any run of characters, also none; without * the id must be the same', () => {
  expect(matchesPattern('SHAFT-*', 'SHAFT-1042')).toBe(true);
  expect(matchesPattern('SHAFT-*', 'SHAFT-')).toBe(true);
  expect(matchesPattern('SHAFT-*', 'BOLT-2001')).toBe(false);
  expect(matchesPattern('*-10*', 'GEAR-1042')).toBe(true);
  expect(matchesPattern('*-10*', 'GEAR-2010')).toBe(false);
  expect(matchesPattern('S*T-*2', 'SHAFT-1042')).toBe(true);
  expect(matchesPattern('S*T-*2', 'SHAFT-1043')).toBe(false);
  expect(matchesPattern('A*A', 'A')).toBe(false);
  expect(matchesPattern('*', 'GEAR-1')).toBe(true);
  expect(matchesPattern('GEAR-1042', 'GEAR-1042')).toBe(true);
  expect(matchesPattern('GEAR-1042', 'GEAR-10420')).toBe(false);
});

test('an empty list allows every spec in every space, also where the space is unknown', () => {
  expect(isAllowed(NO_RESTRICTION, 'ENG', 'SHAFT-1')).toBe(true);
  expect(isAllowed(NO_RESTRICTION, undefined, 'SHAFT-1')).toBe(true);
});

test("a space's own entry wins over *, space keys compare regardless of case, and an unnamed space without * is unrestricted", () => {
  const policy = list({ spaceKey: 'ENG', patterns: ['SHAFT-*'] }, { spaceKey: 'QA', patterns: ['BOLT-*'] });

  expect(isAllowed(policy, 'ENG', 'SHAFT-1')).toBe(true);
  expect(isAllowed(policy, 'eng', 'SHAFT-1')).toBe(true);
  expect(isAllowed(policy, 'ENG', 'BOLT-1')).toBe(false);
  expect(isAllowed(policy, 'QA', 'BOLT-1')).toBe(true);
  expect(isAllowed(policy, 'HR', 'GEAR-1')).toBe(true);
  expect(isAllowed(list({ spaceKey: 'ENG', patterns: ['SHAFT-*'] }, { spaceKey: '*', patterns: ['GEAR-1042'] }), 'HR', 'GEAR-1')).toBe(false);
  expect(isAllowed(list({ spaceKey: 'ENG', patterns: ['SHAFT-*'] }, { spaceKey: '*', patterns: ['GEAR-1042'] }), 'HR', 'GEAR-1042')).toBe(true);
});

test('an entry with no patterns shows nothing in that space', () => {
  expect(isAllowed(list({ spaceKey: 'HR', patterns: [] }), 'HR', 'SHAFT-1')).toBe(false);
  expect(isAllowed(list({ spaceKey: '*', patterns: [] }, { spaceKey: 'ENG', patterns: ['*'] }), 'ENG', 'SHAFT-1')).toBe(true);
});

test('a space the app cannot tell gets the strictest answer: allowed only where every entry allows it', () => {
  const policy = list({ spaceKey: 'ENG', patterns: ['SHAFT-*', 'BOLT-*'] }, { spaceKey: '*', patterns: ['SHAFT-*'] });

  expect(isAllowed(policy, undefined, 'SHAFT-1')).toBe(true);
  expect(isAllowed(policy, undefined, 'BOLT-1')).toBe(false);
});

test('an unreadable list refuses every spec, and says why and how it is fixed', () => {
  const malformed: AllowListPolicy = { kind: 'unreadable', reason: 'malformed' };

  expect(isAllowed(malformed, 'ENG', 'SHAFT-1')).toBe(false);
  expect(notAllowedProblem(malformed, 'SHAFT-1').message).toMatch(/could not be read.*a site admin can save them again/);
  expect(notAllowedProblem({ kind: 'unreadable', reason: 'unavailable' }, 'SHAFT-1').message).toMatch(/try again in a moment/);
});

test('the refused specs of a set are named in their order, with the reader sentence for each', () => {
  const policy = list({ spaceKey: 'ENG', patterns: ['SHAFT-*'] });

  expect(refusedSpecs(policy, 'ENG', ['BOLT-1', 'SHAFT-1', 'GEAR-2'])).toEqual(['BOLT-1', 'GEAR-2']);
  expect(notAllowedProblem(policy, 'SHAFT-1')).toEqual({ code: 'not_allowed', message: "Spec Bridge's site settings do not allow SHAFT-1 in this space." });
});

test('a refused spec keeps nothing of its record, fetch time or pin in a view', () => {
  const record = makeSpecRecord({ id: 'BOLT-2001' });
  const views: SpecView[] = [
    { id: 'BOLT-2001', state: 'fresh', record, fetchedAt: '2026-01-01T00:00:00.000Z', pinned: { revision: 'A', latestRevision: 'B', changes: [] } },
    { id: 'SHAFT-1', state: 'fresh', record: makeSpecRecord({ id: 'SHAFT-1' }) },
  ];

  const shown = withoutRefused(views, list({ spaceKey: 'ENG', patterns: ['SHAFT-*'] }), 'ENG');

  expect(shown[0]).toEqual({ id: 'BOLT-2001', state: 'missing', problem: notAllowedProblem(list(), 'BOLT-2001') });
  expect(shown[1]).toBe(views[1]);
  expect(withoutRefused(views, NO_RESTRICTION, 'ENG')).toBe(views);
});

test('a snapshot keeps only the id and the problem of a spec the list refuses (the export)', () => {
  const record = makeSpecRecord({ id: 'BOLT-2001' });
  const snapshot = buildSnapshot({
    pageId: '1',
    localId: 'm',
    settings: { specIds: ['BOLT-2001'], layout: 'card', columns: ['id'], ttlSeconds: 600 },
    specs: [{ id: 'BOLT-2001', state: 'fresh', record, fetchedAt: '2026-01-01T00:00:00.000Z' }],
    nowIso: '2026-01-01T00:00:00.000Z',
  });

  const exported = snapshotWithoutRefused(snapshot, list({ spaceKey: '*', patterns: ['SHAFT-*'] }), 'ENG');

  expect(exported.specs).toEqual([{ id: 'BOLT-2001', problem: notAllowedProblem(list(), 'BOLT-2001') }]);
  expect(snapshotWithoutRefused(snapshot, list({ spaceKey: '*', patterns: ['BOLT-*'] }), 'ENG')).toEqual(snapshot);
  expect(snapshotWithoutRefused(snapshot, NO_RESTRICTION, 'ENG')).toBe(snapshot);
});

test('a valid list is answered trimmed, with repeated patterns dropped', () => {
  expect(validateAllowList([{ spaceKey: ' ENG ', patterns: ['SHAFT-*', ' SHAFT-* ', 'GEAR-1042'] }, { spaceKey: '*', patterns: [] }, { spaceKey: '~557058:f4b2-x_1', patterns: ['*'] }])).toEqual({
    ok: true,
    entries: [
      { spaceKey: 'ENG', patterns: ['SHAFT-*', 'GEAR-1042'] },
      { spaceKey: '*', patterns: [] },
      { spaceKey: '~557058:f4b2-x_1', patterns: ['*'] },
    ],
  });
  expect(validateAllowList([])).toEqual({ ok: true, entries: [] });
});

test('every problem of a refused list is named with where it is', () => {
  const checked = validateAllowList([
    { spaceKey: 'EN G', patterns: ['SHAFT-*'] },
    { spaceKey: 'ENG', patterns: ['shaft-*', '', 'A'.repeat(41), 'SHAFT_1'] },
    { spaceKey: 'eng', patterns: 'SHAFT-*' },
    null,
  ]);

  expect(checked.ok).toBe(false);
  if (checked.ok) return;
  expect(checked.problems.map((p) => p.path)).toEqual([
    'entries[0].spaceKey',
    'entries[1].patterns[0]',
    'entries[1].patterns[1]',
    'entries[1].patterns[2]',
    'entries[1].patterns[3]',
    'entries[2].spaceKey',
    'entries[2].patterns',
    'entries[3]',
  ]);
  expect(checked.problems[5]?.message).toBe('The space eng has more than one entry.');
});

test('counts are bounded: entries, patterns per entry', () => {
  const spaces = Array.from({ length: MAX_ALLOW_LIST_ENTRIES + 1 }, (_, i) => ({ spaceKey: `S${i}`, patterns: ['A-*'] }));
  const patterns = Array.from({ length: MAX_PATTERNS_PER_ENTRY + 1 }, (_, i) => `A-${i}`);

  expect(validateAllowList(spaces)).toMatchObject({ ok: false, problems: [{ path: 'entries' }] });
  expect(validateAllowList([{ spaceKey: 'ENG', patterns }])).toMatchObject({ ok: false, problems: [{ path: 'entries[0].patterns' }] });
  expect(validateAllowList({ spaceKey: 'ENG' })).toMatchObject({ ok: false, problems: [{ path: 'entries' }] });
});
