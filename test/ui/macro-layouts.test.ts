import { afterEach, expect, it, test } from 'vitest';
import type { LifecycleStatus } from '../../src/shared/spec-record';
import { findByText, findByType, linkHrefs, tableHead, tableRows, visibleText } from './forge-doc';
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

test('card layout shows title, id, revision, status, owner, source time, record link and parameters', async () => {
  const view = makeViewModel([makeSpec('SHAFT-1042')]);

  mounted = await renderView(view);

  const root = mounted.harness.root;
  const text = visibleText(root);
  expect(findByType(root, 'Heading').map(visibleText)).toContain('Drive shaft');
  expect(text).toMatch(/SHAFT-1042 · Rev C · Owner Ada Lovelace · Changed in the engineering system [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s(AM|PM) UTC/);
  expect(findByType(root, 'Lozenge', { appearance: 'success' }).map(visibleText)).toContain('Released');
  expect(linkHrefs(root)).toEqual(['https://eng.example.com/specs/SHAFT-1042']);
  expect(text).toContain('25.000 ± 0.005 mm');
  expect(text).toContain('24.995–25.005 mm');
});

test('the card states its freshness in one line', async () => {
  mounted = await renderView(makeViewModel([makeSpec('SHAFT-1042')]));

  const lines = visibleText(mounted.harness.root).split('\n');

  expect(lines).toContain('Rev C · changed 3 hours ago in the engineering system · checked 2 minutes ago');
});

test('each lifecycle status gets its own Lozenge appearance', async () => {
  const statuses: LifecycleStatus[] = ['draft', 'in_review', 'released', 'obsolete'];
  const specs = statuses.map((status, i) => makeSpec(`S-${i + 1}`, { record: makeRecord({ id: `S-${i + 1}`, status }) }));

  mounted = await renderView(makeViewModel(specs));

  const lozenges = findByType(mounted.harness.root, 'Lozenge').filter((l) =>
    ['Draft', 'In review', 'Released', 'Obsolete'].includes(visibleText(l)),
  );
  expect(lozenges.map(visibleText)).toEqual(['Draft', 'In review', 'Released', 'Obsolete']);
  expect(new Set(lozenges.map((l) => l.props.appearance)).size).toBe(4);
});

test('table layout has one sortable column per configured column and one row per spec', async () => {
  const specs = ['SHAFT-1042', 'BOLT-2001', 'NUT-7'].map((id) => makeSpec(id));
  const view = makeViewModel(specs);
  view.settings.columns = ['id', 'revision', 'status', 'parameters'];

  mounted = await renderView(view);

  const [table] = findByType(mounted.harness.root, 'DynamicTable');
  expect(table).toBeDefined();
  const head = tableHead(table!);
  expect(head.map((c) => c.props.cellKey)).toEqual(['id', 'revision', 'status', 'parameters']);
  expect(head.every((c) => c.props.isSortable === true)).toBe(true);
  expect(tableRows(table!).map((r) => r.props.rowKey)).toEqual(['SHAFT-1042', 'BOLT-2001', 'NUT-7']);
  expect(table!.props.rowsPerPage).toBeUndefined();
  expect(visibleText(mounted.harness.root)).toContain('3 specs · oldest checked 2 minutes ago · all fresh');
});

test('table cells have distinct keys within a row and keys that sort by the shown value', async () => {
  const specs = [
    makeSpec('B-2', { record: makeRecord({ id: 'B-2', revision: 'C', status: 'released', title: 'Same' }) }),
    makeSpec('A-1', { record: makeRecord({ id: 'A-1', revision: 'C', status: 'draft', title: 'Same' }) }),
  ];
  const view = makeViewModel(specs);
  view.settings.columns = ['id', 'title', 'revision', 'status', 'owner', 'updatedAt', 'parameters'];

  mounted = await renderView(view);

  const rows = tableRows(findByType(mounted.harness.root, 'DynamicTable')[0]!);
  for (const row of rows) {
    const keys = row.children.map((cell) => cell.props.cellKey);
    expect(new Set(keys).size).toBe(keys.length);
  }
  const statusKeys = rows.map((row) => String(row.children[3]?.props.cellKey));
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'accent' });
  expect(collator.compare(statusKeys[1]!, statusKeys[0]!)).toBeLessThan(0);
});

