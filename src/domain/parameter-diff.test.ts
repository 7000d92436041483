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
