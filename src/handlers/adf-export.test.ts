import { expect, it, test } from 'vitest';
import type { MacroSnapshot } from '../domain/snapshot';
import { NO_SNAPSHOT_TEXT } from '../domain/export-adf';
import { createAdfExportHandler, exportTargetFrom, UNKNOWN_MACRO_TEXT, UNREADABLE_SNAPSHOT_TEXT } from './adf-export';

const NOW = Date.parse('2026-03-05T09:00:00Z');

const snapshot: MacroSnapshot = {
  schemaVersion: 1,
  pageId: '12345',
  localId: 'macro-local-1',
  layout: 'table',
  columns: ['id', 'title'],
  specs: [{ id: 'A-1', fetchedAt: '2026-03-04T11:58:00Z', problem: { code: 'not_found', message: 'Gone.' } }],
  writtenAt: '2026-03-04T12:00:00Z',
  contentHash: 'h',
  truncated: false,
};

function allText(value: unknown): string {
  return JSON.stringify(value);
}

it.each<[string, unknown, { pageId?: string; localId?: string; exportType?: string }]>([
  [
    'a PDF export (page id under context.extension)',
    { exportType: 'pdf', context: { localId: 'L-1', extension: { content: { id: '12345' } } }, extensionPayload: { config: {} } },
    { pageId: '12345', localId: 'L-1', exportType: 'pdf' },
  ],
  ['a Word export (page id under context.content)', { exportType: 'word', context: { content: { id: 777 }, localId: 'L-2' } }, { pageId: '777', localId: 'L-2', exportType: 'word' }],
  ['a page-history view with contentId', { exportType: 'other', context: { contentId: '9' }, extensionPayload: { localId: 'L-3' } }, { pageId: '9', localId: 'L-3', exportType: 'other' }],
  ['a localId among the macro parameters', { context: { content: { id: '9' } }, extensionPayload: { parameters: { localId: 'L-4' } } }, { pageId: '9', localId: 'L-4' }],
  ['blank ids', { context: { localId: '  ', content: { id: '' } } }, {}],
  ['no payload', undefined, {}],
])('reads the target of %s', (_label, payload, expected) => {
  expect(exportTargetFrom(payload)).toEqual(expected);
});

test('the export reads the snapshot of the page and macro it is called for and renders it', async () => {
  const reads: string[][] = [];
  const handler = createAdfExportHandler({
    clock: { now: () => NOW },
    readSnapshot: async ({ pageId, localId }) => {
      reads.push([pageId, localId]);
      return snapshot;
    },
  });

  const doc = await handler({ exportType: 'pdf', context: { localId: 'macro-local-1', extension: { content: { id: '12345' } } } });

  expect(reads).toEqual([['12345', 'macro-local-1']]);
  expect(doc.type).toBe('doc');
  expect(allText(doc)).toContain('A-1 does not exist in the engineering system.');
  expect(allText(doc)).toContain('Exported 2026-03-05 09:00 UTC.');
});

test('without a saved snapshot the export says so', async () => {
  const handler = createAdfExportHandler({ clock: { now: () => NOW }, readSnapshot: async () => undefined });

  const doc = await handler({ context: { localId: 'L-1', content: { id: '1' } } });

  expect(allText(doc)).toContain(NO_SNAPSHOT_TEXT);
});

test('an export that names no macro explains itself instead of failing', async () => {
  const logged: string[] = [];
  const handler = createAdfExportHandler({
    clock: { now: () => NOW },
    readSnapshot: async () => {
      throw new Error('must not be called');
    },
    log: { info: (message) => logged.push(message), warn: (message) => logged.push(message), error: (message) => logged.push(message) },
  });

  const doc = await handler({ exportType: 'word', context: {} });

  expect(allText(doc)).toContain(UNKNOWN_MACRO_TEXT);
  expect(logged).toEqual(['adf export without page id or macro localId']);
});

test('a failing snapshot read becomes a sentence in the export, not an exception', async () => {
  const handler = createAdfExportHandler({
    clock: { now: () => NOW },
    readSnapshot: async () => {
      throw new Error('503 from Confluence');
    },
  });

  const doc = await handler({ context: { localId: 'L-1', content: { id: '1' } } });

  expect(allText(doc)).toContain(UNREADABLE_SNAPSHOT_TEXT);
});
