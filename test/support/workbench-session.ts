/**
 * One browser end-to-end session: the dev environment in-process (temp store, free port), the workbench bundles
 * built into their own folder (each e2e file may run in parallel with the others), and headless Chromium from npm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDevEnvironment, type DevEnvironmentOptions } from '../../local/dev-environment';
import { startWorkbench } from '../../local/workbench';
import { launchChromium } from './browser';

export const APP_DIR = resolve(__dirname, '..', '..');
export const WAIT_MS = 20_000;

export interface WorkbenchSession {
  /** The running dev environment; a test that restarts it puts the new one here, and `close` closes that. */
  env: Awaited<ReturnType<typeof startDevEnvironment>>;
  workbench: ReturnType<typeof startWorkbench>;
  browser: Browser;
  page: Page;
  /** The macro frame of `localId` on the open page. */
  macro(localId: string): ReturnType<Page['locator']>;
  close(): Promise<void>;
}

/**
 * Starts everything; `name` keeps this file's store and workbench build apart from other e2e files'. `options`:
 * `environmentConfiguresSite: false` leaves the local site for its admin to connect.
 */
export async function startWorkbenchSession(name: string, options: Pick<DevEnvironmentOptions, 'environmentConfiguresSite'> = {}): Promise<WorkbenchSession> {
  const storeDir = mkdtempSync(join(tmpdir(), `spec-bridge-${name}-`));
  const workbench = startWorkbench({ appDir: APP_DIR, watch: false, outDir: join(APP_DIR, '.local', 'build', `workbench-${name}`) });
  const env = await startDevEnvironment({ appDir: APP_DIR, port: 0, storePath: join(storeDir, 'platform.sqlite'), watch: false, ...options, routes: (context) => workbench.routes(context) });
  const errors = (await workbench.ready).flatMap((report) => report.errors);
  if (errors.length > 0) throw new Error(`workbench build failed: ${errors.join('; ')}`);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  page.setDefaultTimeout(WAIT_MS);
  const session: WorkbenchSession = {
    env,
    workbench,
    browser,
    page,
    macro: (localId) => page.locator(`[data-testid="macro"][data-local-id="${localId}"]`),
    async close() {
      await browser.close();
      await session.env.close();
      await workbench.close();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
  return session;
}
