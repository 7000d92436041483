import { expect, test } from 'vitest';
import { extractPageMacros, MAX_BODY_DEPTH, PageBodyError } from './page-macros';

const KEY = '00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-00000000e0e0/static/spec-bridge';

function macro(localId: string, guestParams: unknown, type = 'extension', extensionKey = KEY) {
  return { type, attrs: { extensionKey, extensionType: 'com.atlassian.ecosystem', parameters: { localId, guestParams }, localId: `node-${localId}` } };
}

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

test('finds macros at any depth: in tables, layouts, expands and bodied extensions, in document order', () => {
  const body = doc(
    { type: 'paragraph', content: [{ type: 'text', text: 'intro' }] },
    macro('m1', { specIds: 'SHAFT-1042' }),
    { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [macro('m2', { specIds: 'BOLT-2001' })] }] }] },
    { type: 'layoutSection', content: [{ type: 'layoutColumn', content: [{ type: 'expand', content: [macro('m3', { specIds: 'FIT-3101' }, 'bodiedExtension')] }] }] },
    { type: 'paragraph', content: [macro('m4', { specIds: 'PSU-4801' }, 'inlineExtension')] },
  );

  expect(extractPageMacros(JSON.stringify(body)).map((m) => [m.localId, m.specIds])).toEqual([
    ['m1', ['SHAFT-1042']],
    ['m2', ['BOLT-2001']],
    ['m3', ['FIT-3101']],
    ['m4', ['PSU-4801']],
  ]);
});

test('ignores other apps\' extensions, macros without a localId, and repeats of a localId', () => {
  const body = doc(
    macro('other', { specIds: 'SHAFT-1042' }, 'extension', 'some-app/env/static/other-macro'),
    macro('', { specIds: 'SHAFT-1042' }),
    macro('m1', { specIds: 'BOLT-2001' }),
    macro('m1', { specIds: 'FIT-3101' }),
    { type: 'extension', attrs: { extensionKey: 'com.atlassian.confluence.macro.core', parameters: { localId: 'x' } } },
  );

  expect(extractPageMacros(body).map((m) => [m.localId, m.specIds])).toEqual([['m1', ['BOLT-2001']]]);
});

test('reads pins from per-spec pins, the version-2 config, and the legacy pinned revision of the first spec', () => {
  const body = doc(
    macro('classic', { specIds: 'SHAFT-1042@B, BOLT-2001' }),
    macro('legacy', { specIds: 'SHAFT-1042, BOLT-2001', pinnedRevision: 'C' }),
    macro('v2', { version: 2, specs: [{ id: 'FIT-3101', revision: 'A' }, { id: 'PSU-4801' }], layout: 'table' }),
    macro('empty', {}),
  );

  const found = extractPageMacros(body);

  expect(found.map((m) => [m.localId, m.specIds, m.pinnedRevisions])).toEqual([
    ['classic', ['SHAFT-1042', 'BOLT-2001'], { 'SHAFT-1042': 'B' }],
    ['legacy', ['SHAFT-1042', 'BOLT-2001'], { 'SHAFT-1042': 'C' }],
    ['v2', ['FIT-3101', 'PSU-4801'], { 'FIT-3101': 'A' }],
    ['empty', [], {}],
  ]);
  expect(found[0]?.settings.layout).toBe('table');
});

test('reads a page of 200 macros with 50 specs each', () => {
  const ids = Array.from({ length: 50 }, (_, i) => `SPEC-${i + 1}`).join(',');
  const rows = Array.from({ length: 200 }, (_, i) => ({
    type: 'tableRow',
    content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: `row ${i}` }] }] }, { type: 'tableCell', content: [macro(`m-${i}`, { specIds: ids })] }],
  }));
  const found = extractPageMacros(JSON.stringify(doc({ type: 'table', content: rows })));

  expect(found).toHaveLength(200);
  expect(found[199]?.localId).toBe('m-199');
  expect(found.every((m) => m.specIds.length === 50)).toBe(true);
});

test.each([
  ['not JSON', '{"type":"doc"', 'not_json'],
  ['JSON that is not a document', '[1,2]', 'not_adf'],
  ['a document without content', '{"type":"doc"}', 'not_adf'],
])('a body that is %s is a typed error', (_name, body, reason) => {
  expect(() => extractPageMacros(body)).toThrow(PageBodyError);
  try {
    extractPageMacros(body);
  } catch (error) {
    expect((error as PageBodyError).reason).toBe(reason);
  }
});

test('a body nested past the depth limit is refused, not walked', () => {
  let node: Record<string, unknown> = macro('deep', { specIds: 'SHAFT-1042' });
  for (let i = 0; i < MAX_BODY_DEPTH + 5; i += 1) node = { type: 'expand', content: [node] };

  expect(() => extractPageMacros(doc(node))).toThrow(expect.objectContaining({ reason: 'too_deep' }) as Error);
});

test('a body with more nodes than the limit is refused', () => {
  const body = { type: 'doc', version: 1, content: Array.from({ length: 200_001 }, () => ({ type: 'rule' })) };

  expect(() => extractPageMacros(body)).toThrow(expect.objectContaining({ reason: 'too_many_nodes' }) as Error);
});
