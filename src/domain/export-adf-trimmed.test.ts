import { expect, test } from 'vitest';
import type { Layout, SpecView } from '../shared/resolver-contract';
import type { SpecRecord } from '../shared/spec-record';
import { buildSnapshot } from './build-snapshot';
import { buildExportAdf } from './export-adf';

const NOW = '2026-03-05T09:00:00.000Z';

/** A valid record too large for a 32 KB content property: 300 parameters with 100-character names. */
function largeRecord(id: string): SpecRecord {
  return {
    id,
    title: 'Gearbox housing',
    revision: 'D',
    status: 'released',
    owner: 'Ada Lovelace',
    updatedAt: '2026-03-04T09:00:00Z',
    url: `https://eng.example.com/specs/${id}`,
    parameters: Array.from({ length: 300 }, (_, i) => ({ name: `Bore ${i} ${'x'.repeat(90)}`, nominal: 25 + i, unit: 'mm', tolerance: { type: 'symmetric', value: 0.005 } })),
  };
}

function exportOf(layout: Layout, ids: string[]): string {
  const specs: SpecView[] = ids.map((id) => ({ id, state: 'fresh', record: largeRecord(id), fetchedAt: NOW }));
  const snapshot = buildSnapshot({
    pageId: '1',
    localId: 'l-1',
    settings: { specIds: ids, layout, columns: ['id', 'title', 'parameters'], ttlSeconds: 600 },
    specs,
    nowIso: NOW,
  });
  expect(snapshot.trimmedSpecIds).toContain(ids[0]);
  expect(snapshot.specs[0]?.record?.parameters).toEqual([]);
  return JSON.stringify(buildExportAdf(snapshot, NOW));
}

test.each<Layout>(['card', 'parameters'])('a %s export of a spec whose parameters were trimmed says they were left out, not that it has none', (layout) => {
  const text = exportOf(layout, ['GEAR-7']);

  expect(text).toContain('The parameters of this specification were left out to fit Confluence');
  expect(text).not.toContain('lists no parameters');
});

test('a table export does not count the parameters of a trimmed spec as 0', () => {
  const text = exportOf('table', ['GEAR-7', 'GEAR-8']);

  expect(text).toContain('left out (size limit)');
  expect(text).not.toMatch(/"text":"0"/);
});
