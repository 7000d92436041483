import { expect, test } from 'vitest';
import { diffParameters } from './parameter-diff';

test('lists added, removed and changed parameters by name', () => {
  const before = [
    { name: 'Diameter', nominal: 25, unit: 'mm', tolerance: { type: 'symmetric' as const, value: 0.01 } },
    { name: 'Length', nominal: 120, unit: 'mm' },
  ];
  const after = [
    { name: 'Diameter', nominal: 25, unit: 'mm', tolerance: { type: 'symmetric' as const, value: 0.005 } },
    { name: 'Hardness', nominal: 58, unit: 'HRC' },
  ];

  const changes = diffParameters(before, after);

  expect(changes.map((c) => [c.name, c.kind])).toEqual([
    ['Diameter', 'changed'],
    ['Hardness', 'added'],
    ['Length', 'removed'],
  ]);
});

test('identical parameters give no changes', () => {
  const parameters = [{ name: 'Torque', nominal: 40, unit: 'N·m' }];

  expect(diffParameters(parameters, structuredClone(parameters))).toEqual([]);
});

test('a parameter whose shown specification, limits and actual value are unchanged is not listed as changed', () => {
  const before = [{ name: 'Overall length', nominal: 312, unit: 'mm', tolerance: { type: 'symmetric' as const, value: 0.2 } }];
  const after = [{ name: 'Overall length', nominal: 312, unit: 'mm', tolerance: { type: 'deviation' as const, upper: 0.2, lower: 0.2 } }];

  expect(diffParameters(before, after)).toEqual([]);
});

test('a measured value that appears is a change: the parameter table shows it', () => {
  const before = [{ name: 'Overall length', nominal: 312, unit: 'mm', tolerance: { type: 'symmetric' as const, value: 0.2 } }];
  const after = [{ ...before[0]!, actual: 312.06 }];

  expect(diffParameters(before, after).map((c) => [c.name, c.kind])).toEqual([['Overall length', 'changed']]);
});
