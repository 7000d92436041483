import './atlaskit-in-node';
import TestRenderer, { act, type ReactTestRenderer } from 'react-test-renderer';
import { expect, test, vi } from 'vitest';
import { ForgeDocView, type ForgeDoc } from '../../local/workbench/renderer';
import { node, root } from './forge-doc-factory';

async function mount(doc: ForgeDoc): Promise<ReactTestRenderer> {
  let renderer: ReactTestRenderer | undefined;
  await act(async () => {
    renderer = TestRenderer.create(<ForgeDocView doc={doc} />, { createNodeMock: () => ({ focus() {}, addEventListener() {}, removeEventListener() {}, style: {} }) });
  });
  return renderer!;
}

function hostElements(renderer: ReactTestRenderer, tag: string) {
  return renderer.root.findAll((instance) => instance.type === tag);
}

test('calls the app with a serialisable click event when a Button is clicked', async () => {
  const onClick = vi.fn();
  const renderer = await mount(root(node('Button', { onClick }, 'Refresh')));

  await act(async () => hostElements(renderer, 'button')[0]!.props.onClick({ preventDefault() {}, currentTarget: {} }));
  await vi.waitFor(() => expect(onClick).toHaveBeenCalledTimes(1));

  expect(onClick.mock.calls[0]![0]).toMatchObject({ type: 'click', target: { tagName: 'BUTTON' } });
  expect(() => structuredClone(onClick.mock.calls[0]![0])).not.toThrow();
});

test('sends Textfield changes to the app and keeps keystrokes while the app echoes older values', async () => {
  const onChange = vi.fn();
  const field = (value: string) => root(node('Textfield', { name: 'query', value, onChange }));
  const renderer = await mount(field(''));
  const type = (value: string) => act(async () => hostElements(renderer, 'input')[0]!.props.onChange({ currentTarget: { value, name: 'query', id: '', tagName: 'INPUT', type: 'text' } }));

  await type('S');
  await type('SH');
  await act(async () => renderer.update(<ForgeDocView doc={field('S')} />));

  expect(hostElements(renderer, 'input')[0]!.props.value).toBe('SH');
  await vi.waitFor(() => expect(onChange.mock.calls.map(([event]) => event.target.value)).toEqual(['S', 'SH']));
});

test('shows a value the app sets on its own over what was typed', async () => {
  const field = (value: string) => root(node('Textfield', { name: 'query', value, onChange: () => undefined }));
  const renderer = await mount(field(''));

  await act(async () => hostElements(renderer, 'input')[0]!.props.onChange({ currentTarget: { value: 'abc', name: 'query' } }));
  await act(async () => renderer.update(<ForgeDocView doc={field('')} />));
  await act(async () => renderer.update(<ForgeDocView doc={field('RESET')} />));

  expect(hostElements(renderer, 'input')[0]!.props.value).toBe('RESET');
});

test('submits a Form to the app without a page navigation', async () => {
  const onSubmit = vi.fn();
  const preventDefault = vi.fn();
  const renderer = await mount(root(node('Form', { onSubmit }, node('Button', { type: 'submit' }, 'Go'))));

  await act(async () => hostElements(renderer, 'form')[0]!.props.onSubmit({ preventDefault }));
  await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));

  expect(preventDefault).toHaveBeenCalled();
  expect(onSubmit.mock.calls[0]![0]).toMatchObject({ type: 'submit' });
});

test('a click on a Tab shows its panel and tells the app the tab index', async () => {
  const onChange = vi.fn();
  const doc = root(
    node(
      'Tabs',
      { id: 'admin', onChange },
      node('TabList', {}, node('Tab', {}, 'Connection'), node('Tab', {}, 'Health')),
      node('TabPanel', {}, node('Text', {}, 'connection panel')),
      node('TabPanel', {}, node('Text', {}, 'health panel')),
    ),
  );
  const renderer = await mount(doc);
  const hidden = () => hostElements(renderer, 'div').filter((div) => div.props.role === 'tabpanel').map((panel) => panel.props.hidden);
  expect(hidden()).toEqual([false, true]);

  await act(async () => hostElements(renderer, 'button').find((button) => button.props.role === 'tab' && button.props.id === 'admin-1')!.props.onClick());

  expect(hidden()).toEqual([true, false]);
  await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith(1));
});
