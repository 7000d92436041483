import schema from '@atlaskit/adf-schema/json-schema/v1/full.json';
import { validator } from '@atlaskit/adf-utils/validator';
import Ajv from 'ajv';
import { expect, it, test, vi } from 'vitest';
import type { TableColumn } from '../shared/resolver-contract';
import type { AdfDoc, AdfNode } from './export-adf';
import { buildExportAdf, NO_SNAPSHOT_TEXT } from './export-adf';
import type { MacroSnapshot, SnapshotSpec } from './snapshot';
import type { SpecRecord } from '../shared/spec-record';

const NOW = '2026-03-05T09:00:00.000Z';

// The published ADF JSON schema is draft-04; its keywords are a subset ajv's default draft understands.
const { $schema: _draft, ...adfSchema } = schema as Record<string, unknown>;
const validateSchema = new Ajv({ strict: false }).compile(adfSchema);

/** Errors from the JSON schema and from @atlaskit/adf-utils' validator (what Confluence uses). */
function adfErrors(doc: AdfDoc): string[] {
  const errors: string[] = [];
  if (!validateSchema(doc)) errors.push(`schema: ${JSON.stringify(validateSchema.errors?.slice(0, 3))}`);
  // The validator asks an uninitialised feature-gate client and logs about it; that noise is not ours.
  const quiet = [vi.spyOn(console, 'error').mockImplementation(() => undefined), vi.spyOn(console, 'warn').mockImplementation(() => undefined)];
  try {
    validator()(doc, (_entity, error) => {
      errors.push(`adf-utils: ${error.code} ${error.message}`);
      return undefined;
    });
  } finally {
    quiet.forEach((spy) => spy.mockRestore());
  }
  return errors;
}

function textOf(node: AdfNode | AdfDoc): string {
  const own = 'text' in node && node.text ? node.text : node.type === 'status' ? String(node.attrs?.text) : '';
  return [own, ...(node.content ?? []).map(textOf)].filter(Boolean).join(node.type === 'paragraph' ? '' : '\n');
}

function findNodes(node: AdfNode | AdfDoc, type: string): AdfNode[] {
  const own = node.type === type ? [node as AdfNode] : [];
  return [...own, ...(node.content ?? []).flatMap((child) => findNodes(child, type))];
}

function record(id: string, overrides: Partial<SpecRecord> = {}): SpecRecord {
  return {
    id,
    title: 'Drive shaft',
    revision: 'C',
    status: 'released',
    owner: 'Ada Lovelace',
    updatedAt: '2026-03-04T09:00:00Z',
    url: `https://eng.example.com/specs/${id}`,
    parameters: [
      { name: 'Bore diameter', nominal: 25, unit: 'mm', tolerance: { type: 'symmetric', value: 0.005 }, actual: 25.0071 },
      { name: 'Supply voltage', nominal: null, unit: 'V', tolerance: { type: 'limits', min: 4.75, max: 5.25 } },
    ],
    ...overrides,
  };
}

function spec(id: string, overrides: Partial<SnapshotSpec> = {}): SnapshotSpec {
  return { id, record: record(id), fetchedAt: '2026-03-04T11:58:00Z', ...overrides };
}

function snapshot(layout: MacroSnapshot['layout'], specs: SnapshotSpec[], overrides: Partial<MacroSnapshot> = {}): MacroSnapshot {
  return {
    schemaVersion: 1,
    pageId: '12345',
    localId: 'macro-local-1',
    layout,
    columns: ['id', 'title', 'status'],
    specs,
    writtenAt: '2026-03-04T12:00:00Z',
    contentHash: 'h',
    truncated: false,
    ...overrides,
  };
}

it.each<[string, MacroSnapshot | undefined]>([
  ['no snapshot', undefined],
  ['card', snapshot('card', [spec('SHAFT-1042')])],
  ['parameters', snapshot('parameters', [spec('SHAFT-1042')])],
  ['table', snapshot('table', [spec('SHAFT-1042'), spec('BOLT-2001', { record: undefined, problem: { code: 'not_found', message: 'Not found.' } })])],
  ['table of every column', snapshot('table', [spec('A-1'), spec('B-2')], { columns: ['id', 'title', 'revision', 'status', 'owner', 'updatedAt', 'parameters'] })],
  ['card without a record', snapshot('card', [spec('SHAFT-9', { record: undefined, withdrawn: true })])],
  ['card with a non-http url', snapshot('card', [spec('SHAFT-1042', { record: record('SHAFT-1042', { url: 'javascript:alert(1)' }) })])],
  ['empty parameter list, empty owner', snapshot('card', [spec('S-1', { record: record('S-1', { parameters: [], owner: '' }) })])],
  ['no specs', snapshot('table', [])],
  ['truncated', snapshot('table', [spec('A-1')], { truncated: true, trimmedSpecIds: ['A-1'] })],
  ['table with parameter columns', snapshot('table', [spec('A-1'), spec('B-2', { record: undefined })], { parameterColumns: ['Bore diameter', 'Supply voltage', 'Mass'] })],
])('the %s export is valid ADF', (_label, input) => {
  const doc = buildExportAdf(input, NOW);

  expect(adfErrors(doc)).toEqual([]);
});

