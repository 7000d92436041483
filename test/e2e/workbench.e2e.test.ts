/**
 * The workbench end to end, offline: the dev environment in-process (temp store, free port), the
 * workbench bundles built once, and headless Chromium from npm (test/support/browser.ts) driving the
 * page like a user. It checks the real macro renders a seed spec, re-renders after a config save,
 * and updates live after a publish.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDevEnvironment } from '../../local/dev-environment';
import { DEMO_MACROS } from '../../local/platform/confluence';
import { macroConfig, findMacro } from '../../local/workbench/server/macro-locator';
import { startWorkbench } from '../../local/workbench';
import type { AdfDocument } from '../../local/platform/confluence';
import { formatParameter } from '../../src/shared/format-parameter';
import { launchChromium } from '../support/browser';

const APP_DIR = resolve(__dirname, '..', '..');
const WAIT_MS = 20_000;

let env: Awaited<ReturnType<typeof startDevEnvironment>>;
let workbench: ReturnType<typeof startWorkbench>;
let browser: Browser;
let page: Page;
let storeDir: string;
/** Every script the page and its macro frames loaded. */
const scripts: string[] = [];

function macro(localId: string) {
  return page.locator(`[data-testid="macro"][data-local-id="${localId}"]`);
}

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'spec-bridge-e2e-'));
  workbench = startWorkbench({ appDir: APP_DIR, watch: false, outDir: join(APP_DIR, '.local', 'build', 'workbench-e2e') });
  env = await startDevEnvironment({ appDir: APP_DIR, port: 0, storePath: join(storeDir, 'platform.sqlite'), watch: false, routes: (context) => workbench.routes(context) });
  expect((await workbench.ready).flatMap((report) => report.errors)).toEqual([]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname)));
  page.setDefaultTimeout(WAIT_MS);
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
  await workbench?.close();
  rmSync(storeDir, { recursive: true, force: true });
});

test('shows a seed spec with a formatted tolerance in the real macro', async () => {
  const shaft = env.engineering.admin.getSpec('SHAFT-1042')!;
  const gearbox = env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;

  await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
  await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

  const card = macro(DEMO_MACROS.gearboxCard);
  await card.getByText(shaft.title).waitFor();
  await card.getByText(formatParameter(shaft.parameters[0]!), { exact: true }).waitFor();
  expect(await page.locator('iframe[sandbox="allow-scripts"]').count()).toBeGreaterThan(0);
  // The macro frames run the UI Kit bundle Atlassian's bundler built, not a bundle of src/.
  const forgeBuilt = env.platform.manifest.macros.map((m) => `/__workbench/resources/${m.resource}/`);
  expect(scripts.filter((path) => forgeBuilt.some((prefix) => path.startsWith(prefix)))).not.toEqual([]);
  expect(scripts.filter((path) => path.includes('/app-'))).toEqual([]);
});

test('re-renders the macro after its config is saved in the side panel', async () => {
  const bearing = env.engineering.admin.getSpec('BRG-3001')!;

  await page.getByTestId('mode-edit').click();
  await macro(DEMO_MACROS.gearboxCard).getByTestId('macro-edit').click();
  const specIds = page.locator('[data-testid="config-panel"] textarea[name="specIds"]');
  await specIds.fill('BRG-3001');
  await page.getByTestId('config-save').click();

  await macro(DEMO_MACROS.gearboxCard).getByText(bearing.title).waitFor();
  const stored = env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
  expect(macroConfig(findMacro(JSON.parse(stored.body) as AdfDocument, DEMO_MACROS.gearboxCard)!)).toMatchObject({ specIds: 'BRG-3001' });
});

test('in edit mode the macro finds specifications by title for the author', async () => {
  const card = macro(DEMO_MACROS.gearboxCard);
  await card.getByText('Find specifications').waitFor();

  await card.getByPlaceholder('e.g. shaft or BOLT-2001').pressSequentially('spring');
  await card.getByRole('button', { name: 'Search' }).click();

  const springs = env.engineering.admin.listSpecs().filter((s) => s.title.toLowerCase().includes('spring'));
  expect(springs.length).toBeGreaterThan(0);
  await card.getByText(springs[0]!.id, { exact: true }).waitFor();
});

test('updates the open macro live when a change is published in the engineering panel', async () => {
  const bearing = env.engineering.admin.getSpec('BRG-3001')!;
  const nextRevision = String.fromCharCode(bearing.revision.charCodeAt(0) + 1);

  await page.getByTestId('mode-view').click();
  await macro(DEMO_MACROS.gearboxCard).getByText(bearing.title).waitFor();
  await page.getByTestId('tab-engineering').click();
  await page.getByTestId('eng-spec').selectOption('BRG-3001');
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
