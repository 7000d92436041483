import { expect, test } from 'vitest';
import { whereUsedRows, type RowInputs } from './where-used-rows';

const ref = (pageId: string, localId = 'm1') => ({ pageId, localId, contentType: 'page' as const });

function inputs(overrides: Partial<RowInputs> = {}): RowInputs {
  return {
    links: [
      { specId: 'SHAFT-1042', ref: ref('1') },
      { specId: 'SHAFT-1042', ref: ref('2') },
      { specId: 'SHAFT-1042', ref: ref('3') },
      { specId: 'BOLT-7', ref: ref('3') },
    ],
    visible: new Map([
      ['1', { title: 'Current', url: 'https://site/wiki/1' }],
      ['2', { title: 'Pinned', url: 'https://site/wiki/2' }],
    ]),
    current: new Map([['SHAFT-1042', { revision: 'C', title: 'Output shaft' }]]),
    pins: new Map([['2:m1', { 'SHAFT-1042': 'B' }]]),
    shown: new Map([
      ['1:m1', new Map([['SHAFT-1042', { revision: 'C', fetchedAt: '2026-11-30T12:00:00.000Z' }]])],
      ['2:m1', new Map([['SHAFT-1042', { revision: 'B' }]])],
    ]),
    ...overrides,
  };
}

test('lists only visible pages; a spec shown only on hidden pages is left out', () => {
  const rows = whereUsedRows(inputs());

  expect(rows.map((spec) => spec.specId)).toEqual(['SHAFT-1042']);
  expect(rows[0]?.pages.map((page) => page.pageId)).toEqual(['1', '2']);
});

test('flags a pin on an older revision as behind, and a live macro whose snapshot lags as stale', () => {
  const rows = whereUsedRows(
    inputs({
      shown: new Map([
        ['1:m1', new Map([['SHAFT-1042', { revision: 'B' }]])],
        ['2:m1', new Map([['SHAFT-1042', { revision: 'B' }]])],
      ]),
    }),
  );

  expect(rows[0]).toMatchObject({ specId: 'SHAFT-1042', currentRevision: 'C', title: 'Output shaft' });
  expect(rows[0]?.pages[0]).toMatchObject({ shownRevision: 'B', pinnedBehind: false, stale: true });
  expect(rows[0]?.pages[1]).toMatchObject({ pinnedRevision: 'B', shownRevision: 'B', pinnedBehind: true, stale: false });
});

test('a current live macro and a pin on the current revision carry no flag', () => {
  const rows = whereUsedRows(inputs({ pins: new Map([['2:m1', { 'SHAFT-1042': 'C' }]]) }));

  expect(rows[0]?.pages.map((page) => [page.pinnedBehind, page.stale])).toEqual([
    [false, false],
    [false, false],
  ]);
});

test('a live macro without a verified snapshot is stale; without a cached current revision nothing is flagged', () => {
  expect(whereUsedRows(inputs({ shown: new Map() }))[0]?.pages[0]?.stale).toBe(true);
  expect(whereUsedRows(inputs({ current: new Map() }))[0]?.pages.every((page) => !page.stale && !page.pinnedBehind)).toBe(true);
});