test('the ADF checks used here reject malformed ADF', () => {
  const malformed: AdfDoc = { type: 'doc', version: 1, content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'text', text: '' }] }] }] };

  const errors = adfErrors(malformed);

  expect(errors.some((e) => e.startsWith('schema:'))).toBe(true);
  expect(errors.some((e) => e.startsWith('adf-utils:'))).toBe(true);
});

test('without a snapshot the export says there is no saved data yet', () => {
  const doc = buildExportAdf(undefined, NOW);

  expect(textOf(doc)).toBe(NO_SNAPSHOT_TEXT);
});

test('a table export has a header row and one row per spec, and always shows id and revision', () => {
  const doc = buildExportAdf(snapshot('table', [spec('SHAFT-1042'), spec('BOLT-2001', { record: record('BOLT-2001', { revision: 'F' }) })]), NOW);

  const [table] = findNodes(doc, 'table');
  const rows = findNodes(table!, 'tableRow');
  expect(rows).toHaveLength(3);
  expect(findNodes(rows[0]!, 'tableHeader').map(textOf)).toEqual(['Spec', 'Rev', 'Title', 'Status']);
  expect(findNodes(rows[2]!, 'tableCell').map(textOf)).toEqual(['BOLT-2001', 'F', 'Drive shaft', 'Released']);
});

test('a spec without data keeps its table row and says why', () => {
  const doc = buildExportAdf(snapshot('table', [spec('SHAFT-9', { record: undefined, problem: { code: 'not_found', message: 'No such spec.' } })]), NOW);

  const [, row] = findNodes(doc, 'tableRow');
  const cells = findNodes(row!, 'tableCell');
  expect(cells.map(textOf)).toEqual(['SHAFT-9', 'SHAFT-9 does not exist in the engineering system.']);
  expect(cells[1]?.attrs).toEqual({ colspan: 3 });
});

test('a card export has the title, revision, status, record link and a flagged parameter table', () => {
  const doc = buildExportAdf(snapshot('card', [spec('SHAFT-1042')]), NOW);

  const text = textOf(doc);
  expect(findNodes(doc, 'heading').map(textOf)).toEqual(['Drive shaft']);
  expect(text).toContain('SHAFT-1042 · Rev C · Owner Ada Lovelace · changed in the engineering system 2026-03-04 09:00 UTC · Released');
  expect(findNodes(doc, 'text').flatMap((t) => t.marks ?? []).filter((m) => m.type === 'link')).toEqual([
    { type: 'link', attrs: { href: 'https://eng.example.com/specs/SHAFT-1042' } },
  ]);
  const rows = findNodes(findNodes(doc, 'table')[0]!, 'tableRow').map((r) => findNodes(r, 'paragraph').map(textOf));
  expect(rows).toEqual([
    ['Parameter', 'Specification', 'Limits', 'Actual', 'Check'],
    ['Bore diameter', '25.000 ± 0.005 mm', '24.995–25.005 mm', '25.0071 mm', 'out of limits'],
    ['Supply voltage', '4.75–5.25 V', '—', '—'],
  ]);
});

test('a record url that is not http(s) is printed as text, never as a link', () => {
  const doc = buildExportAdf(snapshot('card', [spec('S-1', { record: record('S-1', { url: 'javascript:alert(1)' }) })]), NOW);

  expect(findNodes(doc, 'text').flatMap((t) => t.marks ?? [])).not.toContainEqual(expect.objectContaining({ type: 'link' }));
  expect(textOf(doc)).toContain('Record: javascript:alert(1)');
});

test('a parameters export shows the first spec only, with its revision', () => {
  const doc = buildExportAdf(snapshot('parameters', [spec('SHAFT-1042'), spec('BOLT-2001')], { pinnedRevision: 'C' }), NOW);

  const text = textOf(doc);
  expect(findNodes(doc, 'heading').map(textOf)).toEqual(['SHAFT-1042 · Drive shaft']);
  expect(text).toContain('SHAFT-1042 · Rev C · Released');
  expect(text).toContain('Pinned to Rev C by the page author.');
  expect(text).not.toContain('BOLT-2001');
});

