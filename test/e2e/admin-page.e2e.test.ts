/**
 * The admin page end to end, in the browser: the dev environment with a local site its variables do not configure
 * (`environmentConfiguresSite: false`), so its macros say "not connected" until the local admin connects the sample
 * engineering system on Spec Bridge's settings page, creates an inbound secret for an integrator, rotates it and
 * removes the old one. A non-admin does not get the entry, and the page itself refuses them (its resolver does).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LOCAL_ENG_TOKEN } from '../../local/dev-environment';
import { sendChangeNotice } from '../../local/notify/send-notice';
import { DEMO_MACROS } from '../../local/platform/confluence';
import { chooseOption } from '../support/choose-option';
import { APP_DIR, startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let env: WorkbenchSession['env'];
let page: WorkbenchSession['page'];

const SETTINGS_KEY = 'spec-bridge-settings';
// The page's own wording (src/frontend/admin/admin-page.tsx; importing it would load @forge/bridge here).
const FORBIDDEN_MESSAGE = "Only Confluence administrators can change Spec Bridge's settings.";
const settings = () => page.getByTestId('settings-page');
const inbound = () => settings().getByTestId('secrets-inbound');

beforeAll(async () => {
  session = await startWorkbenchSession('admin-page', { environmentConfiguresSite: false });
  ({ env, page } = session);
});

afterAll(async () => {
  await session?.close();
});

function gearboxPage() {
  return env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
}

/** Everything the settings view shows, field values included. */
function shownOnSettings(): Promise<string> {
  return settings().evaluate((element) => element.innerHTML + [...element.querySelectorAll('input, textarea')].map((field) => (field as HTMLInputElement).value).join('\n'));
}

/** The secret shown once after Create or Rotate. */
async function revealedSecret(): Promise<string> {
  const field = settings().locator('input[name="created-secret"]');
  await field.waitFor();
  return field.inputValue();
}

function notice(url: string, secret: string) {
  return sendChangeNotice({ url, secret, type: 'spec.updated', specIds: ['SHAFT-1042'] });
}

test("a macro on a demo page says the site is not connected: the deployment's variables do not name it", async () => {
  expect(env.environmentConfiguresSite).toBe(false);
  // Nor does npm run dev point its documentation notices anywhere.
  expect(env.documentationReceiver).toMatchObject({ configured: false });
  await page.goto(`${env.origin}/#/pages/${gearboxPage().id}`);
  await session.macro(DEMO_MACROS.gearboxCard).getByText(/not connected/).first().waitFor();
});

test('the local admin connects the sample engineering system; the token is never shown again, and the macro renders', async () => {
  const entry = page.getByTestId('settings-entry');
  await expect.poll(() => entry.textContent()).toBe('Spec Bridge settings');
  await entry.click();
  expect(new URL(page.url()).hash).toBe(`#/settings/${SETTINGS_KEY}`);
  await settings().getByText('Not connected', { exact: true }).waitFor();
  // The app's tabs lie above the open tab's panel, as UI Kit draws them (not in a row beside it).
  const tabs = (await settings().getByRole('tablist').boundingBox())!;
  const panel = (await settings().locator('[role="tabpanel"]:not([hidden])').boundingBox())!;
  expect(panel.y).toBeGreaterThanOrEqual(tabs.y + tabs.height - 2);

  await settings().getByLabel('Engineering API base URL').fill(env.engineeringBaseUrl);
  await settings().getByLabel('API token').fill(LOCAL_ENG_TOKEN);
  await settings().getByRole('button', { name: 'Test connection' }).click();
  const sample = settings().getByText(/^Read [A-Z]+-\d+ · /);
  await sample.waitFor();
  const [, sampleId, sampleTitle] = /^Read ([A-Z]+-\d+) · (.+?) · Rev /.exec((await sample.textContent()) ?? '') ?? [];
  expect(sampleTitle).toBe(env.engineering.admin.getSpec(sampleId!)?.title);

  await settings().getByRole('button', { name: 'Save', exact: true }).click();
  const savedAt = performance.now();
  await settings().getByText(`Connected to ${env.engineeringBaseUrl} · token set · ends in …${LOCAL_ENG_TOKEN.slice(-4)}`).waitFor();
  expect(await settings().getByLabel('API token').inputValue()).toBe('');
  expect(await shownOnSettings()).not.toContain(LOCAL_ENG_TOKEN);
  mkdirSync(join(APP_DIR, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(APP_DIR, 'test-results', 'admin-page.png') });

  const shaft = env.engineering.admin.getSpec('SHAFT-1042')!;
  await page.getByRole('navigation', { name: 'Space pages' }).getByRole('link', { name: gearboxPage().title }).click();
  await session.macro(DEMO_MACROS.gearboxCard).getByText(shaft.title).waitFor();
  console.log(`admin page: Save → the macro shows ${shaft.id} in ${Math.round(performance.now() - savedAt)} ms (page navigation included)`);
  await expect.poll(() => session.macro(DEMO_MACROS.gearboxCard).getByText(/not connected/).count()).toBe(0);
});

