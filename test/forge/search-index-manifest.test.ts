import { expect, test } from 'vitest';
import { loadManifest } from '../../local/platform/manifest';
import { SEARCH_INDEX_FIELDS, SEARCH_INDEX_PROPERTY_KEY } from '../../src/domain/search-index-property';

test('manifest.yml indexes exactly the fields the search index builder writes, with their types and aliases', () => {
  const [index, ...others] = loadManifest('manifest.yml', {}).contentPropertyIndexes;

  expect(others).toEqual([]);
  expect(index?.propertyKey).toBe(SEARCH_INDEX_PROPERTY_KEY);
  expect(index?.values.map(({ path, type, searchAlias }) => ({ path, type, searchAlias }))).toEqual(SEARCH_INDEX_FIELDS.map((field) => ({ ...field })));
});
