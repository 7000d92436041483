/**
 * What the workbench tells the person using it, in headless Chromium: switching to a user who cannot see the open
 * page, a page that cannot be shown, "Reset demo data", and the engineering panel's record choice, labels and errors.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LOCAL_ADMIN_ACCOUNT_ID } from '../../local/platform/confluence';
import { chooseOption } from '../support/choose-option';
import { startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let env: WorkbenchSession['env'];
let page: WorkbenchSession['page'];

beforeAll(async () => {
  session = await startWorkbenchSession('e2e-feedback');
  ({ env, page } = session);
});

afterAll(async () => {
  await session?.close();
});

const pageTitled = (prefix: string) => env.platform.confluence.admin.listPages().find((p) => p.title.startsWith(prefix))!;
const notice = () => page.getByTestId('workbench-notice');
const problem = () => page.getByText('Workbench problem');
/** The record the engineering panel's picker shows, as its label ("SHAFT-1042 · Rev B · …"). */
const shownRecord = () => page.getByTestId('eng-spec-select--value-container').innerText();

test('switching to a user who cannot see the open page says so, and the address names the page on screen', async () => {
  const restricted = pageTitled('Supplier quote');
  const gearbox = pageTitled('Gearbox');
  await page.goto(`${env.origin}/#/pages/${restricted.id}`);
  await page.getByTestId('page-title').getByText(restricted.title).waitFor();

  await chooseOption(page, 'user-switch', 'Bob Engineer');

  await notice().getByText(`Bob Engineer cannot see “${restricted.title}” (it is restricted), so the workbench opened “${gearbox.title}” instead.`).waitFor();
  await page.getByTestId('page-title').getByText(gearbox.title).waitFor();
  expect(new URL(page.url()).hash).toBe(`#/pages/${gearbox.id}`);
  expect(await problem().count()).toBe(0);
});

test('a page the user cannot open is explained once, and no error stays behind after switching user', async () => {
  const restricted = pageTitled('Supplier quote');
  const gearbox = pageTitled('Gearbox');
  await page.goto(`${env.origin}/#/pages/${restricted.id}`);
  await page.reload();

  await notice().getByText(`Page ${restricted.id} does not exist or Bob Engineer cannot see it, so the workbench opened “${gearbox.title}” instead.`).waitFor();
  await page.getByTestId('page-title').getByText(gearbox.title).waitFor();
  await problem().waitFor({ state: 'detached' });
  await chooseOption(page, 'user-switch', env.platform.confluence.admin.getUser(LOCAL_ADMIN_ACCOUNT_ID)!.displayName);
  await page.getByTestId('page-title').getByText(gearbox.title).waitFor();
  await notice().waitFor({ state: 'detached' });
  expect(await problem().count()).toBe(0);
});

test('the engineering panel opens on a record the current page shows, and follows the page until one is picked', async () => {
  const gearbox = pageTitled('Gearbox');
  const psu = pageTitled('Power supply');
  await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
  await page.getByTestId('tab-engineering').click();

  await expect.poll(shownRecord).toMatch(/^SHAFT-1042 · /);
  await page.getByRole('link', { name: psu.title }).click();
  await expect.poll(shownRecord).toMatch(/^PSU-4801 · /);
  await page.getByTestId('eng-spec-select--control').click();
  expect(await page.getByTestId('eng-spec-select--group-0-heading').textContent()).toBe('On this page');
  expect(await page.locator('[data-testid^="eng-spec-select--option-0-"]').allTextContents()).toEqual([
    expect.stringMatching(/^PSU-4801 · /),
    expect.stringMatching(/^PSU-4802 · /),
    expect.stringMatching(/^PSU-4803 · /),
  ]);
  await page.keyboard.press('Escape');
});

test('tolerance boxes have visible labels, and a value that is not a number is refused in words', async () => {
  const gearbox = pageTitled('Gearbox');
  await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
  await expect.poll(shownRecord).toMatch(/^SHAFT-1042 · /);
  const panel = page.getByTestId('engineering-panel');

  for (const [key, label] of [['upper', 'upper'], ['lower', 'lower']]) {
    const box = panel.locator('label.wb-tol', { has: page.getByRole('textbox', { name: `Bearing seat diameter tolerance ${key}` }) });
    expect((await box.innerText()).trim()).toBe(label);
  }
  await panel.getByRole('textbox', { name: 'Bearing seat diameter nominal' }).fill('25,1');
  await panel.getByRole('textbox', { name: 'Overall length tolerance value' }).fill('');
  await page.getByTestId('eng-publish').click();

  const outcome = page.getByTestId('eng-outcome');
  await outcome.getByText('Parameter 1 (Bearing seat diameter): nominal must be a number (or empty for none)').waitFor();
  await outcome.getByText('Parameter 2 (Overall length): tolerance ± must be a number').waitFor();
  expect(await outcome.innerText()).not.toContain("Field '");
  expect(env.engineering.admin.getSpec('SHAFT-1042')!.parameters[0]!.nominal).toBe(25);
});

test('the user, record and status pickers are labelled and can be worked from the keyboard', async () => {
  expect(await page.getByRole('combobox', { name: 'Signed in as' }).count()).toBe(1);
  const record = page.getByRole('combobox', { name: 'Record' });
  await record.focus();
  await record.pressSequentially('PSU-4802');
  await page.keyboard.press('Enter');
  await expect.poll(shownRecord).toMatch(/^PSU-4802 · /);

  const status = page.getByRole('combobox', { name: 'Status' });
  await status.focus();
  await page.keyboard.press('ArrowDown');
  await page.getByTestId('eng-status-select--listbox').waitFor();
  await status.pressSequentially('obsolete');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('eng-status-select--value-container').innerText()).toBe('obsolete');
});

test('"Reset demo data" asks first, then says what it did', async () => {
  const before = env.engineering.admin.getSpec('SHAFT-1042')!;
  env.engineering.admin.updateSpec('SHAFT-1042', { revision: 'Z' });

  await page.getByTestId('reset-demo').click();
  await page.getByTestId('reset-dialog').getByText('Reset demo data?').waitFor();
  await page.getByTestId('reset-cancel').click();
  await page.getByTestId('reset-dialog').waitFor({ state: 'detached' });
  expect(env.engineering.admin.getSpec('SHAFT-1042')!.revision).toBe('Z');

  await page.getByTestId('reset-demo').click();
  await page.getByTestId('reset-confirm').click();
  await notice().getByText('Demo data reset:', { exact: false }).waitFor();
  expect(env.engineering.admin.getSpec('SHAFT-1042')!.revision).toBe(before.revision);
});
