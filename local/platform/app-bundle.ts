import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Bundles the app's backend (src/index.ts) the way Forge's bundler does for nodejs runtimes:
 * one CommonJS file, npm packages left as requires so the real @forge/* packages load unmodified.
 */
export async function bundleBackend(options: { appDir: string; outDir: string }): Promise<string> {
  const outfile = join(options.outDir, 'index.cjs');
  await esbuild.build(backendBuildOptions(options.appDir, outfile));
  return outfile;
}

/** Rebuilds the backend on every source change and reports each new bundle. */
export async function watchBackend(options: { appDir: string; outDir: string; onBuild: (file: string, errors: number) => void }): Promise<() => Promise<void>> {
  const outfile = join(options.outDir, 'index.cjs');
  const context = await esbuild.context({
    ...backendBuildOptions(options.appDir, outfile),
    plugins: [{ name: 'report', setup: (build) => build.onEnd((result) => options.onBuild(outfile, result.errors.length)) }],
  });
  await context.watch();
  return () => context.dispose();
}

/** Loads a freshly built bundle, bypassing the require cache of the previous build. */
export function loadBundle(file: string): Record<string, unknown> {
  const requireFromHere = createRequire(__filename);
  delete requireFromHere.cache[resolve(file)];
  return requireFromHere(resolve(file)) as Record<string, unknown>;
}

function backendBuildOptions(appDir: string, outfile: string): esbuild.BuildOptions {
  return {
    entryPoints: [join(appDir, 'src/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'silent',
  };
}
