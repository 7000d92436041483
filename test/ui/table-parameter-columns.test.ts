/**
 * Readers who are engineers (issue 16, items 10 and 11): the table's parameter columns, ids that link to the record
 * and keep a column wide enough for them, out-of-limits values marked in colour and in words, and Specification and
 * Limits said once.
 */
import { afterEach, expect, test } from 'vitest';
import { shapeForLayout } from '../../src/domain/shape-view';
import type { MacroViewModel } from '../../src/shared/resolver-contract';
import type { SpecParameter } from '../../src/shared/spec-record';
import { findAll, findByText, findByType, linkHrefs, rowOf, tableHead, visibleText } from './forge-doc';
import type { ForgeDoc } from './forge-doc';
import { makeMacroContext, waitFor } from './harness';
import { mountMacro, type MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { serveSnapshot, signedSnapshot } from './signed-snapshot';
import { makeParameter, makeRecord, makeSpec, makeViewModel, minutesAgo, ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const RUNOUT: SpecParameter = { name: 'Radial runout', nominal: null, unit: 'mm', tolerance: { type: 'limits', max: 0.01 }, actual: 0.013 };
const BORE_MEASURED: SpecParameter = makeParameter({ actual: 25.003 });

/** SHAFT-1042 with a measured bore and an out-of-limits runout, BOLT-2001 with neither. */
function specs() {
  return [
    makeSpec('SHAFT-1042', { record: makeRecord({ parameters: [BORE_MEASURED, RUNOUT] }) }),
    makeSpec('BOLT-2001', { record: makeRecord({ id: 'BOLT-2001', parameters: [makeParameter({ name: 'Length', nominal: 40 })] }) }),
  ];
}

function tableView(parameterColumns: string[]): MacroViewModel {
  const view = makeViewModel(specs());
  view.settings = { ...view.settings, columns: ['id', 'title', 'parameters'], parameterColumns };
  return shapeForLayout(view);
}

const table = (m: MountedMacro) => findByType(m.harness.root, 'DynamicTable')[0]!;
const cells = (row: ForgeDoc | undefined) => findByType(row, 'Cell');

test('the table shows one column per configured parameter after the spec columns; a spec without it shows a dash', async () => {
  mounted = await renderView(tableView(['Bore diameter', 'radial RUNOUT', 'Length']));

  expect(tableHead(table(mounted)).map(visibleText)).toEqual(['Spec', 'Title', 'Parameters', 'Bore diameter', 'radial RUNOUT', 'Length']);
  expect(cells(rowOf(mounted.harness.root, 'SHAFT-1042')).slice(3).map(visibleText)).toEqual([
    '25.000 ± 0.005 mm\nActual 25.003 mm',
    '≤ 0.01 mm\nActual 0.013 mm\nout of limits',
    '—',
  ]);
  expect(cells(rowOf(mounted.harness.root, 'BOLT-2001')).slice(3).map(visibleText)).toEqual(['—', '—', '40.000 ± 0.005 mm']);
});

test('an out-of-limits value in a parameter column is coloured and also says "out of limits" in words', async () => {
  mounted = await renderView(tableView(['Radial runout', 'Bore diameter']));

  const [runout, bore] = cells(rowOf(mounted.harness.root, 'SHAFT-1042')).slice(3);
  expect(findByType(runout, 'Text', { color: 'color.text.danger' }).map(visibleText)).toEqual(['Actual 0.013 mm']);
  expect(findByType(runout, 'Lozenge', { appearance: 'removed' }).map(visibleText)).toEqual(['out of limits']);
  expect(findByType(bore, 'Text', { color: 'color.text.danger' })).toEqual([]);
  expect(findByType(bore, 'Lozenge')).toEqual([]);
});

test('the parameter count of a spec with values out of limits is coloured and says how many in words', async () => {
  mounted = await renderView(tableView([]));

  const [count] = findAll(rowOf(mounted.harness.root, 'SHAFT-1042'), (n) => n.type === 'Text' && n.props.color === 'color.text.danger');
  expect(visibleText(count)).toBe('2 (1 out of limits)');
  expect(visibleText(rowOf(mounted.harness.root, 'BOLT-2001'))).toContain('1');
  expect(findByType(rowOf(mounted.harness.root, 'BOLT-2001'), 'Text', { color: 'color.text.danger' })).toEqual([]);
});

test('each spec id in the table links to its record, as written, in a box at least as wide as the id and its new-tab icon', async () => {
  mounted = await renderView(tableView([]));

  const links = findByType(table(mounted), 'Link');
  expect(links.map(visibleText)).toEqual(['SHAFT-1042', 'BOLT-2001']);
  expect(linkHrefs(table(mounted))).toEqual(['https://eng.example.com/specs/SHAFT-1042', 'https://eng.example.com/specs/BOLT-2001']);
  expect(links.every((link) => link.props.openNewTab === true)).toBe(true);
  const boxes = ['SHAFT-1042', 'BOLT-2001'].map((id) => findByType(rowOf(mounted!.harness.root, id), 'Box')[0]);
  expect(boxes.map((box) => (box?.props.xcss as { minWidth?: string } | undefined)?.minWidth)).toEqual(['8.1em', '7.3em']);
});

test('a spec id whose record address is not a safe web link is shown as text, not a link', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ url: 'javascript:alert(1)' }) }), makeSpec('BOLT-2001')]);

  mounted = await renderView(view);

  expect(linkHrefs(table(mounted))).toEqual(['https://eng.example.com/specs/BOLT-2001']);
  expect(visibleText(rowOf(mounted.harness.root, 'SHAFT-1042'))).toContain('SHAFT-1042');
});

