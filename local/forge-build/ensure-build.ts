/**
 * The Forge build for tests, the benchmark and `npm run dev`: reused while its inputs are unchanged,
 * otherwise rebuilt by `npm run build:forge` in a child process (the bundler needs one of its own).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { forgeBuildInputsHash } from './build-inputs';
import { FORGE_BUILD_DIR, readBuildReport, type ForgeBuildReport } from './build-report';

export function ensureForgeBuild(appDir: string): { buildDir: string; report: ForgeBuildReport } {
  const buildDir = join(appDir, FORGE_BUILD_DIR);
  let report = readBuildReport(buildDir);
  if (report?.inputsHash !== forgeBuildInputsHash(appDir)) {
    execFileSync(process.execPath, [join(appDir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(appDir, 'local', 'forge-build', 'cli.ts')], { cwd: appDir, stdio: 'inherit' });
    report = readBuildReport(buildDir);
  }
  if (!report) throw new Error(`The Forge build left no report in ${buildDir}`);
  return { buildDir, report };
}
