/**
 * The two-way bridge in the workbench, in headless Chromium: an author inserts a Spec Bridge macro showing SHAFT-1042
 * on a page, and the engineering panel — the sample engineering system's side — lists the page under "Documented in"
 * for SHAFT-1042 without a reload; pinning the macro to an older revision marks the page "behind"; removing the macro
 * (here with Confluence's v2 API) drops the page. Everything between
 * is what `npm run dev` runs: the page event, the reconcile, the documentation-notice queue and the signed POST to the
 * sample system's receiver. The measured times are printed; "within seconds" is asserted with the session's wait.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_MACROS, type AdfDocument } from '../../local/platform/confluence';
import { findMacros, macroConfig } from '../../local/workbench/server/macro-locator';
import { chooseOption } from '../support/choose-option';
import { APP_DIR, startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let env: WorkbenchSession['env'];
let page: WorkbenchSession['page'];

beforeAll(async () => {
  session = await startWorkbenchSession('e2e-documented-in');
  ({ env, page } = session);
});

afterAll(async () => {
  await session?.close();
});

const psuPage = () => env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Power supply'))!;
const documentedIn = () => page.getByTestId('documented-in');
const listedPage = (pageId: string) => documentedIn().locator(`[data-testid="documented-page"][data-page-id="${pageId}"]`);

/** The localId of the macro on the PSU page whose config shows SHAFT-1042. */
function shaftMacroId(): string {
  const macros = findMacros(JSON.parse(psuPage().body) as AdfDocument);
  const found = macros.find((node) => JSON.stringify(macroConfig(node) ?? {}).includes('SHAFT-1042'));
  return (found!.attrs as { parameters: { localId: string } }).parameters.localId;
}

test('inserting a macro that shows SHAFT-1042 lists its page under "Documented in"; pinning it to Rev A marks the page behind; removing the macro drops the page', async () => {
  const shaft = env.engineering.admin.getSpec('SHAFT-1042')!;
  expect(shaft.revision).not.toBe('A');
  const psu = psuPage();
  const started = Date.now();

  // A reader opens the page: its macro renders (the app now knows the page).
  await page.goto(`${env.origin}/#/pages/${psu.id}`);
  await session.macro(DEMO_MACROS.psuRails).getByText('PSU-4801').first().waitFor();
  await page.getByTestId('tab-engineering').click();
  await chooseOption(page, 'eng-spec', /^SHAFT-1042 · /);
  await documentedIn().getByText('No page shows SHAFT-1042 yet', { exact: false }).waitFor();

  // The author inserts a macro and picks SHAFT-1042 in its config dialog.
  await page.getByTestId('mode-edit').click();
  await page.getByTestId('insert-macro').click();
  const dialog = page.getByTestId('config-dialog');
  const search = dialog.getByPlaceholder('Search by id or title');
  await search.fill('SHAFT-1042');
  await search.press('Enter');
  await dialog.getByRole('button', { name: 'Add SHAFT-1042' }).click();
  await dialog.getByText('1. SHAFT-1042').waitFor();
  const saved = Date.now();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });

  await listedPage(psu.id).waitFor();
  const listedMs = Date.now() - saved;
  await expect(listedPage(psu.id).getByTestId('documented-macro').textContent()).resolves.toMatch(/· live/);
  await expect(listedPage(psu.id).getByText('behind').count()).resolves.toBe(0);

  // The author pins the macro to Rev A, older than the record's current revision.
  await session.macro(shaftMacroId()).getByTestId('macro-edit').click();
  await dialog.getByPlaceholder('Latest revision').fill('A');
  await dialog.getByText('The macro will show SHAFT-1042 pinned to Rev A', { exact: false }).waitFor();
  const pinned = Date.now();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });

  const macroLine = listedPage(psu.id).getByTestId('documented-macro');
  await macroLine.getByText('behind').waitFor();
  const behindMs = Date.now() - pinned;
  await expect(macroLine.textContent()).resolves.toContain(`Rev A · pinned behind (current Rev ${shaft.revision})`);
  expect(await page.evaluate(() => location.hash)).toBe(`#/pages/${psu.id}`);
  mkdirSync(join(APP_DIR, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(APP_DIR, 'test-results', 'documented-in.png') });


  // Someone removes the macro with Confluence's v2 API: the panel drops the page.
  const current = env.platform.confluence.admin.getPage(psu.id)!;
  const body = JSON.parse(current.body) as AdfDocument;
  const withoutShaft = { ...body, content: body.content.filter((node) => !JSON.stringify(node).includes('SHAFT-1042')) };
  const removed = Date.now();
  const put = await fetch(`${env.origin}/wiki/api/v2/pages/${psu.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-local-user': 'local-admin' },
    body: JSON.stringify({ id: psu.id, status: 'current', title: current.title, body: { representation: 'atlas_doc_format', value: JSON.stringify(withoutShaft) }, version: { number: current.version.number + 1 } }),
  });
  expect(put.status).toBe(200);
  await listedPage(psu.id).waitFor({ state: 'detached' });
  const droppedMs = Date.now() - removed;

  console.info(`Documented in (browser): Save → page listed in ${listedMs} ms; pin Rev A → behind in ${behindMs} ms; v2 PUT removing the macro → dropped in ${droppedMs} ms; whole test ${Date.now() - started} ms`);
});
