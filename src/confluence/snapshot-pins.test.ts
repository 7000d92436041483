import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import { buildSnapshot } from '../domain/build-snapshot';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import { StoredSnapshotSpec } from './schema';

const settings: MacroSettings = { specIds: ['SHAFT-1042', 'BOLT-2001'], layout: 'table', columns: ['id', 'revision'], ttlSeconds: 600, pinnedRevisions: { 'SHAFT-1042': 'B' } };

function built(specs: SpecView[]) {
  return buildSnapshot({ pageId: '1', localId: 'm', settings, specs, nowIso: '2026-01-02T00:00:00.000Z' });
}

test('a snapshot keeps each spec’s pin as shown, and reads it back', () => {
  const pinned: SpecView = {
    id: 'SHAFT-1042',
    state: 'fresh',
    record: makeSpecRecord({ revision: 'B' }),
    pinned: { revision: 'B', latestRevision: 'C', changes: [], availability: 'shown' },
  };
  const latest: SpecView = { id: 'BOLT-2001', state: 'fresh', record: makeSpecRecord({ id: 'BOLT-2001' }) };

  const snapshot = built([pinned, latest]);

  expect(snapshot.specs.map((s) => s.pinned)).toEqual([{ revision: 'B', latestRevision: 'C', availability: 'shown' }, undefined]);
  expect(snapshot.specs.map((s) => StoredSnapshotSpec.parse(JSON.parse(JSON.stringify(s))).pinned)).toEqual([
    { revision: 'B', latestRevision: 'C', availability: 'shown' },
    undefined,
  ]);
});

test('a spec entry saved before per-spec pins is still read', () => {
  const old = { id: 'SHAFT-1042', record: makeSpecRecord(), fetchedAt: '2026-01-01T00:00:00.000Z' };

  expect(StoredSnapshotSpec.safeParse(old).success).toBe(true);
});

test('a spec entry with a malformed pin is not read', () => {
  const entry = { id: 'SHAFT-1042', record: makeSpecRecord(), pinned: { revision: 'B', latestRevision: 'C', availability: 'maybe' } };

  expect(StoredSnapshotSpec.safeParse(entry).success).toBe(false);
});
