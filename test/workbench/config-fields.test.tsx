import './atlaskit-in-node';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { collectConfig, MacroConfigFields } from '../../local/workbench/renderer';
import { node } from './forge-doc-factory';

const LAYOUTS = [
  { name: 'layout', label: 'Card', value: 'card' },
  { name: 'layout', label: 'Table', value: 'table' },
];
const COLUMNS = [
  { label: 'Spec id', value: 'id' },
  { label: 'Title', value: 'title' },
  { label: 'Owner', value: 'owner' },
];

const configDoc = node(
  'MacroConfig',
  {},
  node('Label', {}, 'Spec ids'),
  node('TextArea', { name: 'specIds', placeholder: 'SHAFT-1042' }),
  node('RadioGroup', { name: 'layout', options: LAYOUTS, defaultValue: 'card' }),
  node('CheckboxGroup', { name: 'columns', options: COLUMNS, defaultValue: ['id'] }),
  node('Textfield', { name: 'ttlMinutes', placeholder: '10' }),
  node('Select', { name: 'theme', options: [{ label: 'Light', value: 'light' }, { label: 'Dark', value: 'dark' }] }),
);

/** The `<input …>` tag with this value attribute (attribute order is React's business). */
function inputTag(markup: string, value: string): string {
  return markup.match(new RegExp(`<input[^>]*value="${value}"[^>]*>`))?.[0] ?? '';
}

function formData(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

test('starts every config field from the saved config', () => {
  const markup = renderToStaticMarkup(<MacroConfigFields doc={configDoc} config={{ specIds: 'BRG-3001, PSU-4801', layout: 'table', columns: ['title', 'owner'], ttlMinutes: 15 }} />);

  expect(markup).toMatch(/<textarea[^>]*name="specIds"[^>]*>BRG-3001, PSU-4801<\/textarea>/);
  expect(inputTag(markup, 'table')).toContain('checked');
  expect(inputTag(markup, 'card')).not.toContain('checked');
  expect(inputTag(markup, 'title')).toContain('checked');
  expect(inputTag(markup, 'id')).not.toContain('checked');
  expect(inputTag(markup, '15')).toContain('name="ttlMinutes"');
});

test('falls back to each field’s defaultValue when nothing was saved', () => {
  const markup = renderToStaticMarkup(<MacroConfigFields doc={configDoc} config={undefined} />);

  expect(inputTag(markup, 'card')).toContain('checked');
  expect(inputTag(markup, 'id')).toContain('checked');
  expect(inputTag(markup, 'title')).not.toContain('checked');
});

test('collects the config keyed by field name: text as strings, checkbox groups as lists, selects as options', () => {
  const data = formData([
    ['specIds', 'SHAFT-1042'],
    ['layout', 'table'],
    ['columns', 'id'],
    ['columns', 'owner'],
    ['ttlMinutes', ''],
    ['theme', 'dark'],
  ]);

  expect(collectConfig(configDoc, data)).toEqual({
    specIds: 'SHAFT-1042',
    layout: 'table',
    columns: ['id', 'owner'],
    ttlMinutes: '',
    theme: { label: 'Dark', value: 'dark' },
  });
});

test('saves an empty list for a checkbox group with nothing checked and leaves out fields without a value', () => {
  expect(collectConfig(configDoc, formData([['specIds', 'X-1']]))).toEqual({ specIds: 'X-1', columns: [] });
});
