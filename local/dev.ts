/**
 * `npm run dev`: the whole of Spec Bridge on this machine, on 127.0.0.1 — the local Forge
 * platform running the app's real handlers, the sample engineering system, and the workbench.
 */
import { join, resolve } from 'node:path';
import { devBanner } from './dev-banner';
import { startDevEnvironment } from './dev-environment';
import { startWorkbench } from './workbench';

const appDir = resolve(__dirname, '..');
const port = Number(process.env.PORT ?? 4000);
// Default: the app as Atlassian's bundler builds it (what deploys). --watch: esbuild from src/, reloaded on change.
const watch = process.argv.includes('--watch');
// --site-not-configured: the deployment's variables name no site; connect the local one on its admin page.
const environmentConfiguresSite = !process.argv.includes('--site-not-configured');

const workbench = startWorkbench({
  appDir,
  watch,
  onBuild: (report) => {
    if (report.errors.length > 0) console.error(`Workbench ${report.bundle} bundle failed:\n  ${report.errors.join('\n  ')}`);
  },
});

startDevEnvironment({ appDir, port, storePath: join(appDir, '.local', 'platform.sqlite'), watch, environmentConfiguresSite, routes: (context) => workbench.routes(context) })
  .then(async (env) => {
    await workbench.ready;
    console.log(devBanner({ ...env, watch }));
    const stop = () => Promise.all([workbench.close(), env.close()]).finally(() => process.exit(0));
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  })
  .catch((error: unknown) => {
    console.error('Could not start the local platform:', error);
    process.exit(1);
  });
