/**
 * The workbench: a Confluence-like page in the browser that runs the app's real UI Kit bundle in
 * sandboxed macro frames and renders its ForgeDoc with Atlaskit. See README.md beside this file.
 */
import { join } from 'node:path';
import { ensureForgeBuild } from '../forge-build/ensure-build';
import type { EngineeringSystem } from '../engineering';
import type { ExtraRoute } from '../platform/http-server';
import type { LocalPlatform } from '../platform/platform';
import { buildWorkbench, watchWorkbench, type BundleReport } from './build/build-workbench';
import { createWorkbenchRoutes } from './server/workbench-routes';

export type { BundleReport } from './build/build-workbench';
export { createWorkbenchRoutes } from './server/workbench-routes';

/** Options of {@link startWorkbench}. */
export interface WorkbenchOptions {
  appDir: string;
  /**
   * `true` (`npm run dev -- --watch`): bundle the app's UI Kit resources from src/ with esbuild and
   * rebuild everything on change. `false`: macro frames run the UI Kit bundles Atlassian's bundler
   * built (what deploys); the workbench's own bundles are built once.
   */
  watch: boolean;
  /** Default `<appDir>/.local/build/workbench`. */
  outDir?: string;
  /** Hears every (re)build, e.g. to print errors. */
  onBuild?(report: BundleReport): void;
}

/** Starts building the bundles and returns the routes hook for startDevEnvironment. */
export function startWorkbench(options: WorkbenchOptions) {
  const outDir = options.outDir ?? join(options.appDir, '.local', 'build', 'workbench');
  const reports = new Map<string, BundleReport>();
  const listeners = new Set<(report: BundleReport) => void>();
  const record = (report: BundleReport) => {
    reports.set(report.bundle, report);
    options.onBuild?.(report);
    listeners.forEach((listener) => listener(report));
  };
  const started = options.watch
    ? watchWorkbench({ appDir: options.appDir, outDir, appFromSources: true, onBuild: record })
    : buildWorkbench({ appDir: options.appDir, outDir, appFromSources: false }).then((all) => (all.forEach(record), async () => {}));
  const builds = {
    reports: () => [...reports.values()],
    subscribe(listener: (report: BundleReport) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };

  return {
    /** Resolves with the first build's reports (an entry with errors means that bundle failed). */
    ready: started.then(() => builds.reports()),
    routes(context: { platform: LocalPlatform; engineering: EngineeringSystem; afterReset?: () => Promise<unknown> }): ExtraRoute[] {
      const appUi = options.watch ? { kind: 'sources' as const } : { kind: 'forge-build' as const, ...ensureForgeBuild(options.appDir) };
      return createWorkbenchRoutes({ ...context, staticDir: join(options.appDir, 'static'), buildDir: outDir, appUi, ready: started, builds });
    },
    async close(): Promise<void> {
      await (await started)();
    },
  };
}
