/**
 * `npx tsx local/workbench/screenshots.ts`: screenshots of the macro's three layouts (card, table, parameters) at
 * 1400 and 800 px wide, taken in headless Chromium from the workbench with a fresh demo store, into
 * docs/screenshots/<layout>-<width>.png. The parameters layout is the demo card macro saved with that layout.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_MACROS } from '../platform/confluence';
import { APP_DIR, startWorkbenchSession } from '../../test/support/workbench-session';

const WIDTHS = [1400, 800] as const;
const OUT_DIR = join(APP_DIR, 'docs', 'screenshots');

const LAYOUTS = [
  { name: 'card', localId: DEMO_MACROS.gearboxCard, config: undefined },
  { name: 'table', localId: DEMO_MACROS.gearboxTable, config: undefined },
  { name: 'parameters', localId: DEMO_MACROS.gearboxCard, config: { specIds: 'SHAFT-1042', layout: 'parameters' } },
] as const;

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const session = await startWorkbenchSession('screenshots');
  try {
    const { env, page } = session;
    const gearbox = env.platform.confluence.admin.listPages().find((p) => p.title.startsWith('Gearbox'))!;
    for (const layout of LAYOUTS) {
      if (layout.config) {
        await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
        const status = await page.evaluate(
          async ({ localId, config }) => (await fetch(`/__workbench/api/macros/${localId}/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config }) })).status,
          { localId: layout.localId, config: layout.config },
        );
        if (status !== 200) throw new Error(`saving the ${layout.name} config answered ${status}`);
      }
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        // A fresh load, so the side panels start as they do at this width.
        await page.goto('about:blank');
        await page.goto(`${env.origin}/#/pages/${gearbox.id}`);
        const macro = session.macro(layout.localId);
        await macro.getByRole('button', { name: 'Refresh' }).waitFor();
        // The macro at the top of the page column, under the breadcrumbs' height of context.
        await macro.evaluate((element) => {
          const column = element.closest('.wb-page')!;
          column.scrollTop += element.getBoundingClientRect().top - column.getBoundingClientRect().top - 48;
        });
        const file = join(OUT_DIR, `${layout.name}-${width}.png`);
        await page.screenshot({ path: file });
        console.log(`wrote ${file}`);
      }
    }
  } finally {
    await session.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
