import { beforeAll, expect, test } from 'vitest';
import { findByType, visibleText } from './forge-doc';
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
    if (!harness.root) throw new Error('the view has not been reconciled yet');
  });
});

test('the entry renders the macro view into a Root tree', async () => {
  await waitFor(() => expect(visibleText(harness.root)).toContain('Drive shaft'));

  expect(harness.invokeCount('getSpecs')).toBe(1);
});

test('the view entry adds no classic config panel: the custom config dialog replaces it (Forge allows one)', async () => {
  await waitFor(() => expect(visibleText(harness.root)).toContain('Drive shaft'));

  expect(harness.configDoc).toBeUndefined();
  expect(findByType(harness.root, 'Textfield')).toHaveLength(0);
});
