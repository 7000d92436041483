/**
 * Narrow screens (issue 16, item 12): the macro's values never wrap inside themselves — tables scroll sideways in
 * the macro instead — and the workbench's side panels collapse and expand from the keyboard.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Locator } from 'playwright-core';
import { DEMO_MACROS } from '../../local/platform/confluence';
import { startWorkbenchSession, type WorkbenchSession } from '../support/workbench-session';

let session: WorkbenchSession;
let gearboxUrl: string;

beforeAll(async () => {
  session = await startWorkbenchSession('narrow');
  const gearbox = session.env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
  gearboxUrl = `${session.env.origin}/#/pages/${gearbox.id}`;
});

afterAll(async () => {
  await session?.close();
});

async function openGearbox(width: number): Promise<Locator> {
  const { page } = session;
  await page.setViewportSize({ width, height: 900 });
  await page.goto('about:blank');
  await page.goto(gearboxUrl);
  const card = session.macro(DEMO_MACROS.gearboxCard);
  await card.getByText('Overall length').waitFor();
  return card;
}

/** Each parameter value cell of the macro's parameter tables, with the number of lines its text takes. */
async function valueLines(macro: Locator): Promise<{ text: string; lines: number }[]> {
  return macro.evaluate((root) => {
    const tables = [...root.querySelectorAll('table')].filter((t) => t.querySelector('caption')?.textContent?.startsWith('Parameters of'));
    const cells = tables.flatMap((t) => [...t.querySelectorAll('tbody td:not(:first-child)')]).filter((td) => /\d/.test(td.textContent ?? ''));
    return cells.map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 4)));
      return { text: td.textContent ?? '', lines: tops.size };
    });
  });
}

test('at 800 px the panels start closed and no parameter value wraps inside itself', async () => {
  const card = await openGearbox(800);

  expect(await session.page.getByTestId('toggle-tools').getAttribute('aria-expanded')).toBe('false');
  expect(await session.page.locator('aside.wb-side').isHidden()).toBe(true);
  const values = await valueLines(card);
  expect(values.length).toBeGreaterThan(5);
  expect(values.filter((v) => v.lines !== 1)).toEqual([]);
});

test('in a phone-width column (350 px, like the 364 px body of the issue) values stay whole and the table scrolls inside the macro', async () => {
  const card = await openGearbox(400);

  const values = await valueLines(card);
  expect(values.filter((v) => v.lines !== 1)).toEqual([]);
  expect(values.map((v) => v.text)).toContain('24.987–\u206025.000\u00A0mm');
  // The page column itself does not scroll sideways: the table's scroll region is inside the macro.
  const column = await session.page.locator('.wb-page').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(column.scroll).toBeLessThanOrEqual(column.client);
  const scroller = await card.locator('table').first().evaluate((table) => {
    let el: HTMLElement | null = table.parentElement;
    while (el && getComputedStyle(el).overflowX !== 'auto') el = el.parentElement;
    return el ? { scroll: el.scrollWidth, client: el.clientWidth, inMacro: el.closest('[data-testid="macro"]') !== null } : undefined;
  });
  expect(scroller?.inMacro).toBe(true);
  expect(scroller!.scroll).toBeGreaterThan(scroller!.client);
});

test('the side panels collapse and expand from the keyboard, and an open panel lies over a narrow page', async () => {
  const { page } = session;
  await openGearbox(800);
  const tools = page.locator('aside.wb-side');
  const pages = page.locator('nav.wb-sidebar');
  const pageWidth = () => page.locator('.wb-page').evaluate((el) => el.clientWidth);
  const before = await pageWidth();

  await page.getByTestId('toggle-tools').focus();
  await page.keyboard.press('Enter');
  await tools.waitFor({ state: 'visible' });
  expect(await page.getByTestId('toggle-tools').getAttribute('aria-expanded')).toBe('true');
  expect(await pageWidth()).toBe(before);
  await page.getByTestId('tab-engineering').waitFor();

  await page.getByTestId('toggle-tools').focus();
  await page.keyboard.press('Enter');
  await tools.waitFor({ state: 'hidden' });

  await page.locator('body').press('[');
  await pages.waitFor({ state: 'visible' });
  expect(await page.getByTestId('toggle-pages').getAttribute('aria-expanded')).toBe('true');
  await page.locator('body').press('[');
  await pages.waitFor({ state: 'hidden' });
  await page.locator('body').press(']');
  await tools.waitFor({ state: 'visible' });
  await page.locator('body').press(']');
  await tools.waitFor({ state: 'hidden' });
});

test('on a wide screen both panels start open beside the page', async () => {
  const { page } = session;
  await openGearbox(1400);

  await page.locator('aside.wb-side').waitFor({ state: 'visible' });
  await page.locator('nav.wb-sidebar').waitFor({ state: 'visible' });
  expect(await page.getByTestId('toggle-pages').getAttribute('aria-expanded')).toBe('true');
});

test('on a wide screen with both panels open, each spec id in the table stays on one line with its link icon', async () => {
  await openGearbox(1400);
  const table = session.macro(DEMO_MACROS.gearboxTable);
  await table.getByRole('link', { name: 'GEAR-3601' }).waitFor();

  const ids = await table.evaluate((root) =>
    [...root.querySelectorAll('table tbody tr td:first-child')].map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / 4)));
      return { text: td.textContent ?? '', lines: tops.size };
    }),
  );

  expect(ids.some((id) => id.text.startsWith('GEAR-3601'))).toBe(true);
  expect(ids.filter((id) => id.lines !== 1)).toEqual([]);
});

test("the page body reads like Confluence's: 16 px text on a 1.714 line, h2 at 20/14 em", async () => {
  await openGearbox(1400);

  const type = await session.page.locator('.wb-body').evaluate((body) => {
    const style = (selector: string) => getComputedStyle(body.querySelector(selector)!);
    const paragraph = style(':scope > p');
    const heading = style(':scope > h2');
    return { size: paragraph.fontSize, lineHeight: paragraph.lineHeight, h2: heading.fontSize, h2Weight: heading.fontWeight };
  });

  expect(type.size).toBe('16px');
  expect(Number.parseFloat(type.lineHeight)).toBeCloseTo(16 * 1.714, 1);
  expect(Number.parseFloat(type.h2)).toBeCloseTo((16 * 20) / 14, 1);
  expect(type.h2Weight).toBe('500');
});
