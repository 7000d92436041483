import { beforeAll, expect, test } from 'vitest';
import { findAll, findByType, visibleText } from './forge-doc';
import type { BridgeHarness } from './harness';
import { installBridge, waitFor } from './harness';
import { failOnReactWarnings } from './no-react-warnings';
import { makeSpec, makeViewModel, ok } from './view-model-factory';

failOnReactWarnings();
let harness: BridgeHarness;

beforeAll(async () => {
  harness = installBridge();
  harness.reset();
  harness.resolver = () => ok(makeViewModel([makeSpec('SHAFT-1042')]));
  harness.expectNewRoot();
  await import('../../src/frontend/index');
  await waitFor(() => {
    if (!harness.root || !harness.configDoc) throw new Error('both trees have not been reconciled yet');
  });
});

// Components and props Forge accepts inside a macro config panel (forge-facts §2.1).
const CONFIG_PROPS: Record<string, string[]> = {
  Label: ['children'],
  TextArea: ['defaultValue', 'isRequired', 'name', 'placeholder'],
  Textfield: ['defaultValue', 'isRequired', 'name', 'placeholder'],
  Select: ['defaultValue', 'options', 'placeholder', 'isRequired', 'name'],
  RadioGroup: ['options', 'defaultValue', 'isRequired', 'name'],
  CheckboxGroup: ['options', 'defaultValue', 'isRequired', 'name'],
};

test('the entry renders the macro view into a Root tree', async () => {
  await waitFor(() => expect(visibleText(harness.root)).toContain('Drive shaft'));

  expect(harness.invokeCount('getSpecs')).toBe(1);
});

test('the config panel has the fields macro-config parses, by name', () => {
  const named = findAll(harness.configDoc, (n) => typeof n.props.name === 'string');

  expect(named.map((n) => [n.type, n.props.name])).toEqual([
    ['TextArea', 'specIds'],
    ['RadioGroup', 'layout'],
    ['CheckboxGroup', 'columns'],
    ['TextArea', 'parameterColumns'],
    ['Textfield', 'ttlMinutes'],
    ['Textfield', 'pinnedRevision'],
  ]);
  expect(findByType(harness.configDoc, 'TextArea')[0]?.props.placeholder).toBe('SHAFT-1042, BOLT-2001@B');
});

test('the config panel uses only components and props Forge supports in macro config', () => {
  const nodes = findAll(harness.configDoc, (n) => n.type !== 'MacroConfig' && n.type !== 'String');

  for (const node of nodes) {
    const allowed = CONFIG_PROPS[node.type];
    expect(allowed, `${node.type} is not allowed in macro config`).toBeDefined();
    expect(Object.keys(node.props).filter((p) => !allowed!.includes(p))).toEqual([]);
  }
});

test('the config panel offers the three layouts and the table columns', () => {
  const [layout] = findByType(harness.configDoc, 'RadioGroup');
  const [columns] = findByType(harness.configDoc, 'CheckboxGroup');

  expect((layout?.props.options as { value: string }[]).map((o) => o.value)).toEqual(['card', 'table', 'parameters']);
  expect((columns?.props.options as { value: string }[]).map((o) => o.value)).toEqual([
    'id', 'title', 'revision', 'status', 'owner', 'updatedAt', 'parameters',
  ]);
});

test('the config panel tells authors that the settings are visible to page viewers', () => {
  expect(visibleText(harness.configDoc)).toContain('visible to everyone who can view it. Do not enter secrets.');
});
