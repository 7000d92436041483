import type { SpecRecord } from '../../src/domain/spec-record';

/** A valid spec record; override what a test cares about. */
export function makeSpecRecord(overrides: Partial<SpecRecord> = {}): SpecRecord {
  return {
    id: 'SHAFT-1042',
    title: 'Drive shaft',
    revision: 'C',
    status: 'released',
    owner: 'Ingrid Halvorsen',
    updatedAt: '2026-01-01T00:00:00.000Z',
    url: 'https://plm.example.com/specs/SHAFT-1042',
    parameters: [{ name: 'Bearing seat diameter', nominal: 25, unit: 'mm', tolerance: { type: 'deviation', upper: 0, lower: 0.013 } }],
    ...overrides,
  };
}