test("an integrator connects from the page alone: web trigger URL and a new inbound secret; after a rotation the old secret works until it is removed", async () => {
  await page.getByTestId('settings-entry').click();
  await settings().getByRole('tab', { name: 'Integrators' }).click();
  const url = await settings().getByLabel('Change notices (inbound)').inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x\//);

  await inbound().getByText('No secret yet.').waitFor();
  await inbound().getByRole('button', { name: 'Create secret' }).click();
  const first = await revealedSecret();
  expect(first).toMatch(/^whsec_/);
  expect((await notice(url, first)).status).toBe(202);

  await inbound().getByRole('button', { name: 'Rotate' }).click();
  await inbound().getByText(/previous \(verifies only\)/).waitFor();
  const second = await revealedSecret();
  expect(second).not.toBe(first);
  expect((await notice(url, first)).status).toBe(202);
  expect((await notice(url, second)).status).toBe(202);

  const previousRow = inbound()
    .locator('div')
    .filter({ hasText: 'previous (verifies only)' })
    .filter({ has: page.getByRole('button', { name: 'Remove' }) })
    .last();
  await previousRow.getByRole('button', { name: 'Remove' }).click();
  await inbound().getByText(/previous \(verifies only\)/).waitFor({ state: 'detached' });
  expect((await notice(url, first)).status).toBe(401);
  expect((await notice(url, second)).status).toBe(202);
  // The refused notice is in the delivery log, with why.
  await settings().getByRole('tab', { name: 'Deliveries' }).click();
  await settings().getByRole('button', { name: 'Refresh' }).click();
  const refused = settings().getByRole('row').filter({ hasText: 'refused' }).filter({ hasText: '401' });
  await expect.poll(() => refused.count()).toBe(1);
  expect(await refused.textContent()).toContain('no_matching_signature');
  await expect.poll(() => settings().getByRole('row').filter({ hasText: 'accepted' }).count()).toBe(4);
  // Nothing on the page shows a secret once the next action has run, nor the engineering token.
  const shown = await shownOnSettings();
  expect(shown).not.toContain(first);
  expect(shown).not.toContain(LOCAL_ENG_TOKEN);
});

test('a non-admin gets no settings entry, and opening the page directly shows only the administrators-only message', async () => {
  await page.getByRole('navigation', { name: 'Space pages' }).getByRole('link', { name: gearboxPage().title }).click();
  await page.getByTestId('settings-entry').waitFor();
  await chooseOption(page, 'user-switch', 'Alice Viewer');
  await page.getByTestId('user-switch-select--control').getByText('Alice Viewer').waitFor();
  await expect.poll(() => page.getByTestId('settings-entry').count()).toBe(0);

  await page.goto(`${env.origin}/?direct#/settings/${SETTINGS_KEY}`);
  await settings().getByText(FORBIDDEN_MESSAGE).waitFor();
  expect(await settings().getByText('Engineering system connection').count()).toBe(0);
  expect(await shownOnSettings()).not.toContain(env.engineeringBaseUrl);
});
