import { expect, it } from 'vitest';
import type { SpecParameter } from './spec-record';
import { specificationColumns } from './specification-columns';

it.each<[string, SpecParameter, { specification: string; limits: string | null }]>([
  ['limits alone are the specification, said once', { name: 'V', nominal: null, unit: 'V', tolerance: { type: 'limits', min: 4.75, max: 5.25 } }, { specification: '4.75–5.25 V', limits: null }],
  ['a nominal beside limits is the specification; the range goes in Limits only', { name: 'Fit', nominal: 40, unit: 'mm', tolerance: { type: 'limits', min: 40.009, max: 40.025 } }, { specification: '40.000 mm', limits: '40.009–40.025 mm' }],
  ['nominal ± tolerance and its limits are both kept', { name: 'Bore', nominal: 25, unit: 'mm', tolerance: { type: 'symmetric', value: 0.005 } }, { specification: '25.000 ± 0.005 mm', limits: '24.995–25.005 mm' }],
  ['deviations and their limits are both kept', { name: 'Bore', nominal: 25, unit: 'mm', tolerance: { type: 'deviation', upper: 0, lower: 0.013 } }, { specification: '25.000 +0.000/−0.013 mm', limits: '24.987–25.000 mm' }],
  ['a one-sided limit is the specification, said once', { name: 'Runout', nominal: null, unit: 'mm', tolerance: { type: 'limits', max: 0.01 } }, { specification: '≤ 0.01 mm', limits: null }],
  ['a nominal without tolerance has no limits', { name: 'Mass', nominal: 1.2, unit: 'kg' }, { specification: '1.2 kg', limits: '' }],
])('%s', (_label, parameter, expected) => {
  expect(specificationColumns(parameter)).toEqual(expected);
});
