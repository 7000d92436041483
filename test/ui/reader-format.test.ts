/**
 * Dates and numbers follow the reader: the locale and time zone Forge puts in the UI context (view.getContext()).
 */
import { afterEach, expect, test } from 'vitest';
import { findByType, visibleText } from './forge-doc';
import { makeMacroContext, waitFor } from './harness';
import { mountMacro, type MountedMacro } from './mount-macro';
import { failOnReactWarnings } from './no-react-warnings';
import { makeRecord, makeSpec, makeViewModel, ok } from './view-model-factory';

failOnReactWarnings();
let mounted: MountedMacro | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const changedAt = '2026-03-04T14:05:00Z';

async function showFor(locale: string, timezone: string, layout: 'card' | 'table'): Promise<string> {
  const specs = [makeSpec('SHAFT-1042', { record: makeRecord({ updatedAt: changedAt }) })];
  const view = makeViewModel(specs, { settings: { specIds: ['SHAFT-1042'], layout, columns: ['id', 'title', 'updatedAt'], ttlSeconds: 600 } });
  mounted = await mountMacro((h) => {
    h.context = { ...makeMacroContext(undefined), locale, timezone };
    h.resolver = () => ok(view);
  });
  const root = () => mounted!.harness.root;
  await waitFor(() => expect(findByType(root(), 'Spinner')).toHaveLength(0));
  // The context is read once, beside the first load; wait until the reader's format has been applied.
  await waitFor(() => expect(visibleText(root())).not.toContain('2026-03-04 14:05 UTC'));
  return visibleText(root());
}

test("a card shows when the record changed in the reader's locale and time zone", async () => {
  const text = await showFor('de-DE', 'Europe/Berlin', 'card');

  expect(text).toContain('4. März 2026, 15:05');
});

test('the same time for a reader in New York reads in US English and Eastern time', async () => {
  const text = await showFor('en-US', 'America/New_York', 'card');

  expect(text).toContain('Mar 4, 2026, 9:05 AM');
});

test("a table's Changed column follows the reader too", async () => {
  const text = await showFor('en-GB', 'Asia/Tokyo', 'table');

  expect(text).toContain('4 Mar 2026, 23:05');
});

test("parameter values use the reader's decimal mark", async () => {
  const text = await showFor('de-DE', 'Europe/Berlin', 'card');

  expect(text).toContain('25,000 ± 0,005 mm');
  expect(text).toContain('120,0 ± 0,5 mm');
});

test("a locale Forge writes with an underscore (en_GB) is understood", async () => {
  const text = await showFor('en_GB', 'UTC', 'card');

  expect(text).toContain('4 Mar 2026, 14:05');
});
