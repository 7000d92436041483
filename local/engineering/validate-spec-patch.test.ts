import { expect, test } from 'vitest';
import { validateSpecPatch, validateSpecRecord } from './validate-spec-patch';

const torque = { name: 'Tightening torque', nominal: 25, unit: 'N·m', tolerance: { type: 'symmetric', value: 2.5 } };

function withTorque(changes: Record<string, unknown>) {
  return { parameters: [{ ...torque, ...changes }] };
}

test.each([
  ['a non-object body', 'title', 'body'],
  ['a list body', [], 'body'],
  ['an unknown field', { id: 'S-1' }, 'id'],
  ['a numeric title', { title: 7 }, 'title'],
  ['a blank owner', { owner: '   ' }, 'owner'],
  ['a revision with spaces', { revision: 'rev B' }, 'revision'],
  ['an unknown status', { status: 'approved' }, 'status'],
  ['parameters that are not a list', { parameters: {} }, 'parameters'],
  ['a parameter without a name', { parameters: [{ nominal: 1, unit: 'mm' }] }, 'parameters[0].name'],
  ['a parameter without a nominal', { parameters: [{ name: 'd', unit: 'mm' }] }, 'parameters[0].nominal'],
  ['an infinite nominal', { parameters: [{ name: 'd', nominal: Infinity, unit: 'mm' }] }, 'parameters[0].nominal'],
  ['a missing unit', { parameters: [torque, { name: 'd', nominal: 1 }] }, 'parameters[1].unit'],
  ['an unknown parameter field', withTorque({ max: 3 }), 'parameters[0].max'],
  ['a duplicate parameter name', { parameters: [torque, torque] }, 'parameters[1].name'],
  ['an unknown tolerance type', withTorque({ tolerance: { type: 'percent', value: 10 } }), 'parameters[0].tolerance.type'],
  ['a negative symmetric value', withTorque({ tolerance: { type: 'symmetric', value: -1 } }), 'parameters[0].tolerance.value'],
  [
    'a signed lower deviation',
    withTorque({ tolerance: { type: 'deviation', upper: 0, lower: -0.013 } }),
    'parameters[0].tolerance.lower',
  ],
  ['limits with max below min', withTorque({ tolerance: { type: 'limits', min: 5, max: 4 } }), 'parameters[0].tolerance.max'],
  ['limits with neither min nor max', withTorque({ tolerance: { type: 'limits' } }), 'parameters[0].tolerance.max'],
  [
    'a deviation without a nominal',
    withTorque({ nominal: null, tolerance: { type: 'deviation', upper: 0, lower: 1 } }),
    'parameters[0].nominal',
  ],
  ['a textual actual value', withTorque({ actual: 'ok' }), 'parameters[0].actual'],
])('refuses %s, naming %s', (_case, input, field) => {
  const result = validateSpecPatch(input);

  expect(result).toEqual({ ok: false, error: { field, message: expect.stringContaining(`'${field}'`) } });
});

test('accepts a partial patch and returns it with parameters in canonical key order', () => {
  const shuffled = { actual: 5.02, unit: 'V', tolerance: { max: 5.25, min: 4.75, type: 'limits' }, nominal: 5, name: 'Supply voltage' };
  const input = { status: 'released', parameters: [shuffled] };

  const result = validateSpecPatch(input);

  expect(result.ok).toBe(true);
  expect(JSON.stringify(result.ok && result.value)).toBe(
    '{"status":"released","parameters":[{"name":"Supply voltage","nominal":5,"unit":"V",' +
      '"tolerance":{"type":"limits","min":4.75,"max":5.25},"actual":5.02}]}',
  );
});

test('validateSpecRecord refuses a record whose id breaks the id pattern', () => {
  const record = {
    id: 'shaft-1',
    title: 't',
    revision: 'A',
    status: 'draft',
    owner: 'o',
    updatedAt: '2026-01-01T00:00:00.000Z',
    url: 'https://plm.example.com/specs/shaft-1',
    parameters: [],
  };

  const result = validateSpecRecord(record);

  expect(result).toMatchObject({ ok: false, error: { field: 'id' } });
});

test('accepts limits with one side only (an upper or a lower limit)', () => {
  const upper = { name: 'Runout', nominal: null, unit: 'mm', tolerance: { type: 'limits', max: 0.01 } };
  const lower = { name: 'Breaking force', nominal: null, unit: 'N', tolerance: { type: 'limits', min: 5 } };

  expect(validateSpecPatch({ parameters: [upper, lower] })).toEqual({ ok: true, value: { parameters: [upper, lower] } });
});
