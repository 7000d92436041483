/**
 * The workbench end to end, offline: the dev environment in-process (temp store, free port), the
 * workbench bundles built once, and headless Chromium from npm (test/support/browser.ts) driving the
 * page like a user. It checks the real macro renders a seed spec, re-renders after specs are picked and saved in
 * its custom config dialog,
 * and updates live after a publish.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_MACROS } from '../../local/platform/confluence';
import { macroConfig, findMacro } from '../../local/workbench/server/macro-locator';
import type { AdfDocument } from '../../local/platform/confluence';
import { keepTogether } from '../../src/frontend/reader-format';
import { formatParameter } from '../../src/shared/format-parameter';
import { chooseOption } from '../support/choose-option';
import { APP_DIR, startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let env: WorkbenchSession['env'];
let page: WorkbenchSession['page'];
/** Every script the page and its macro frames loaded. */
const scripts: string[] = [];

const macro = (localId: string) => session.macro(localId);

beforeAll(async () => {
  session = await startWorkbenchSession('e2e');
  ({ env, page } = session);
  page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname)));
});

afterAll(async () => {
  await session?.close();
});

test('shows a seed spec with a formatted tolerance in the real macro', async () => {
  const shaft = env.engineering.admin.getSpec('SHAFT-1042')!;
  const gearbox = env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;

  await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
  await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

  const card = macro(DEMO_MACROS.gearboxCard);
  await card.getByText(shaft.title).waitFor();
  // On screen the value is kept on one line (no-break spaces, word joiners after dashes and slashes).
  await card.getByText(keepTogether(formatParameter(shaft.parameters[0]!)), { exact: true }).waitFor();
  expect(await page.locator('iframe[sandbox="allow-scripts"]').count()).toBeGreaterThan(0);
  // The macro frames run the UI Kit bundle Atlassian's bundler built, not a bundle of src/.
  const forgeBuilt = env.platform.manifest.macros.map((m) => `/__workbench/resources/${m.resource}/`);
  expect(scripts.filter((path) => forgeBuilt.some((prefix) => path.startsWith(prefix)))).not.toEqual([]);
  expect(scripts.filter((path) => path.includes('/app-'))).toEqual([]);
});

test("the author finds a spec by title in the config dialog, adds it, saves, and the macro shows it without asking the engineering system again", async () => {
  const bearing = env.engineering.admin.getSpec('BRG-3001')!;
  const word = bearing.title.split(/\s+/).find((w) => w.length >= 4)!;

  await page.getByTestId('mode-edit').click();
  await macro(DEMO_MACROS.gearboxCard).getByTestId('macro-edit').click();
  const dialog = page.getByTestId('config-dialog');
  await dialog.getByText('1. SHAFT-1042').waitFor();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  const search = dialog.getByPlaceholder('Search by id or title');
  await search.fill(word);
  await search.press('Enter');
  // Record reads only: the workbench's Documented-in panel and documentation notices also reach the engineering system.
  const engineeringRequests = () => env.platform.counters.get('engineering.GET /specs') + env.platform.counters.get('engineering.GET /specs/{id}');
  const beforeAdd = engineeringRequests();
  await dialog.getByRole('button', { name: `Add ${bearing.id}` }).click();
  await dialog.getByText(`1. ${bearing.id}`).waitFor();
  await dialog.getByText(`The macro will show ${bearing.id} (latest revision) as a card.`).waitFor();
  // The draft's check fetches the picked spec into the cache (decisions §42) ...
  await expect.poll(engineeringRequests, { timeout: 10_000 }).toBeGreaterThan(beforeAdd);
  const beforeSave = engineeringRequests();
  await dialog.getByRole('button', { name: 'Save' }).click();

  await dialog.waitFor({ state: 'detached' });
  await macro(DEMO_MACROS.gearboxCard).getByText(bearing.title).waitFor();
  // ... so the macro's first render after Save reads it from there.
  expect(engineeringRequests()).toBe(beforeSave);
  const stored = env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
  expect(macroConfig(findMacro(JSON.parse(stored.body) as AdfDocument, DEMO_MACROS.gearboxCard)!)).toMatchObject({ version: 2, specs: [{ id: bearing.id }] });
});

test('updates the open macro live when a change is published in the engineering panel', async () => {
  const bearing = env.engineering.admin.getSpec('BRG-3001')!;
  const nextRevision = String.fromCharCode(bearing.revision.charCodeAt(0) + 1);

  await page.getByTestId('mode-view').click();
  await macro(DEMO_MACROS.gearboxCard).getByText(bearing.title).waitFor();
  await page.getByTestId('tab-engineering').click();
  await chooseOption(page, 'eng-spec', /^BRG-3001 · /);
  await page.getByTestId('eng-revision').fill(nextRevision);
  await page.getByTestId('eng-publish').click();

  await macro(DEMO_MACROS.gearboxCard).getByText(`BRG-3001 · Rev ${nextRevision}`, { exact: false }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  await page.getByTestId('tab-activity').click();
  mkdirSync(join(APP_DIR, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(APP_DIR, 'test-results', 'workbench.png') });
  // The README's screenshot is refreshed on request only, so a test run leaves the work tree clean.
  if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(join(APP_DIR, 'test-results', 'workbench.png'), join(APP_DIR, 'docs', 'workbench.png'));
});
