import './atlaskit-in-node';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { ForgeDocView, tableProps, createRenderer, VIEW_COMPONENTS, type ForgeDoc } from '../../local/workbench/renderer';
import { node, root, table } from './forge-doc-factory';

function html(...children: ForgeDoc[]): string {
  return renderToStaticMarkup(<ForgeDocView doc={root(...children)} />);
}

test.each([
  ['String nodes as text', node('Text', {}, 'Rev C · released'), ['Rev C · released']],
  ['Text as a paragraph by default', node('Text', {}, 'plain'), ['<p', 'plain']],
  ['Text as="strong"', node('Text', { as: 'strong' }, 'bold'), ['<strong', 'bold']],
  ['Text as="strike"', node('Text', { as: 'strike' }, 'gone'), ['<s>', 'gone']],
  ['Heading as="h3" without a size', node('Heading', { as: 'h3' }, 'Title'), ['<h3', 'Title']],
  ['Link with openNewTab', node('Link', { href: 'https://plm.example.com/x', openNewTab: true }, 'Open'), ['href="https://plm.example.com/x"', 'target="_blank"', 'Open']],
  ['a disabled Button', node('Button', { isDisabled: true }, 'Refresh'), ['<button', 'disabled', 'Refresh']],
  ['a Spinner label', node('Spinner', { label: 'Loading specifications' }), ['Loading specifications']],
  ['a SectionMessage title and body', node('SectionMessage', { appearance: 'warning', title: 'Heads up' }, node('Text', {}, 'body text')), ['Heads up', 'body text']],
  ['a Lozenge with a newer UI Kit appearance', node('Lozenge', { appearance: 'warning' }, 'stale'), ['stale']],
  ['a Badge', node('Badge', { appearance: 'primary' }, '7'), ['7']],
  ['a controlled Textfield', node('Textfield', { name: 'q', value: 'SHAFT' }), ['name="q"', 'value="SHAFT"']],
  ['a Checkbox', node('Checkbox', { label: 'Only released', isChecked: true }), ['type="checkbox"', 'checked', 'Only released']],
  ['Stack and Inline around text', node('Stack', { space: 'space.100' }, node('Inline', {}, node('Text', {}, 'inside'))), ['inside']],
])('renders %s', (_name, doc, fragments) => {
  const markup = html(doc);

  for (const fragment of fragments) expect(markup).toContain(fragment);
});

test('renders an unknown component as an honest fallback box around its children', () => {
  const markup = html(node('Frobnicator', { level: 3 }, node('Text', {}, 'child text')));

  expect(markup).toContain('Component Frobnicator is not rendered by the workbench');
  expect(markup).toContain('child text');
});

test('renders a DynamicTable from ContentWrapper → Row → Cell with caption, heads and cells', () => {
  const doc = table({ caption: 'Specifications' }, ['id', 'rev'], [
    { key: 'SHAFT-1042', cells: [['SHAFT-1042 id', 'SHAFT-1042'], ['C rev', 'C']] },
    { key: 'BOLT-2001', cells: [['BOLT-2001 id', node('Lozenge', {}, 'BOLT-2001')], ['A rev', 'A']] },
  ]);

  const markup = html(doc);

  expect(markup).toContain('Specifications');
  expect(markup.match(/<th[ >]/g)).toHaveLength(2);
  expect(markup.match(/<tr[ >]/g)).toHaveLength(3);
  expect(markup).toContain('BOLT-2001');
});

test('keeps UI Kit row and cell keys as the Atlaskit table keys (the table sorts by them)', () => {
  const doc = table({}, ['id'], [{ key: 'row-1', cells: [['SHAFT-1042 id', 'x']] }]);

  const props = tableProps(doc, createRenderer(VIEW_COMPONENTS));

  expect(props.head?.cells.map((cell) => ({ key: cell.key, isSortable: cell.isSortable }))).toEqual([{ key: 'id', isSortable: true }]);
  expect(props.rows.map((row) => [row.key, row.cells.map((cell) => cell.key)])).toEqual([['row-1', ['SHAFT-1042 id']]]);
});

test('renders what the specs table uses: danger-coloured bold Text, a minimum-width Box, a row cell across two columns', () => {
  const cellAcrossTwo = table({}, ['spec', 'limits'], [{ key: 'r', cells: [['spec', '≤ 0.01 mm']] }]);
  cellAcrossTwo.children[1]!.children[0]!.children[0]!.props.colSpan = 2;

  const markup = html(
    node('Text', { color: 'color.text.danger', weight: 'bold' }, 'Actual 0.013 mm'),
    node('Box', { xcss: { minWidth: '6.6em' } }, node('Text', {}, node('Link', { href: 'https://plm.example.com/SHAFT-1042' }, 'SHAFT-1042'))),
    cellAcrossTwo,
  );

  expect(markup).toMatch(/color:var\(--ds-text-danger[^;]*;font-weight:var\(--ds-font-weight-bold/);
  expect(markup).toContain('min-width:6.6em');
  expect(markup).toMatch(/<td[^>]*colSpan="2"/);
});

const adminTabs = (props: Record<string, unknown> = {}) =>
  node(
    'Tabs',
    { id: 'admin', ...props },
    node('TabList', {}, node('Tab', {}, 'Connection'), node('Tab', {}, 'Health')),
    node('TabPanel', {}, node('Text', {}, 'connection panel')),
    node('TabPanel', {}, node('Text', {}, 'health panel')),
  );

test('renders Tabs as a tab list with the selected panel shown and the others mounted but hidden', () => {
  const markup = html(adminTabs({ defaultSelected: 1 }));

  expect(markup).toContain('role="tablist"');
  expect(markup.match(/role="tab"/g)).toHaveLength(2);
  expect(markup).toMatch(/<button[^>]*aria-selected="true"[^>]*>Health</);
  const panels = [...markup.matchAll(/<div role="tabpanel"([^>]*)>(.*?)<\/div>/g)].map(([, attributes, inner]) => [attributes!.includes('hidden'), inner]);
  expect(panels).toEqual([
    [true, expect.stringContaining('connection panel')],
    [false, expect.stringContaining('health panel')],
  ]);
});

test('renders a password Textfield as a password input', () => {
  expect(html(node('Textfield', { name: 'token', type: 'password', value: '' }))).toContain('type="password"');
});
