import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import { buildSnapshot } from '../domain/build-snapshot';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import { StoredSnapshotEnvelope } from './schema';

const settings: MacroSettings = { specIds: ['SHAFT-1042'], layout: 'table', columns: ['id'], ttlSeconds: 600 };
const specs: SpecView[] = [{ id: 'SHAFT-1042', state: 'fresh', record: makeSpecRecord(), fetchedAt: '2026-01-01T00:00:00.000Z' }];

function built(overrides: Partial<MacroSettings> = {}) {
  return buildSnapshot({ pageId: '1', localId: 'm', settings: { ...settings, ...overrides }, specs, nowIso: '2026-01-02T00:00:00.000Z' });
}

test('a snapshot records the table parameter columns and reads them back from the stored property', () => {
  const snapshot = built({ parameterColumns: ['Bore diameter', 'Radial runout'] });

  expect(snapshot.parameterColumns).toEqual(['Bore diameter', 'Radial runout']);
  expect(StoredSnapshotEnvelope.parse(JSON.parse(JSON.stringify(snapshot))).parameterColumns).toEqual(['Bore diameter', 'Radial runout']);
});

test('without parameter columns a snapshot is what it was before they existed: no field, the same content hash', () => {
  const snapshot = built();

  expect(snapshot).not.toHaveProperty('parameterColumns');
  expect(built({ parameterColumns: [] }).contentHash).toBe(snapshot.contentHash);
  expect(built({ parameterColumns: ['Mass'] }).contentHash).not.toBe(snapshot.contentHash);
});

test('a stored snapshot with malformed parameter columns is not read', () => {
  const stored = { ...JSON.parse(JSON.stringify(built())), parameterColumns: [42] };

  expect(StoredSnapshotEnvelope.safeParse(stored).success).toBe(false);
});
