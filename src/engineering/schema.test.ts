import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import { SearchResponse, SpecRecord } from './schema';
import { formatPath, validateRecord } from './validate-record';

test('accepts a record that follows the contract', () => {
  const record = makeSpecRecord();

  const parsed = SpecRecord.safeParse(record);

  expect(parsed.success && parsed.data).toEqual(record);
});

test('drops fields the app does not use', () => {
  const record = makeSpecRecord();
  const withExtras = {
    ...record,
    internalNotes: 'x',
    parameters: record.parameters.map((parameter) => ({ ...parameter, gauge: 'G-7', tolerance: { ...parameter.tolerance, source: 'ISO 286' } })),
  };

  const parsed = SpecRecord.safeParse(withExtras);

  expect(parsed.error).toBeUndefined();
  expect(parsed.success).toBe(true);
  expect(parsed.data).toStrictEqual(record);
});

test.each([
  { case: 'javascript url', patch: { url: 'javascript:alert(1)' }, field: 'url' },
  { case: 'ftp url', patch: { url: 'ftp://eng.example.com/x' }, field: 'url' },
  { case: 'unknown status', patch: { status: 'approved' }, field: 'status' },
  { case: 'date without time', patch: { updatedAt: '2025-03-01' }, field: 'updatedAt' },
  { case: 'lower-case id', patch: { id: 'shaft-1042' }, field: 'id' },
  { case: 'overlong title', patch: { title: 'x'.repeat(501) }, field: 'title' },
  { case: 'numeric revision', patch: { revision: 3 }, field: 'revision' },
  { case: 'string nominal', patch: { parameters: [{ name: 'D', nominal: '25', unit: 'mm' }] }, field: 'parameters[0].nominal' },
  {
    case: 'unknown tolerance type',
    patch: { parameters: [{ name: 'D', nominal: 25, unit: 'mm', tolerance: { type: 'fuzzy', value: 1 } }] },
    field: 'parameters[0].tolerance.type',
  },
  {
    case: 'limits with neither side',
    patch: { parameters: [{ name: 'Runout', nominal: null, unit: 'mm', tolerance: { type: 'limits' } }] },
    field: 'parameters[0].tolerance',
  },
])('rejects a record with $case at $field', ({ patch, field }) => {
  const validation = validateRecord({ ...makeSpecRecord(), ...patch });

  expect(validation).toMatchObject({ ok: false, error: { kind: 'invalid_response', field } });
});

test('names the record by the requested id when the payload id is unusable', () => {
  const validation = validateRecord({ ...makeSpecRecord(), id: 42 }, 'SHAFT-1042');

  expect(validation).toMatchObject({ ok: false, error: { id: 'SHAFT-1042', detail: expect.stringMatching(/^SHAFT-1042: id: /) } });
});

test('rejects a search hit with a wrong status', () => {
  const parsed = SearchResponse.safeParse({ items: [{ id: 'S-1', title: 't', revision: 'A', status: 'gone' }] });

  expect(parsed.success).toBe(false);
});

test.each([
  { path: ['parameters', 2, 'tolerance', 'upper'], expected: 'parameters[2].tolerance.upper' },
  { path: ['title'], expected: 'title' },
  { path: [0, 'id'], expected: '[0].id' },
  { path: [], expected: '' },
])('formats the path $path as "$expected"', ({ path, expected }) => {
  expect(formatPath(path)).toBe(expected);
});

test('accepts one-sided limits: an upper limit alone or a lower limit alone', () => {
  const parameters = [
    { name: 'Runout', nominal: null, unit: 'mm', tolerance: { type: 'limits' as const, max: 0.01 } },
    { name: 'Breaking force', nominal: null, unit: 'N', tolerance: { type: 'limits' as const, min: 5 } },
  ];

  expect(SpecRecord.parse({ ...makeSpecRecord(), parameters }).parameters).toEqual(parameters);
});
