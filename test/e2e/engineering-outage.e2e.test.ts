/**
 * The engineering panel's service switch in headless Chromium: Outage makes the app meet a failing engineering API,
 * so a reader's Refresh shows the degraded state with the last known data; Normal restores service. Measures the
 * seconds each way. Also checks what the dev server tells a newcomer about change notices (/__local/info).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LOCAL_WEBHOOK_SECRET } from '../../local/keys/local-webhook-secret';
import { DEMO_MACROS } from '../../local/platform/confluence';
import { chooseOption } from '../support/choose-option';
import { APP_DIR, startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let env: WorkbenchSession['env'];
let page: WorkbenchSession['page'];

beforeAll(async () => {
  session = await startWorkbenchSession('e2e-outage');
  ({ env, page } = session);
});

afterAll(async () => {
  await session?.close();
});

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

test('switching the engineering system to Outage shows readers the degraded state within ten seconds, and after Normal a published change reaches them', async () => {
  const shaft = env.engineering.admin.getSpec('SHAFT-1042')!;
  const gearbox = env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
  const card = session.macro(DEMO_MACROS.gearboxCard);
  // With last known data on screen the macro says it once, in the outage sentence (src/frontend/outage-wording.ts).
  const unavailable = /The engineering system is not answering/;
  await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
  await card.getByText(shaft.title).waitFor();
  await page.getByTestId('tab-engineering').click();

  const outageOn = Date.now();
  await page.getByTestId('eng-mode-outage').click();
  await page.getByTestId('eng-mode-badge').getByText('Engineering system: Outage').waitFor();
  await page.getByTestId('eng-mode-status').getByText('Outage mode is on').waitFor();
  await card.getByRole('button', { name: 'Refresh' }).click();
  await card.getByText(unavailable).first().waitFor();
  const degradedAfter = seconds(outageOn);
  // The last known data stays on screen under the degraded message.
  await card.getByText(shaft.title).waitFor();
  mkdirSync(join(APP_DIR, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(APP_DIR, 'test-results', 'engineering-outage.png') });

  // Normal: the next change published reaches the reader, which needs the engineering API to answer again.
  const nextRevision = String.fromCharCode(shaft.revision.charCodeAt(0) + 1);
  const outageOff = Date.now();
  await page.getByTestId('eng-mode-normal').click();
  await page.getByTestId('eng-mode-badge').waitFor({ state: 'detached' });
  await chooseOption(page, 'eng-spec', /^SHAFT-1042 · /);
  await page.getByTestId('eng-revision').fill(nextRevision);
  await page.getByTestId('eng-publish').click();
  await card.getByText(`SHAFT-1042 · Rev ${nextRevision}`, { exact: false }).waitFor();
  await card.getByText(unavailable).first().waitFor({ state: 'detached' });
  const recoveredAfter = seconds(outageOff);

  console.log(`engineering outage: degraded on screen ${degradedAfter} s after the switch; a change published after Normal on screen ${recoveredAfter} s after the switch`);
  expect(degradedAfter).toBeLessThan(10);
  expect(recoveredAfter).toBeLessThan(10);
  expect(env.platform.faults.injectedCount('engineering')).toBeGreaterThan(0);
});

test('the dev server tells a newcomer where change notices go and the local secret to sign them with', async () => {
  const info = (await (await fetch(`${env.origin}/__local/info`)).json()) as { changeNotices: { webTrigger: string; secret: string | null; example: string } };

  expect(info.changeNotices).toMatchObject({ webTrigger: `${env.origin}/x/spec-change-notice`, secret: LOCAL_WEBHOOK_SECRET, example: `PORT=${new URL(env.origin).port} npm run notify -- SHAFT-1042` });
});
