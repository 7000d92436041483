import { afterEach, expect, test } from 'vitest';
import { migrateMacroConfig, parseMacroConfig } from '../../src/domain/macro-config';
import type { SpecSummary } from '../../src/shared/resolver-contract';
import { findByText, findByType, functionPropId, visibleText, type ForgeDoc } from './forge-doc';
import { makeMacroContext, waitFor, type BridgeHarness } from './harness';
import { mountConfigDialog, type MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const FOUND: SpecSummary[] = [
  { id: 'SHAFT-1043', title: 'Output shaft', revision: 'C', status: 'in_review' },
  { id: 'SHAFT-1042', title: 'Drive shaft', revision: 'C', status: 'released' },
];

/** Opens the dialog on a macro whose saved config is `saved`; the backend's checkConfig runs the real domain rules. */
async function openDialog(saved: Record<string, unknown> | undefined): Promise<BridgeHarness> {
  mounted = await mountConfigDialog((h) => {
    const context = makeMacroContext(saved);
    (context.extension as Record<string, unknown>).isEditing = true;
    h.context = context;
    h.resolver = (key, payload) => {
      if (key === 'searchSpecs') return ok({ items: FOUND });
      if (key !== 'checkConfig') throw new Error(`unexpected ${key}`);
      const draft = (payload as { config?: unknown }).config;
      const raw = draft ?? saved;
      const known = draft === undefined ? FOUND.filter((item) => parseMacroConfig(raw).settings.specIds.includes(item.id)) : undefined;
      return ok({ config: migrateMacroConfig(raw), problems: parseMacroConfig(raw).problems, ...(known ? { known } : {}) });
    };
  });
  const harness = mounted.harness;
  await waitFor(() => expect(findByType(harness.root, 'Spinner')).toHaveLength(0));
  return harness;
}

const textfield = (harness: BridgeHarness, name: string): ForgeDoc => findByType(harness.root, 'Textfield', { name })[0]!;
const type = (harness: BridgeHarness, name: string, value: string) =>
  harness.fire(functionPropId(textfield(harness, name), 'onChange'), { target: { value } });
const click = (harness: BridgeHarness, label: string, at = 0) => harness.fire(functionPropId(findByText(harness.root, 'Button', label)[at]!, 'onClick'));
const pressEnter = (harness: BridgeHarness) => harness.fire(functionPropId(findByType(harness.root, 'Form')[0]!, 'onSubmit'));

async function search(harness: BridgeHarness, query: string): Promise<void> {
  type(harness, 'spec-search', query);
  await waitFor(() => expect(textfield(harness, 'spec-search').props.value).toBe(query));
  pressEnter(harness);
  await waitFor(() => expect(visibleText(harness.root)).toContain('Output shaft'));
}

test('Enter in the search box searches the engineering system by id or title', async () => {
  const harness = await openDialog(undefined);

  await search(harness, 'shaft');

  expect(harness.invocations.filter((i) => i.functionKey === 'searchSpecs')).toEqual([{ functionKey: 'searchSpecs', payload: { query: 'shaft' } }]);
  expect(visibleText(harness.root)).toContain('In review');
});

test('a one-character query says why it does not search and clears the previous results', async () => {
  const harness = await openDialog(undefined);
  await search(harness, 'shaft');

  type(harness, 'spec-search', 's');
  await waitFor(() => expect(visibleText(harness.root)).not.toContain('Output shaft'));
  pressEnter(harness);

  await waitFor(() => expect(visibleText(harness.root)).toContain('Type at least 2 characters to search.'));
  expect(harness.invokeCount('searchSpecs')).toBe(1);
});

test('a search result is added with one click and saved as a picked spec, with no id typed', async () => {
  const harness = await openDialog(undefined);
  await search(harness, 'shaft');

  click(harness, 'Add SHAFT-1043');
  await waitFor(() => expect(visibleText(harness.root)).toContain('1. SHAFT-1043'));
  expect(findByText(harness.root, 'Button', 'SHAFT-1043 added')[0]?.props.isDisabled).toBe(true);
  click(harness, 'Save');

  await waitFor(() => expect(harness.submissions).toHaveLength(1));
  expect(harness.submissions[0]).toEqual({ config: { version: 2, specs: [{ id: 'SHAFT-1043' }] } });
});

test('picked specs can be reordered, pinned to a revision and removed before saving', async () => {
  const harness = await openDialog({ specIds: 'BOLT-2001, SHAFT-1042' });
  await waitFor(() => expect(visibleText(harness.root)).toContain('2. SHAFT-1042'));

  click(harness, 'Move up', 1);
  await waitFor(() => expect(visibleText(harness.root)).toContain('1. SHAFT-1042'));
  type(harness, 'revision-SHAFT-1042', 'B');
  await waitFor(() => expect(textfield(harness, 'revision-SHAFT-1042').props.value).toBe('B'));
  click(harness, 'Remove', 1);
  await waitFor(() => expect(visibleText(harness.root)).not.toContain('BOLT-2001'));
  click(harness, 'Save');

  await waitFor(() => expect(harness.submissions).toHaveLength(1));
  expect(harness.submissions[0]).toEqual({ config: { version: 2, specs: [{ id: 'SHAFT-1042', revision: 'B' }] } });
});

test('a macro saved with the classic config panel opens with its specs, pins and freshness in place', async () => {
  const harness = await openDialog({ specIds: 'SHAFT-1042@B BOLT-2001', pinnedRevision: '', ttlMinutes: '30', layout: 'table' });

  await waitFor(() => expect(visibleText(harness.root)).toContain('2. BOLT-2001'));
  expect(textfield(harness, 'revision-SHAFT-1042').props.value).toBe('B');
  expect(textfield(harness, 'revision-BOLT-2001').props.value).toBe('');
  expect(textfield(harness, 'freshnessMinutes').props.value).toBe('30');
  expect(visibleText(harness.root)).toContain('The macro will show SHAFT-1042 pinned to Rev B, BOLT-2001 (latest revision) as a table.');
});

test('table columns are offered only with the table layout', async () => {
  const harness = await openDialog({ version: 2, specs: [{ id: 'SHAFT-1042' }] });
  expect(findByType(harness.root, 'CheckboxGroup')).toHaveLength(0);

  harness.fire(functionPropId(findByType(harness.root, 'RadioGroup')[0]!, 'onChange'), { target: { value: 'table' } });

  await waitFor(() => expect(findByType(harness.root, 'CheckboxGroup')).toHaveLength(1));
  expect(visibleText(harness.root)).toContain('Table columns');
});

test('parameter columns typed in the table layout are saved with the config', async () => {
  const harness = await openDialog({ version: 2, specs: [{ id: 'SHAFT-1042' }, { id: 'BOLT-2001' }], layout: 'table' });
  const parameterColumns = () => findByType(harness.root, 'TextArea', { name: 'parameterColumns' })[0]!;
  await waitFor(() => expect(parameterColumns()).toBeDefined());

  harness.fire(functionPropId(parameterColumns(), 'onChange'), { target: { value: 'Bearing seat diameter, Overall length' } });
  await waitFor(() => expect(parameterColumns().props.value).toBe('Bearing seat diameter, Overall length'));
  click(harness, 'Save');

  await waitFor(() => expect(harness.submissions).toHaveLength(1));
  const saved = (harness.submissions[0] as { config: Record<string, unknown> }).config;
  expect(saved.parameterColumns).toBe('Bearing seat diameter, Overall length');
  expect(parseMacroConfig(saved).settings.parameterColumns).toEqual(['Bearing seat diameter', 'Overall length']);
});

test('the dialog says what the macro would complain about before it is saved', async () => {
  const harness = await openDialog({ version: 2, specs: [{ id: 'SHAFT-1042' }] });

  type(harness, 'freshnessMinutes', 'soon');

  await waitFor(() => expect(visibleText(harness.root)).toContain('Freshness "soon" is not a number of minutes'));
});

test('typing in the dialog checks the draft once typing pauses, not once per keystroke', async () => {
  const harness = await openDialog({ version: 2, specs: [{ id: 'SHAFT-1042' }] });
  await waitFor(() => expect(textfield(harness, 'freshnessMinutes')).toBeDefined());
  const opened = harness.invokeCount('checkConfig');

  for (const typed of ['1', '12', '120', '1200', '12000']) type(harness, 'freshnessMinutes', typed);

  await waitFor(() => expect(visibleText(harness.root)).toContain('Freshness 12000 min is above the maximum'));
  expect(harness.invokeCount('checkConfig') - opened).toBe(1);
});

test('Cancel closes the dialog without saving', async () => {
  const harness = await openDialog({ version: 2, specs: [{ id: 'SHAFT-1042' }] });

  click(harness, 'Cancel');

  await waitFor(() => expect(harness.closes).toBe(1));
  expect(harness.submissions).toEqual([]);
});

test('the freshness setting is called what it does, and no placeholder looks like a value', async () => {
  const harness = await openDialog({ version: 2, specs: [{ id: 'SHAFT-1042' }] });

  expect(findByType(harness.root, 'Label').map((label) => visibleText(label))).toContain('Freshness (minutes)');
  expect(visibleText(harness.root)).toContain('How long data counts as fresh');
  expect(visibleText(harness.root)).not.toMatch(/refresh interval/i);
  const placeholders = findByType(harness.root, 'Textfield').map((field) => String(field.props.placeholder));
  expect(placeholders).toEqual(['Search by id or title', 'Latest revision', 'Site default']);
});

test('specs picked before show the titles Spec Bridge has cached for them', async () => {
  const harness = await openDialog({ specIds: 'SHAFT-1042, BOLT-2001' });

  await waitFor(() => expect(visibleText(harness.root)).toContain('Drive shaft · latest Rev C'));
  expect(visibleText(harness.root)).toContain('2. BOLT-2001');
});
