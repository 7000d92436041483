import { expect, test } from 'vitest';
import { createOpenApiValidator } from './openapi-validator';

const validator = createOpenApiValidator();
const version = { number: 1, createdAt: '2026-01-01T00:00:00.000Z', message: '', minorEdit: false, authorId: 'a' };

test('a well-formed ContentProperty passes, open and closed', () => {
  const property = { id: '1', key: 'k', value: { any: ['json'] }, version };

  expect(validator.schemaErrors('ContentProperty', property)).toEqual([]);
  expect(validator.schemaErrors('ContentProperty', property, { closed: true })).toEqual([]);
});

test.each([
  { label: 'a numeric id', property: { id: 1, key: 'k', value: 1, version } },
  { label: 'a string version number', property: { id: '1', key: 'k', value: 1, version: { ...version, number: '1' } } },
  { label: 'a createdAt that is no date-time', property: { id: '1', key: 'k', value: 1, version: { ...version, createdAt: 'yesterday' } } },
])('a ContentProperty with $label fails', ({ property }) => {
  expect(validator.schemaErrors('ContentProperty', property)).not.toEqual([]);
});

test('closed validation rejects a field the schema does not declare; open validation allows it', () => {
  const property = { id: '1', key: 'k', value: 1, version: { ...version, when: 'v1 field' } };

  expect(validator.schemaErrors('ContentProperty', property)).toEqual([]);
  expect(validator.schemaErrors('ContentProperty', property, { closed: true })).toEqual([
    expect.stringContaining('must NOT have additional properties'),
  ]);
});

test('nullable fields accept null, and allOf members merge before closing (GET /pages/{id} _links.base)', () => {
  const page = { id: '1', ownerId: null, position: null, _links: { webui: '/x', base: 'http://localhost/wiki' } };

  expect(validator.responseErrors('/pages/{id}', 'get', '200', page, { closed: true })).toEqual([]);
  expect(validator.responseErrors('/pages/{id}', 'get', '200', { ...page, title: null })).not.toEqual([]);
});
