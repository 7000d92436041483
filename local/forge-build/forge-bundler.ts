/**
 * Drives Atlassian's bundler (@forge/bundler) exactly as `forge deploy` does (@forge/cli 13:
 * command-line/dependency-injection.js and deploy/packager/*): the manifest's function handlers go
 * through `getEntryPoints()` into `getNodeBundler(...).bundle()`, and its UI Kit resources through
 * `NativeUIBundler.bundleResources()`. The one part replaced is the Node runtime wrapper that the CLI
 * downloads from Atlassian's CDN (see runtime-wrapper-stand-in.ts).
 *
 * @forge/bundler reads manifest.yml and resolves entry points relative to the current directory and
 * needs `require.main`, as inside the CLI: run it in its own process (cli.ts), not inside vitest.
 */
import { createRequire } from 'node:module';
import type { Logger } from '@forge/cli-shared';
import { getEntryPoints, getNodeBundler, NativeUIBundler } from '@forge/bundler';
import { runtimeWrapperStandIn } from './runtime-wrapper-stand-in';

// The manifest reader of the @forge/cli-shared the bundler itself depends on (as the CLI pins both),
// not the newer copy @forge/lint brings in.
const bundlerCliShared = createRequire(require.resolve('@forge/bundler'))('@forge/cli-shared') as typeof import('@forge/cli-shared');

/** What the bundler produced, in its own temporary folders. */
export interface ForgeBundlerOutput {
  backend: { outputDir: string; additionalOutputs: Map<string, string | Buffer>; modules: string[] };
  resources: { key: string; outputDir: string }[];
  /** Every warning the bundler logged (webpack warnings included): a clean build has none. */
  warnings: string[];
}

/** Runs both bundling steps of `forge deploy` for the app in the current directory. */
export async function runForgeBundler(): Promise<ForgeBundlerOutput> {
  const warnings: string[] = [];
  const logger: Logger = {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void warnings.push(message),
    error: (error) => void warnings.push(error.message),
  };
  const { ConfigFile, FileSystemReader, FileSystemWriter, shouldBundleResource } = bundlerCliShared;
  const configFile = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  // Only consulted for `app.package.bundler: typescript` (an EAP this app does not use).
  const statsig = { isTypescriptBundlerEnabled: async () => false } as unknown as Parameters<typeof getNodeBundler>[3];

  const handlers = await configFile.getAppHandlers();
  const nodeBundler = getNodeBundler(logger, runtimeWrapperStandIn, configFile as unknown as Parameters<typeof getNodeBundler>[2], statsig);
  const backend = await nodeBundler.bundle({ appDirectory: process.cwd(), entryPoints: getEntryPoints(handlers) });

  const resources = (await configFile.getResources(['nativeUI'])).filter(shouldBundleResource);
  const ui = await new NativeUIBundler(logger).bundleResources(resources);

  return {
    backend: { outputDir: backend.outputDir, additionalOutputs: backend.additionalOutputs ?? new Map<string, string | Buffer>(), modules: backend.metadata?.modules ?? [] },
    resources: ui.nativeUiBundlesDetails.map((detail) => ({ key: detail.key, outputDir: detail.path })),
    warnings,
  };
}
