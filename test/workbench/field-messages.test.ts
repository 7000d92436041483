import { expect, test } from 'vitest';
import { adfDocument, forgeMacroNode, paragraph } from '../../local/platform/confluence';
import { fieldProblems, readableFieldError } from '../../local/workbench/host/field-messages';
import { specIdsOnPage } from '../../local/workbench/host/page-specs';
import { parameterFields } from '../../local/workbench/host/parameter-fields';

const fields = [
  parameterFields({ name: 'Bearing seat diameter', nominal: 25, unit: 'mm', tolerance: { type: 'deviation', upper: 0, lower: 0.013 } }),
  parameterFields({ name: 'Core hardness', nominal: null, unit: 'HRC', tolerance: { type: 'limits', min: 28, max: 34 } }),
];

test("the engineering system's field errors read the way a person names the field", () => {
  expect(readableFieldError("Field 'parameters[1].nominal' must be a number", fields)).toBe('Parameter 2 (Core hardness): nominal must be a number');
  expect(readableFieldError("Field 'parameters[0].tolerance.upper' must be a finite number", fields)).toBe('Parameter 1 (Bearing seat diameter): tolerance upper must be a number');
  expect(readableFieldError("Field 'revision' must be a revision like \"A\"", fields)).toBe('Revision must be a revision like "A"');
  expect(readableFieldError('Spec NOPE-1 does not exist', fields)).toBe('Spec NOPE-1 does not exist');
});

test('typed values that are not numbers are named by parameter before anything is sent', () => {
  const typed = [{ ...fields[0]!, nominal: '25,1', toleranceValues: ['0', 'x'] }, { ...fields[1]!, actual: '' }];

  expect(fieldProblems(typed)).toEqual([
    'Parameter 1 (Bearing seat diameter): nominal must be a number (or empty for none)',
    'Parameter 1 (Bearing seat diameter): tolerance lower must be a number',
  ]);
  expect(fieldProblems(fields)).toEqual([]);
});

test('limits with one side left empty are a one-sided limit, not a mistake; both sides empty or a word are named', () => {
  const runout = parameterFields({ name: 'Radial runout', nominal: null, unit: 'mm', tolerance: { type: 'limits', max: 0.01 } });

  expect(runout.toleranceValues).toEqual(['', '0.01']);
  expect(fieldProblems([runout])).toEqual([]);
  expect(fieldProblems([{ ...runout, toleranceValues: ['', ' '] }])).toEqual(['Parameter 1 (Radial runout): tolerance limits need a min, a max or both']);
  expect(fieldProblems([{ ...runout, toleranceValues: ['zero', '0.01'] }])).toEqual([
    'Parameter 1 (Radial runout): tolerance min must be a number (or empty for a one-sided limit)',
  ]);
});

test('the spec ids a page shows, in page order, without pins or repeats', () => {
  const body = adfDocument(
    paragraph('Intro'),
    forgeMacroNode({ localId: 'm1', nodeLocalId: 'n1', config: { specIds: 'shaft-1042@B, BOLT-2001' } }),
    forgeMacroNode({ localId: 'm2', nodeLocalId: 'n2', config: { specIds: 'BOLT-2001 GEAR-3601' } }),
  );

  expect(specIdsOnPage(body)).toEqual(['SHAFT-1042', 'BOLT-2001', 'GEAR-3601']);
});
