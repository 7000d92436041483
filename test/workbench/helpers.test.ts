import { expect, test } from 'vitest';
import { adfDocument, forgeMacroNode, paragraph } from '../../local/platform/confluence';
import { parameterFields, parametersFromFields } from '../../local/workbench/host/parameter-fields';
import { settleAppValue } from '../../local/workbench/renderer/use-buffered-value';
import { findMacros, macroLocalId, macroModuleKey, withMacroConfig } from '../../local/workbench/server/macro-locator';
import type { SpecParameter } from '../../src/shared/spec-record';

test.each([
  ['an echo of the oldest typed value', ['a', 'ab', 'abc'], 'a', { sent: ['ab', 'abc'], adopt: false }],
  ['an echo of the latest typed value', ['a', 'ab'], 'ab', { sent: [], adopt: false }],
  ['a value the app set itself', ['a', 'ab'], 'AB', { sent: [], adopt: true }],
  ['any value when nothing is pending', [], 'x', { sent: [], adopt: true }],
])('settles %s', (_name, sent, appValue, expected) => {
  expect(settleAppValue(sent, appValue)).toEqual(expected);
});

test.each<[string, SpecParameter]>([
  ['symmetric', { name: 'Length', nominal: 312, unit: 'mm', tolerance: { type: 'symmetric', value: 0.2 }, actual: 312.06 }],
  ['deviation', { name: 'Seat', nominal: 25, unit: 'mm', tolerance: { type: 'deviation', upper: 0, lower: 0.013 } }],
  ['limits without nominal', { name: 'Hardness', nominal: null, unit: 'HRC', tolerance: { type: 'limits', min: 28, max: 34 } }],
  ['one-sided limits', { name: 'Runout', nominal: null, unit: 'mm', tolerance: { type: 'limits', max: 0.01 } }],
  ['no tolerance', { name: 'Mass', nominal: 1.2, unit: 'kg' }],
])('round-trips a %s parameter through the engineering panel fields', (_name, parameter) => {
  expect(parametersFromFields([parameterFields(parameter)])).toEqual([parameter]);
});

test('turns an edited tolerance field into the number the engineering system receives', () => {
  const fields = parameterFields({ name: 'Length', nominal: 312, unit: 'mm', tolerance: { type: 'symmetric', value: 0.2 } });

  const [edited] = parametersFromFields([{ ...fields, toleranceValues: ['0.15'] }]);

  expect(edited!.tolerance).toEqual({ type: 'symmetric', value: 0.15 });
});

test('finds only Forge macros of this app and replaces one macro’s config', () => {
  const other = { type: 'extension', attrs: { extensionType: 'com.atlassian.confluence.macro.core', extensionKey: 'toc', parameters: { localId: 'toc-1' } } };
  const doc = adfDocument(
    paragraph('intro'),
    forgeMacroNode({ localId: 'm1', nodeLocalId: 'n1', config: { specIds: 'A-1' } }),
    other,
    forgeMacroNode({ localId: 'm2', nodeLocalId: 'n2', config: { specIds: 'B-2' } }),
  );

  const updated = withMacroConfig(doc, 'm2', { specIds: 'C-3' });

  expect(findMacros(doc).map((node) => macroLocalId(node))).toEqual(['m1', 'm2']);
  expect(macroModuleKey(findMacros(doc)[0]!)).toBe('spec-bridge');
  expect(findMacros(updated).map((node) => (node.attrs?.parameters as { guestParams: unknown }).guestParams)).toEqual([{ specIds: 'A-1' }, { specIds: 'C-3' }]);
  expect(findMacros(doc)[1]!.attrs?.parameters).toMatchObject({ guestParams: { specIds: 'B-2' } });
});
