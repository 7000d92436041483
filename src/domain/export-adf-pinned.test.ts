import { expect, it, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import type { AdfDoc, AdfNode } from './export-adf';
import { buildExportAdf } from './export-adf';
import type { MacroSnapshot, SnapshotPin, SnapshotSpec } from './snapshot';

const NOW = '2026-03-05T09:00:00.000Z';

function textOf(node: AdfNode | AdfDoc): string {
  return 'text' in node && typeof node.text === 'string' ? node.text : (node.content ?? []).map(textOf).join(' ');
}

function rowTexts(doc: AdfDoc): string[] {
  const [table] = doc.content;
  return (table?.content ?? []).map(textOf);
}

function pinnedSpec(id: string, revision: string, pinned?: SnapshotPin): SnapshotSpec {
  return { id, record: makeSpecRecord({ id, revision }), fetchedAt: '2026-03-04T11:58:00Z', ...(pinned ? { pinned } : {}) };
}

function snapshot(layout: MacroSnapshot['layout'], specs: SnapshotSpec[], overrides: Partial<MacroSnapshot> = {}): MacroSnapshot {
  return { schemaVersion: 1, pageId: '1', localId: 'm', layout, columns: ['id', 'revision'], specs, writtenAt: '2026-03-04T12:00:00Z', contentHash: 'h', truncated: false, ...overrides };
}

test('a table export notes each pinned row, its newer revision, and a pinned revision that does not exist', () => {
  const doc = buildExportAdf(
    snapshot('table', [
      pinnedSpec('SHAFT-1042', 'B', { revision: 'B', latestRevision: 'C', availability: 'shown' }),
      pinnedSpec('PSU-4801', 'C', { revision: 'C', latestRevision: 'C', availability: 'shown' }),
      pinnedSpec('BOLT-2004', 'B', { revision: 'Z', latestRevision: 'B', availability: 'not_found' }),
      pinnedSpec('BOLT-2001', 'B'),
    ]),
    NOW,
  );

  expect(rowTexts(doc).slice(1)).toEqual([
    'SHAFT-1042 B (pinned; Rev C available)',
    'PSU-4801 C (pinned)',
    'BOLT-2004 B (pinned Rev Z does not exist)',
    'BOLT-2001 B',
  ]);
});

it.each<[string, SnapshotPin, string]>([
  ['a shown pin with a newer revision', { revision: 'B', latestRevision: 'C', availability: 'shown' }, 'Pinned to Rev B by the page author; Rev C is available.'],
  ['a pin that does not exist', { revision: 'b', latestRevision: 'C', availability: 'not_found' }, 'Pinned to Rev b by the page author, but Rev b does not exist for SHAFT-1042; this is the latest revision, Rev C.'],
  ['a pin that could not be read', { revision: 'B', latestRevision: 'C', availability: 'unreadable' }, 'Pinned to Rev B by the page author, but Rev B could not be read; this is the latest revision, Rev C.'],
])('a card export states %s', (_name, pin, sentence) => {
  const shown = pin.availability === 'shown' ? pin.revision : pin.latestRevision;

  const doc = buildExportAdf(snapshot('card', [pinnedSpec('SHAFT-1042', shown, pin)], { pinnedRevision: pin.revision }), NOW);

  expect(textOf(doc)).toContain(sentence);
});

test('a snapshot written before per-spec pins still exports its pinned revision field', () => {
  const doc = buildExportAdf(snapshot('card', [pinnedSpec('SHAFT-1042', 'B')], { pinnedRevision: 'B' }), NOW);

  expect(textOf(doc)).toContain('Pinned to Rev B by the page author.');
});
