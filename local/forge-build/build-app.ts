/**
 * `npm run build:forge`: builds the app with Atlassian's bundler into `.forge-build/` — the backend
 * folder `forge deploy` would zip (`index.cjs`, source map, runtime wrapper, runtime.json) and one
 * folder per UI Kit resource — and records sizes and hashes in `report.json`. Fails on any bundler
 * error or warning.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { forgeBuildInputsHash } from './build-inputs';
import { BACKEND_DIR, describeFiles, FORGE_BUILD_DIR, type ForgeBuildReport } from './build-report';
import { runForgeBundler } from './forge-bundler';

export class ForgeBuildError extends Error {
  override readonly name = 'ForgeBuildError';
}

export async function buildForgeApp(appDir: string): Promise<ForgeBuildReport> {
  if (resolve(process.cwd()) !== resolve(appDir)) throw new ForgeBuildError(`Run the Forge build from the app folder ${appDir} (as forge deploy does)`);
  const started = Date.now();
  const inputsHash = forgeBuildInputsHash(appDir);
  const output = await runForgeBundler();
  const tempDirs = [output.backend.outputDir, ...output.resources.map((resource) => resource.outputDir)];
  try {
    if (output.warnings.length > 0) throw new ForgeBuildError(`Atlassian's bundler reported ${output.warnings.length} warning(s):\n${output.warnings.join('\n')}`);

    // Assembled beside the current build and swapped in at the end, so a reader never sees half a build.
    const finalDir = join(appDir, FORGE_BUILD_DIR);
    const buildDir = `${finalDir}.next-${process.pid}`;
    rmSync(buildDir, { recursive: true, force: true });
    const backendDir = join(buildDir, BACKEND_DIR);
    cpSync(output.backend.outputDir, backendDir, { recursive: true });
    for (const [name, content] of output.backend.additionalOutputs) {
      mkdirSync(dirname(join(backendDir, name)), { recursive: true });
      // Buffers are generated files; strings are paths of files to copy (translations).
      if (Buffer.isBuffer(content)) writeFileSync(join(backendDir, name), content);
      else cpSync(content, join(backendDir, name));
    }
    const resources = output.resources.map((resource) => {
      const dir = join('resources', resource.key);
      cpSync(resource.outputDir, join(buildDir, dir), { recursive: true });
      return { key: resource.key, dir, scripts: entryScripts(join(buildDir, dir, 'index.html')), files: describeFiles(join(buildDir, dir)) };
    });

    const report: ForgeBuildReport = {
      bundler: `@forge/bundler@${bundlerVersion()}`,
      inputsHash,
      builtAt: new Date().toISOString(),
      durationMs: Date.now() - started,
      backend: { dir: BACKEND_DIR, files: describeFiles(backendDir), bundledPackages: output.backend.modules.sort() },
      resources,
    };
    writeFileSync(join(buildDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    const previousDir = `${finalDir}.old-${process.pid}`;
    if (existsSync(finalDir)) renameSync(finalDir, previousDir);
    renameSync(buildDir, finalDir);
    rmSync(previousDir, { recursive: true, force: true });
    return report;
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** The scripts the resource's index.html loads, in order (webpack's HtmlWebpackPlugin output). */
function entryScripts(indexHtml: string): string[] {
  if (!existsSync(indexHtml)) throw new ForgeBuildError(`The UI Kit build has no ${indexHtml}`);
  return [...readFileSync(indexHtml, 'utf8').matchAll(/<script\b[^>]*\bsrc="?([^"\s>]+)"?/g)].map((match) => match[1]!);
}

function bundlerVersion(): string {
  const packageJson = join(dirname(require.resolve('@forge/bundler')), '..', 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
