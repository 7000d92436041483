/**
 * The Forge build for tests, the benchmark and `npm run dev`: reused while its inputs are unchanged,
 * otherwise rebuilt by `npm run build:forge` in a child process (the bundler needs one of its own).
 * Several processes may ask at once (two vitest runs, dev and tests): a lock folder lets one build
 * while the others wait, then find the build current.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { forgeBuildInputsHash } from './build-inputs';
import { FORGE_BUILD_DIR, readBuildReport, type ForgeBuildReport } from './build-report';

const LOCK_WAIT_MS = 5 * 60_000;
/** A lock older than this was left by a build that died. */
const LOCK_STALE_MS = 10 * 60_000;

export function ensureForgeBuild(appDir: string): { buildDir: string; report: ForgeBuildReport } {
  const buildDir = join(appDir, FORGE_BUILD_DIR);
  const current = () => {
    const report = readBuildReport(buildDir);
    return report?.inputsHash === forgeBuildInputsHash(appDir) ? report : undefined;
  };
  let report = current();
  if (!report) {
    const release = acquireLock(`${buildDir}.lock`);
    try {
      report = current();
      if (!report) {
        execFileSync(process.execPath, [join(appDir, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(appDir, 'local', 'forge-build', 'cli.ts')], { cwd: appDir, stdio: 'inherit' });
        report = readBuildReport(buildDir);
      }
    } finally {
      release();
    }
  }
  if (!report) throw new Error(`The Forge build left no report in ${buildDir}`);
  return { buildDir, report };
}

function acquireLock(lockDir: string): () => void {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - lockAge(lockDir) > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Another Forge build has held ${lockDir} for over ${LOCK_WAIT_MS / 60_000} min`, { cause: error });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

function lockAge(lockDir: string): number {
  try {
    return statSync(lockDir).mtimeMs;
  } catch {
    return Date.now();
  }
}
