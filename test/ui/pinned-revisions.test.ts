import { afterEach, expect, it, test } from 'vitest';
import type { Layout, PinnedRevisionInfo, SpecView } from '../../src/shared/resolver-contract';
import { findByText, findByType, tableRows, visibleText } from './forge-doc';
import type { MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { renderView } from './render-view';
import { makeParameter, makeRecord, makeSpec, makeViewModel } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

/** SHAFT-1042 showing Rev `shown`, with a pin. */
function pinnedSpec(id: string, shown: string, pinned: PinnedRevisionInfo): SpecView {
  return makeSpec(id, { record: makeRecord({ id, revision: shown }), pinned });
}

function freshnessLines(text: string): string[] {
  return text.split('\n').filter((line) => line.includes('changed 3 hours ago in the engineering system'));
}

it.each<[Layout]>([['card'], ['parameters']])(
  'in the %s layout a pinned revision that does not exist says so and the latest is not labelled pinned',
  async (layout) => {
    const spec = pinnedSpec('SHAFT-1042', 'C', { revision: 'b', latestRevision: 'C', changes: null, availability: 'not_found' });
    const view = makeViewModel([spec]);
    view.settings.layout = layout;

    mounted = await renderView(view);

    const root = mounted.harness.root;
    const [warning] = findByType(root, 'SectionMessage', { title: 'Pinned Rev b does not exist' });
    expect(visibleText(warning)).toContain('Rev b does not exist for SHAFT-1042; showing the latest revision, Rev C, instead.');
    expect(findByType(root, 'SectionMessage', { title: 'Rev C available' })).toHaveLength(0);
    expect(freshnessLines(visibleText(root))).toEqual(['Rev C · changed 3 hours ago in the engineering system · checked 2 minutes ago']);
  },
);

test('a pinned revision that cannot be read now says so and the latest is not labelled pinned', async () => {
  const spec = pinnedSpec('SHAFT-1042', 'C', { revision: 'B', latestRevision: 'C', changes: null, availability: 'unreadable' });

  mounted = await renderView(makeViewModel([spec]));

  const root = mounted.harness.root;
  const [warning] = findByType(root, 'SectionMessage', { title: 'Pinned Rev B is not available' });
  expect(visibleText(warning)).toContain('Rev B of SHAFT-1042 could not be read from the engineering system; showing the latest revision, Rev C, instead.');
  expect(visibleText(root)).not.toContain('(pinned)');
});

test('a card shown at its pinned revision is labelled pinned with the newer revision named', async () => {
  const spec = pinnedSpec('SHAFT-1042', 'B', { revision: 'B', latestRevision: 'C', changes: [], availability: 'shown' });

  mounted = await renderView(makeViewModel([spec]));

  const text = visibleText(mounted.harness.root);
  expect(freshnessLines(text)).toEqual(['Rev B (pinned) · changed 3 hours ago in the engineering system · checked 2 minutes ago']);
  expect(findByType(mounted.harness.root, 'SectionMessage', { title: 'Rev C available' })).toHaveLength(1);
});

test('in the table every pinned spec is marked pinned with its newer revision, and a missing revision is named', async () => {
  const specs = [
    pinnedSpec('SHAFT-1042', 'B', { revision: 'B', latestRevision: 'C', changes: [], availability: 'shown' }),
    pinnedSpec('PSU-4801', 'B', { revision: 'B', latestRevision: 'C', changes: [], availability: 'shown' }),
    pinnedSpec('BOLT-2004', 'B', { revision: 'Z', latestRevision: 'B', changes: null, availability: 'not_found' }),
    makeSpec('BOLT-2001'),
  ];
  const view = makeViewModel(specs);
  view.settings.columns = ['id', 'revision', 'status'];

  mounted = await renderView(view);

  const rows = tableRows(findByType(mounted.harness.root, 'DynamicTable')[0]!);
  const revisionCells = rows.map((row) => row.children[1]!);
  expect(revisionCells.slice(0, 2).map((cell) => findByType(cell, 'Lozenge').map(visibleText))).toEqual([['pinned'], ['pinned']]);
  expect(revisionCells.slice(0, 2).map(visibleText).map((t) => t.includes('Rev C available'))).toEqual([true, true]);
  expect(findByType(revisionCells[2], 'Lozenge').map(visibleText)).toEqual(['Rev Z does not exist']);
  expect(visibleText(revisionCells[2])).not.toContain('pinned');
  expect(findByType(revisionCells[3], 'Lozenge')).toHaveLength(0);
  // Sorting still goes by the revision itself.
  expect(revisionCells.map((cell) => String(cell.props.cellKey))).toEqual(['B revision', 'B revision', 'B revision', 'C revision']);
});

test('a table without a revision column marks the pin in the first cell', async () => {
  const spec = pinnedSpec('SHAFT-1042', 'B', { revision: 'B', latestRevision: 'C', changes: [], availability: 'shown' });
  const view = makeViewModel([spec, makeSpec('BOLT-2001')]);
  view.settings.columns = ['title', 'status'];

  mounted = await renderView(view);

  const [row] = tableRows(findByType(mounted.harness.root, 'DynamicTable')[0]!);
  expect(visibleText(row!.children[0])).toContain('pinned');
  expect(visibleText(row!.children[0])).toContain('Rev C available');
});

test('a change of only the measured value names the measured value, never two identical sides', async () => {
  const length = makeParameter({ name: 'Overall length', nominal: 312, tolerance: { type: 'symmetric', value: 0.2 } });
  const spec = pinnedSpec('SHAFT-1042', 'B', {
    revision: 'B',
    latestRevision: 'C',
    availability: 'shown',
    changes: [{ name: 'Overall length', kind: 'changed', before: length, after: { ...length, actual: 312.06 } }],
  });

  mounted = await renderView(makeViewModel([spec]));

  const [banner] = findByText(mounted.harness.root, 'SectionMessage', 'This macro is pinned to Rev B.');
  expect(visibleText(banner)).toContain('Overall length (312.0 ± 0.2 mm): actual — → 312.06 mm');
  expect(visibleText(banner)).not.toContain('312.0 ± 0.2 mm → 312.0 ± 0.2 mm');
});