test('a table of more than 20 specs is paginated', async () => {
  const specs = Array.from({ length: 23 }, (_, i) => makeSpec(`PART-${i + 1}`));

  mounted = await renderView(makeViewModel(specs));

  const [table] = findByType(mounted.harness.root, 'DynamicTable');
  expect(table?.props.rowsPerPage).toBe(20);
  expect(tableRows(table!)).toHaveLength(23);
});

test('parameters layout shows the parameter table of the first spec and flags values out of limits', async () => {
  const record = makeRecord({
    parameters: [
      makeParameter({ actual: 25.004 }),
      makeParameter({ name: 'Supply voltage', nominal: null, unit: 'V', tolerance: { type: 'limits', min: 4.75, max: 5.25 }, actual: 5.4 }),
    ],
  });
  const view = makeViewModel([makeSpec('SHAFT-1042', { record }), makeSpec('BOLT-2001')]);
  view.settings.layout = 'parameters';

  mounted = await renderView(view);

  const root = mounted.harness.root;
  const text = visibleText(root);
  expect(text).toContain('SHAFT-1042 · Drive shaft');
  expect(text).not.toContain('BOLT-2001');
  const voltageRow = findByText(root, 'Row', 'Supply voltage')[0];
  expect(findByType(voltageRow, 'Lozenge', { appearance: 'removed' }).map(visibleText)).toEqual(['out of limits']);
  const boreRow = findByText(root, 'Row', 'Bore diameter')[0];
  expect(findByType(boreRow, 'Lozenge').map(visibleText)).toEqual(['within limits']);
});

it.each([
  ['javascript:alert(1)'],
  ['data:text/html,<script>alert(1)</script>'],
  ['ftp://eng.example.com/specs/SHAFT-1042'],
  ['not a url'],
])('a record url %j is shown as plain text, never as a link', async (url) => {
  const view = makeViewModel([makeSpec('SHAFT-1042', { record: makeRecord({ url }) })]);

  mounted = await renderView(view);

  expect(findByType(mounted.harness.root, 'Link')).toHaveLength(0);
  expect(visibleText(mounted.harness.root)).toContain(url);
});

test('a pinned spec with a newer revision shows "Rev D available" and the parameter changes', async () => {
  const spec = makeSpec('SHAFT-1042', {
    pinned: {
      revision: 'C',
      latestRevision: 'D',
      changes: [
        { name: 'Bore diameter', kind: 'changed', before: makeParameter(), after: makeParameter({ tolerance: { type: 'symmetric', value: 0.003 } }) },
        { name: 'Chamfer', kind: 'added', after: makeParameter({ name: 'Chamfer', nominal: 0.5, tolerance: undefined }) },
      ],
    },
  });

  mounted = await renderView(makeViewModel([spec]));

  const [banner] = findByType(mounted.harness.root, 'SectionMessage', { title: 'Rev D available' });
  const text = visibleText(banner);
  expect(text).toContain('This macro is pinned to Rev C.');
  expect(text).toContain('Bore diameter: 25.000 ± 0.005 mm → 25.000 ± 0.003 mm');
  expect(text).toContain('Chamfer added: 0.5 mm');
});

test('a pinned spec whose changes are unknown says a newer revision exists', async () => {
  const spec = makeSpec('SHAFT-1042', { pinned: { revision: 'C', latestRevision: 'D', changes: null } });

  mounted = await renderView(makeViewModel([spec]));

  const [banner] = findByType(mounted.harness.root, 'SectionMessage', { title: 'Rev D available' });
  expect(visibleText(banner)).toContain('A newer revision exists');
});

test('a pinned spec on the latest revision shows no banner', async () => {
  const spec = makeSpec('SHAFT-1042', { pinned: { revision: 'C', latestRevision: 'C', changes: [] } });

  mounted = await renderView(makeViewModel([spec]));

  expect(findByType(mounted.harness.root, 'SectionMessage')).toHaveLength(0);
});
