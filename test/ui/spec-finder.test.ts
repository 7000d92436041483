import { afterEach, expect, test } from 'vitest';
import { findByText, findByType, functionPropId, visibleText } from './forge-doc';
import { makeMacroContext, waitFor } from './harness';
import { mountMacro, type MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { makeSpec, makeViewModel, ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

async function mountWhile(isEditing: boolean): Promise<MountedMacro> {
  const view = ok(makeViewModel([makeSpec('SHAFT-1042')]));
  const result = await mountMacro((h) => {
    const context = makeMacroContext({ specIds: 'SHAFT-1042' });
    (context.extension as Record<string, unknown>).isEditing = isEditing;
    h.context = context;
    h.resolver = (key, payload) =>
      key === 'searchSpecs'
        ? ok({ items: [{ id: 'SHAFT-1043', title: `Output shaft for "${(payload as { query: string }).query}"`, revision: 'B', status: 'in_review' }] })
        : view;
  });
  await waitFor(() => expect(findByType(result.harness.root, 'Spinner')).toHaveLength(0));
  return result;
}

test('while the page is edited the macro offers a spec search that calls searchSpecs and lists the matches', async () => {
  mounted = await mountWhile(true);
  const harness = mounted.harness;
  await waitFor(() => expect(visibleText(harness.root)).toContain('Find specifications'));
  const [field] = findByType(harness.root, 'Textfield');

  harness.fire(functionPropId(field!, 'onChange'), { target: { value: 'shaft' } });
  await waitFor(() => expect(findByText(harness.root, 'Button', 'Search')[0]?.props.isDisabled).toBe(false));
  harness.fire(functionPropId(findByText(harness.root, 'Button', 'Search')[0]!, 'onClick'));

  await waitFor(() => expect(visibleText(harness.root)).toContain('SHAFT-1043'));
  expect(harness.invocations.filter((i) => i.functionKey === 'searchSpecs')).toEqual([{ functionKey: 'searchSpecs', payload: { query: 'shaft' } }]);
  expect(visibleText(harness.root)).toContain('Output shaft for "shaft"');
  expect(visibleText(harness.root)).toContain('In review');
});

test('a reader who is not editing sees no spec search', async () => {
  mounted = await mountWhile(false);

  expect(visibleText(mounted.harness.root)).not.toContain('Find specifications');
  expect(findByType(mounted.harness.root, 'Textfield')).toHaveLength(0);
});

test('the search button stays disabled until two characters are typed', async () => {
  mounted = await mountWhile(true);
  const harness = mounted.harness;
  await waitFor(() => expect(visibleText(harness.root)).toContain('Find specifications'));

  harness.fire(functionPropId(findByType(harness.root, 'Textfield')[0]!, 'onChange'), { target: { value: 's' } });

  await waitFor(() => expect(findByType(harness.root, 'Textfield')[0]?.props.value).toBe('s'));
  expect(findByText(harness.root, 'Button', 'Search')[0]?.props.isDisabled).toBe(true);
});