test('the parameter table writes limits that repeat the specification once, across both columns, and colours an out-of-limits actual', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ parameters: [BORE_MEASURED, RUNOUT] }) })]);

  mounted = await renderView(view);

  const root = mounted.harness.root;
  const runout = findByText(root, 'Row', 'Radial runout')[0]!;
  expect(cells(runout).map((c) => [visibleText(c), c.props.colSpan ?? 1])).toEqual([
    ['Radial runout', 1],
    ['≤ 0.01 mm', 2],
    ['0.013 mm', 1],
    ['out of limits', 1],
  ]);
  expect(findByType(runout, 'Text', { color: 'color.text.danger' }).map(visibleText)).toEqual(['0.013 mm']);
  const bore = findByText(root, 'Row', 'Bore diameter')[0]!;
  expect(cells(bore).map(visibleText).slice(1, 3)).toEqual(['25.000 ± 0.005 mm', '24.995–25.005 mm']);
});

const TABLE_CONFIG = { specIds: 'SHAFT-1042, BOLT-2001', layout: 'table', columns: ['id', 'title', 'parameters'], parameterColumns: 'Radial runout', ttlMinutes: '10' };

async function mountTable(snapshot: unknown, resolverView: MacroViewModel, config: Record<string, unknown> = TABLE_CONFIG): Promise<MountedMacro> {
  const macro = await mountMacro((h) => {
    h.context = makeMacroContext(config);
    h.resolver = () => ok(resolverView);
    serveSnapshot(h, () => snapshot);
  });
  await waitFor(() => expect(findByType(macro.harness.root, 'Spinner')).toHaveLength(0));
  return macro;
}

test('a table painted from a fresh snapshot shows the parameter columns with no function call', async () => {
  const shown = specs();
  const snapshot = signedSnapshot(shown, { layout: 'table', columns: ['id', 'title', 'parameters'], parameterColumns: ['Radial runout'] });

  mounted = await mountTable(snapshot, tableView(['Radial runout']));

  expect(tableHead(table(mounted)).map(visibleText)).toEqual(['Spec', 'Title', 'Parameters', 'Radial runout']);
  expect(visibleText(rowOf(mounted.harness.root, 'SHAFT-1042'))).toContain('Actual 0.013 mm');
  expect(mounted.harness.invocations).toHaveLength(0);
});

test('a snapshot written before the parameter columns were configured is not painted for them; the resolver is asked', async () => {
  const snapshot = signedSnapshot(specs(), { layout: 'table', columns: ['id', 'title', 'parameters'] });

  mounted = await mountTable(snapshot, tableView(['Radial runout']));

  await waitFor(() => expect(mounted!.harness.invokeCount('getSpecs')).toBe(1));
  expect(tableHead(table(mounted)).map(visibleText)).toContain('Radial runout');
});

test('a stale table snapshot replaced by the resolver answer for the same records marks no row updated just now', async () => {
  const shown = specs().map((spec) => ({ ...spec, fetchedAt: minutesAgo(11) }));
  const snapshot = signedSnapshot(shown, { layout: 'table', columns: ['id', 'title', 'parameters'], parameterColumns: ['Radial runout'] });
  const answer = makeViewModel(shown);
  answer.settings = { ...answer.settings, columns: ['id', 'title', 'parameters'], parameterColumns: ['Radial runout'] };

  mounted = await mountTable(snapshot, shapeForLayout(answer));
  await waitFor(() => expect(mounted!.harness.invokeCount('getSpecs')).toBe(1));
  await new Promise((resolve) => setTimeout(resolve, 100));

  expect(visibleText(mounted.harness.root)).not.toContain('updated just now');
});
