/**
 * `npm run build:forge [-- --force] [-- --app <dir>]`: the app as Atlassian's bundler builds it for
 * `forge deploy`, in `<app>/.forge-build/`. Reuses the previous build while its inputs are unchanged;
 * prints each bundle's size. `--app` builds another app folder (the tests' small broken apps).
 */
import { resolve } from 'node:path';
import { buildForgeApp } from './build-app';
import { forgeBuildInputsHash } from './build-inputs';
import { FORGE_BUILD_DIR, formatBuildSizes, readBuildReport } from './build-report';

async function main(): Promise<void> {
  const appFlag = process.argv.indexOf('--app');
  const appDir = appFlag > 0 && process.argv[appFlag + 1] ? resolve(process.argv[appFlag + 1]!) : resolve(__dirname, '..', '..');
  process.chdir(appDir);
  const previous = readBuildReport(resolve(appDir, FORGE_BUILD_DIR));
  const upToDate = !process.argv.includes('--force') && previous?.inputsHash === forgeBuildInputsHash(appDir);
  const report = upToDate && previous ? previous : await buildForgeApp(appDir);
  const how = upToDate ? `up to date (built ${report.builtAt})` : `built in ${(report.durationMs / 1000).toFixed(1)} s`;
  console.log(`Forge build (${report.bundler}, as forge deploy): backend and ${report.resources.length} UI Kit resource(s) ${how}, 0 warnings`);
  console.log(formatBuildSizes(report).join('\n'));
}

main().catch((error: unknown) => {
  console.error(`Forge build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