it.each<[string, SnapshotSpec[], string]>([
  ['one fetch', [spec('A-1')], 'As of 2026-03-04 11:58 UTC, when Spec Bridge fetched this data from the engineering system. Exported 2026-03-05 09:00 UTC.'],
  [
    'several fetches',
    [spec('A-1', { fetchedAt: '2026-03-04T11:58:00Z' }), spec('B-2', { fetchedAt: '2026-03-03T08:00:00Z' })],
    'As of 2026-03-03 08:00 UTC to 2026-03-04 11:58 UTC, when Spec Bridge fetched this data from the engineering system.',
  ],
  ['no fetch time', [spec('A-1', { fetchedAt: undefined })], 'As of 2026-03-04 12:00 UTC (when Spec Bridge saved this view).'],
])('every export carries an as-of stamp (%s)', (_label, specs, expected) => {
  const doc = buildExportAdf(snapshot('table', specs), NOW);

  expect(textOf(doc.content.at(-1)!)).toContain(expected);
});

it.each<[TableColumn[], string[]]>([
  [['title'], ['Spec', 'Rev', 'Title']],
  [['revision', 'owner'], ['Spec', 'Rev', 'Owner']],
  [[], ['Spec', 'Title', 'Rev', 'Status', 'Owner']],
])('export columns %j become headers %j', (columns, headers) => {
  const doc = buildExportAdf(snapshot('table', [spec('A-1')], { columns }), NOW);

  expect(findNodes(doc, 'tableHeader').map(textOf)).toEqual(headers);
});

test('a truncated snapshot says what was left out', () => {
  const doc = buildExportAdf(snapshot('table', [spec('A-1'), spec('B-2')], { truncated: true, trimmedSpecIds: ['B-2'] }), NOW);

  expect(textOf(doc)).toContain("Some details (B-2) were left out to fit Confluence's size limit; open the page for everything.");
});

test('a stored problem message is never printed: an old snapshot holding the engineering system\'s error text exports a fixed sentence', async () => {
  const upstream = 'HTTP 500 from pg-primary-7.plm-internal.corp:5432 (PLM_DB_DOWN_0x2F)';
  const doc = buildExportAdf(snapshot('table', [spec('SHAFT-9', { record: undefined, problem: { code: 'unavailable', message: upstream } })]), NOW);

  expect(JSON.stringify(doc)).not.toContain('pg-primary-7');
  expect(JSON.stringify(doc)).toContain('SHAFT-9: the engineering system could not be read when this was saved.');
});

test('a record the 32 KB trimming dropped is said to be left out, not to have no saved data', async () => {
  const trimmed = { ...snapshot('card', [spec('SHAFT-9', { record: undefined })]), truncated: true, trimmedSpecIds: ['SHAFT-9'] };

  expect(JSON.stringify(buildExportAdf(trimmed, NOW))).toContain("SHAFT-9 was left out to fit Confluence's size limit");
});

test('a table export shows the configured parameter columns after the spec columns, an out-of-limits value marked in words', () => {
  const doc = buildExportAdf(snapshot('table', [spec('A-1'), spec('B-2', { record: undefined })], { parameterColumns: ['Bore diameter', 'supply  VOLTAGE', 'Mass'] }), NOW);

  const [head, first, missing] = findNodes(findNodes(doc, 'table')[0]!, 'tableRow');
  expect(findNodes(head!, 'tableHeader').map(textOf)).toEqual(['Spec', 'Rev', 'Title', 'Status', 'Bore diameter', 'supply  VOLTAGE', 'Mass']);
  expect(findNodes(first!, 'tableCell').map(textOf).slice(4)).toEqual(['25.000 ± 0.005 mm · actual 25.0071 mm out of limits', '4.75–5.25 V', '—']);
  expect(findNodes(first!, 'status').map((n) => n.attrs)).toContainEqual({ text: 'out of limits', color: 'red' });
  expect(findNodes(missing!, 'tableCell')[1]?.attrs).toEqual({ colspan: 6 });
});

test('a table export links each spec id to its record', () => {
  const doc = buildExportAdf(snapshot('table', [spec('SHAFT-1042')]), NOW);

  const [, row] = findNodes(findNodes(doc, 'table')[0]!, 'tableRow');
  const [idText] = findNodes(findNodes(row!, 'tableCell')[0]!, 'text');
  expect(idText).toEqual({ type: 'text', text: 'SHAFT-1042', marks: [{ type: 'link', attrs: { href: 'https://eng.example.com/specs/SHAFT-1042' } }] });
});

test('a parameter table export writes limits that repeat the specification once, across both columns', () => {
  const doc = buildExportAdf(snapshot('card', [spec('SHAFT-1042')]), NOW);

  const voltage = findNodes(findNodes(doc, 'table')[0]!, 'tableRow')[2]!;
  expect(findNodes(voltage, 'tableCell').map((c) => [textOf(c), c.attrs?.colspan ?? 1])).toEqual([
    ['Supply voltage', 1],
    ['4.75–5.25 V', 2],
    ['—', 1],
    ['—', 1],
  ]);
});
