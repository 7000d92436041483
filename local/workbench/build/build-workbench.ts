/**
 * Bundles the workbench for the browser with esbuild, offline: the host page (React 18 + Atlaskit),
 * the small bridge script that runs in each macro iframe before the app bundle and — only in the
 * `--watch` editing loop — the app's UI Kit frontends (the manifest resource of each macro and admin page). Otherwise
 * the frames run the UI Kit bundles Atlassian's bundler built (`.forge-build/resources`).
 */
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { loadManifest, uiResources } from '../../platform/manifest';

/** One of the workbench bundles. */
export type BundleName = 'host' | 'frame-bridge' | `app-${string}`;

/** Where to build from and to. */
export interface WorkbenchBuildOptions {
  appDir: string;
  outDir: string;
  /** Also bundle the app's UI Kit resources from src/ (the `--watch` loop); otherwise the Forge build serves them. */
  appFromSources: boolean;
}

/** The outcome of one bundle's (re)build. */
export interface BundleReport {
  bundle: BundleName;
  errors: string[];
}

const WORKBENCH_DIR = resolve(__dirname, '..');

/** The file name the app bundle of a manifest resource gets (served to macro frames). */
export function appBundleFile(resourceKey: string): string {
  return `app-${resourceKey}.js`;
}

/** The esbuild options of every bundle: one per UI resource of manifest.yml (macros and admin pages), the host and the frame bridge. */
export function workbenchBundles(options: WorkbenchBuildOptions): { bundle: BundleName; build: esbuild.BuildOptions }[] {
  const manifest = loadManifest(join(options.appDir, 'manifest.yml'), process.env);
  const resources = uiResources(manifest);
  const browser = (entry: string, outfile: string): esbuild.BuildOptions => ({
    entryPoints: [entry],
    outfile: join(options.outDir, outfile),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    sourcemap: 'linked',
    logLevel: 'silent',
    absWorkingDir: options.appDir,
  });
  return [
    ...(options.appFromSources ? resources : []).map((key) => {
      const path = manifest.resources.get(key);
      if (!path) throw new Error(`manifest.yml: UI resource '${key}' is not declared under resources`);
      return { bundle: `app-${key}` as BundleName, build: browser(join(options.appDir, path), appBundleFile(key)) };
    }),
    { bundle: 'host', build: browser(join(WORKBENCH_DIR, 'host', 'main.tsx'), 'host.js') },
    { bundle: 'frame-bridge', build: browser(join(WORKBENCH_DIR, 'frame', 'frame-bridge.ts'), 'frame-bridge.js') },
  ];
}

function messages(errors: esbuild.Message[]): string[] {
  return errors.map((error) => (error.location ? `${error.location.file}:${error.location.line}: ${error.text}` : error.text));
}

/** Builds every bundle once; reports errors per bundle instead of throwing. */
export async function buildWorkbench(options: WorkbenchBuildOptions): Promise<BundleReport[]> {
  return Promise.all(
    workbenchBundles(options).map(async ({ bundle, build }) => {
      try {
        const result = await esbuild.build(build);
        return { bundle, errors: messages(result.errors) };
      } catch (error) {
        return { bundle, errors: messages((error as esbuild.BuildFailure).errors ?? [{ text: String(error) } as esbuild.Message]) };
      }
    }),
  );
}

/**
 * Builds every bundle and rebuilds each on change; `onBuild` hears every (re)build. Resolves with a
 * stop function once every first build has finished.
 */
export async function watchWorkbench(options: WorkbenchBuildOptions & { onBuild(report: BundleReport): void }): Promise<() => Promise<void>> {
  const firstBuilds: Promise<void>[] = [];
  const contexts = await Promise.all(
    workbenchBundles(options).map(({ bundle, build }) => {
      let built: () => void = () => undefined;
      firstBuilds.push(new Promise<void>((resolve) => (built = resolve)));
      return esbuild.context({
        ...build,
        plugins: [
          {
            name: 'report',
            setup: (b) =>
              b.onEnd((result) => {
                options.onBuild({ bundle, errors: messages(result.errors) });
                built();
              }),
          },
        ],
      });
    }),
  );
  await Promise.all(contexts.map((context) => context.watch()));
  await Promise.all(firstBuilds);
  return async () => {
    await Promise.all(contexts.map((context) => context.dispose()));
  };
}
