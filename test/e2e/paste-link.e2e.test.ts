/**
 * Paste a link, get a macro (Forge macro autoConvert), in headless Chromium: an author editing a page pastes a
 * record's link from the engineering system and the Spec Bridge macro for that spec appears and renders it; a link
 * the manifest's matcher accepts but the app's record pattern does not gives a clear config problem on the macro.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findMacros, macroAutoConvertLink, macroConfig } from '../../local/workbench/server/macro-locator';
import type { AdfDocument } from '../../local/platform/confluence';
import { keepTogether } from '../../src/frontend/reader-format';
import { formatParameter } from '../../src/shared/format-parameter';
import { startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let env: WorkbenchSession['env'];
let page: WorkbenchSession['page'];

beforeAll(async () => {
  session = await startWorkbenchSession('e2e-paste');
  ({ env, page } = session);
});

afterAll(async () => {
  await session?.close();
});

const gearboxPage = () => env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
const storedMacros = () => findMacros(JSON.parse(gearboxPage().body) as AdfDocument);

/** Pastes `text` into the page body as the clipboard would (a paste event carrying text/plain). */
async function paste(text: string): Promise<void> {
  const body = page.getByTestId('page-body');
  await body.focus();
  await body.evaluate((element, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test("pasting a record's link while editing inserts the Spec Bridge macro for that spec, which renders it", async () => {
  const spring = env.engineering.admin.getSpec('SPR-3301')!;
  await page.goto(`${env.origin}/#/pages/${gearboxPage().id}`);
  await page.getByTestId('mode-edit').click();
  const before = storedMacros().length;

  await paste(spring.url);

  await expect.poll(() => storedMacros().length).toBe(before + 1);
  const inserted = storedMacros().at(-1)!;
  expect(macroAutoConvertLink(inserted)).toBe(spring.url);
  expect(macroConfig(inserted)).toEqual({});
  const localId = (inserted.attrs?.parameters as { localId: string }).localId;
  const card = session.macro(localId);
  await card.getByText(spring.title).waitFor();
  await card.getByText(keepTogether(formatParameter(spring.parameters[0]!)), { exact: true }).waitFor();

  // Viewing the page (not editing), the macro still shows the spec the link named.
  await page.getByTestId('mode-view').click();
  await session.macro(localId).getByText(spring.title).waitFor();
});

test('a link the manifest matcher accepts but the record pattern does not gives a config problem, not a crash', async () => {
  await page.getByTestId('mode-edit').click();
  const before = storedMacros().length;

  await paste('https://plm.example.com/specs/SHAFT-1042/history');

  await expect.poll(() => storedMacros().length).toBe(before + 1);
  const localId = (storedMacros().at(-1)!.attrs?.parameters as { localId: string }).localId;
  await session
    .macro(localId)
    .getByText('is not a link to a record in the engineering system (links look like https://plm.example.com/specs/SHAFT-1042)', { exact: false })
    .waitFor();
});

test('pasted text that no macro converts adds nothing, and the workbench says why', async () => {
  const before = storedMacros().length;

  await paste('https://elsewhere.example/specs/SHAFT-1042');

  await page.getByTestId('workbench-notice').getByText('only a pasted link that matches a macro’s autoConvert pattern').waitFor();
  expect(storedMacros().length).toBe(before);
});
