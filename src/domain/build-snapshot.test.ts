import { expect, test, vi } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import { buildSnapshot, mergeSnapshots, snapshotBytes } from './build-snapshot';

const settings: MacroSettings = { specIds: ['SHAFT-1042'], layout: 'card', columns: ['id', 'title'], ttlSeconds: 600 };

/** When the merges below happen: after every fetch time they use, before the one they call the future. */
const NOW = Date.parse('2026-01-02T00:00:00.000Z');

function snapshotOf(specs: SpecView[], nowIso = '2026-01-02T00:00:00.000Z') {
  return buildSnapshot({ pageId: '1', localId: 'macro-1', settings: { ...settings, specIds: specs.map((s) => s.id) }, specs, nowIso });
}

test('the content hash ignores when the snapshot was written and when records were fetched', () => {
  const record = makeSpecRecord();

  const first = snapshotOf([{ id: record.id, state: 'fresh', record, fetchedAt: '2026-01-01T10:00:00.000Z' }], '2026-01-01T10:00:00.000Z');
  const later = snapshotOf([{ id: record.id, state: 'fresh', record, fetchedAt: '2026-01-01T11:00:00.000Z' }], '2026-01-01T11:00:00.000Z');

  expect(later.contentHash).toBe(first.contentHash);
});

test('the content hash changes when a displayed field changes', () => {
  const record = makeSpecRecord();

  const before = snapshotOf([{ id: record.id, state: 'fresh', record }]);
  const after = snapshotOf([{ id: record.id, state: 'fresh', record: { ...record, status: 'obsolete' } }]);

  expect(after.contentHash).not.toBe(before.contentHash);
});

test('merging keeps a stored record only when it was fetched later than the incoming one', () => {
  const later = makeSpecRecord({ revision: 'D' });
  const earlier = makeSpecRecord({ revision: 'C' });
  const stored = snapshotOf([{ id: later.id, state: 'fresh', record: later, fetchedAt: '2026-01-01T12:00:00.000Z' }]);
  const incoming = snapshotOf([{ id: earlier.id, state: 'fresh', record: earlier, fetchedAt: '2026-01-01T11:00:00.000Z' }]);

  const merged = mergeSnapshots(stored, incoming, NOW);

  expect(merged.specs[0]?.record?.revision).toBe('D');
  expect(merged.contentHash).toBe(stored.contentHash);
});

test("merging ignores the records' own clocks: a record stamped 9999 loses to a later fetch", () => {
  const wrongClock = makeSpecRecord({ revision: 'A', updatedAt: '9999-12-31T23:59:59.000Z' });
  const corrected = makeSpecRecord({ revision: 'B', updatedAt: '2026-01-01T00:00:00.000Z' });
  const stored = snapshotOf([{ id: wrongClock.id, state: 'fresh', record: wrongClock, fetchedAt: '2026-01-01T10:00:00.000Z' }]);
  const incoming = snapshotOf([{ id: corrected.id, state: 'fresh', record: corrected, fetchedAt: '2026-01-01T11:00:00.000Z' }]);

  expect(mergeSnapshots(stored, incoming, NOW).specs[0]?.record?.revision).toBe('B');
});

test('merging never keeps a stored record whose fetch time lies in the future or cannot be read', () => {
  const forged = makeSpecRecord({ revision: 'F' });
  const fetched = makeSpecRecord({ revision: 'B' });
  const incoming = snapshotOf([{ id: fetched.id, state: 'fresh', record: fetched, fetchedAt: '2026-01-01T11:00:00.000Z' }]);
  for (const fetchedAt of ['2099-01-01T00:00:00.000Z', 'not a date', undefined]) {
    const stored = snapshotOf([{ id: forged.id, state: 'fresh', record: forged, ...(fetchedAt ? { fetchedAt } : {}) }]);
    expect(mergeSnapshots(stored, incoming, NOW).specs[0]?.record?.revision, String(fetchedAt)).toBe('B');
  }
});

