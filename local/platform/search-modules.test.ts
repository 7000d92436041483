import { expect, test } from 'vitest';
import { contentPropertyIndexes, globalPages } from './search-modules';
import { loadManifest } from './manifest';

const module = (overrides: Record<string, unknown> = {}, value: Record<string, unknown> = {}) => [
  { key: 'index', propertyKey: 'specbridge_index', values: [{ path: 'specs', type: 'text', searchAlias: 'specBridgeSpec', ...value }], ...overrides },
];

test("manifest.yml's search index is loaded with its aliases and its where-used page", () => {
  const manifest = loadManifest('manifest.yml', {});

  expect(manifest.contentPropertyIndexes).toEqual([
    expect.objectContaining({ propertyKey: 'specbridge_index', values: expect.arrayContaining([{ path: 'specs', type: 'text', searchAlias: 'specBridgeSpec' }]) }),
  ]);
  expect(manifest.globalPages).toEqual([
    { key: 'spec-bridge-where-used', route: 'spec-bridge-where-used', resource: 'where-used-ui', resolverFunction: 'where-used-resolver', title: 'Spec Bridge where-used' },
  ]);
});

test('accepts the documented key alphabet and types', () => {
  expect(contentPropertyIndexes(module())[0]?.values).toEqual([{ path: 'specs', type: 'text', searchAlias: 'specBridgeSpec' }]);
  for (const type of ['number', 'string', 'text', 'user', 'date']) expect(() => contentPropertyIndexes(module({}, { type }))).not.toThrow();
  expect(globalPages(undefined)).toEqual([]);
});

test.each([
  ['a property key with a dot', module({ propertyKey: 'spec-bridge.index' }), /only letters, digits and _/],
  ['a property key with a hyphen', module({ propertyKey: 'spec-bridge' }), /only letters, digits and _/],
  ['an array element path', module({}, { path: 'specs[0]' }), /never JSON array elements/],
  ['a numeric path segment', module({}, { path: 'specs.0' }), /never JSON array elements/],
  ['a type Forge does not know', module({}, { type: 'boolean' }), /Forge allows number, string, text, user, date/],
  ['an alias with a space', module({}, { searchAlias: 'spec bridge' }), /searchAlias/],
  [
    'the same alias twice',
    [{ key: 'a', propertyKey: 'a_key', values: [{ path: 'x', type: 'text', searchAlias: 'dup' }, { path: 'y', type: 'text', searchAlias: 'dup' }] }],
    /declared twice/,
  ],
  ['no values', module({ values: [] }), /indexes no values/],
])('refuses %s at load', (_name, raw, message) => {
  expect(() => contentPropertyIndexes(raw)).toThrow(message);
});