test('merging keeps a stored record fetched after the incoming snapshot was built, when it lands before that snapshot is written', () => {
  // A writer builds B's snapshot, then waits (KVS retries, a version conflict) while a later fetch of M10 is written.
  const older = makeSpecRecord({ revision: 'B' });
  const later = makeSpecRecord({ revision: 'M10' });
  const builtEarly = snapshotOf([{ id: older.id, state: 'fresh', record: older, fetchedAt: '2026-11-30T13:22:22.922Z' }], '2026-11-30T13:22:23.100Z');
  const stored = snapshotOf([{ id: later.id, state: 'fresh', record: later, fetchedAt: '2026-11-30T13:22:24.258Z' }], '2026-11-30T13:22:24.400Z');

  const merged = mergeSnapshots(stored, builtEarly, Date.parse('2026-11-30T13:22:25.000Z'));

  expect(merged.specs[0]).toMatchObject({ record: { revision: 'M10' }, fetchedAt: '2026-11-30T13:22:24.258Z' });
  expect(merged.contentHash).toBe(stored.contentHash);
});

test('merging keeps a newer incoming record and a withdrawal', () => {
  const old = makeSpecRecord({ revision: 'C' });
  const stored = snapshotOf([{ id: old.id, state: 'fresh', record: old }]);
  const withdrawn = snapshotOf([{ id: old.id, state: 'fresh', record: makeSpecRecord({ revision: 'E', updatedAt: '2026-03-01T00:00:00.000Z' }), problem: { code: 'withdrawn', message: 'gone' } }]);

  const merged = mergeSnapshots(stored, withdrawn, NOW);

  expect(merged.specs[0]).toMatchObject({ withdrawn: true, record: { revision: 'E' } });
});

test('a snapshot over 32 KB is trimmed below the limit, parameters first, and marked', () => {
  const parameters = Array.from({ length: 100 }, (_, i) => ({ name: `Parameter ${i} ${'x'.repeat(150)}`, nominal: i, unit: 'mm' }));
  const specs: SpecView[] = ['A-1', 'B-2', 'C-3'].map((id) => ({ id, state: 'fresh', record: makeSpecRecord({ id, parameters }) }));

  const snapshot = snapshotOf(specs);

  expect(snapshotBytes(snapshot)).toBeLessThanOrEqual(32 * 1024);
  expect(snapshot.truncated).toBe(true);
  expect(snapshot.trimmedSpecIds?.length).toBeGreaterThan(0);
  expect(snapshot.specs.map((s) => s.record?.revision)).toEqual(['C', 'C', 'C']);
});

test('a small snapshot is not marked truncated', () => {
  const record = makeSpecRecord();

  const snapshot = snapshotOf([{ id: record.id, state: 'fresh', record }]);

  expect(snapshot.truncated).toBe(false);
  expect(snapshot.trimmedSpecIds).toBeUndefined();
});

test('trimming 50 records of 75 KB serialises the whole snapshot a few times, not once per trimmed record', () => {
  const specs: SpecView[] = Array.from({ length: 50 }, (_, i) => {
    const record = makeSpecRecord({ id: `BIG-${i}`, revision: 'A' });
    const parameters = Array.from({ length: 400 }, (_, k) => ({ ...record.parameters[0]!, name: `p${k}-${'x'.repeat(100)}` }));
    return { id: `BIG-${i}`, state: 'fresh', record: { ...record, parameters }, fetchedAt: '2026-11-30T10:00:00Z' };
  });
  const stringify = vi.spyOn(JSON, 'stringify');
  try {
    const snapshot = buildSnapshot({ pageId: '1', localId: 'm', settings: { ...settings, specIds: specs.map((s) => s.id) }, specs, nowIso: '2026-11-30T10:00:00Z' });
    const wholeSnapshots = stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'specs' in value).length;

    expect(snapshotBytes(snapshot)).toBeLessThanOrEqual(32 * 1024 - 512);
    expect(snapshot.trimmedSpecIds).toHaveLength(50);
    expect(wholeSnapshots).toBeLessThanOrEqual(6);
  } finally {
    stringify.mockRestore();
  }
});

test('merging keeps nothing of a stored record the allow-list now refuses', () => {
  const record = makeSpecRecord();
  const stored = snapshotOf([{ id: record.id, state: 'fresh', record, fetchedAt: '2026-01-01T12:00:00.000Z' }]);
  const refused = snapshotOf([{ id: record.id, state: 'missing', problem: { code: 'not_allowed', message: 'not here' } }]);

  const merged = mergeSnapshots(stored, refused, NOW);

  expect(merged.specs).toEqual([{ id: record.id, problem: { code: 'not_allowed', message: 'not here' } }]);
});
