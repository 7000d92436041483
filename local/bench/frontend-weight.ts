/**
 * Scenario 4: the weight of the macro's UI Kit resource (manifest `resources: macro-ui`) as a browser
 * bundle: esbuild, minified, production React, the same options the workbench uses for macro frames.
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/** Size of the bundled macro UI and the packages that weigh most in it. */
export interface FrontendWeight {
  entry: string;
  bundler: string;
  rawBytes: number;
  gzipBytes: number;
  /** Minified bytes of Spec Bridge's own code (src/) in the bundle. */
  appCodeBytes: number;
  /** The five largest contributors (npm package or `src`) by minified bytes in the bundle. */
  largest: { module: string; bytes: number }[];
}

const ENTRY = 'src/frontend/index.tsx';

/** Bundles the macro UI in memory and measures it. */
export async function measureFrontendWeight(appDir = resolve(__dirname, '../..')): Promise<FrontendWeight> {
  const result = await esbuild.build({
    entryPoints: [resolve(appDir, ENTRY)],
    absWorkingDir: appDir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    write: false,
    metafile: true,
    outfile: 'macro-ui.js',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    logLevel: 'silent',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
  if (!output) throw new Error('esbuild produced no JavaScript for the macro UI');
  return {
    entry: ENTRY,
    bundler: `esbuild ${esbuild.version} (browser, iife, es2022, minified, NODE_ENV=production)`,
    rawBytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength,
    ...weights(result.metafile),
  };
}

function weights(metafile: esbuild.Metafile): Pick<FrontendWeight, 'appCodeBytes' | 'largest'> {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const module = moduleOf(path);
      bytes.set(module, (bytes.get(module) ?? 0) + input.bytesInOutput);
    }
  }
  const largest = [...bytes].map(([module, size]) => ({ module, bytes: size })).sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  return { appCodeBytes: bytes.get('src') ?? 0, largest };
}

function moduleOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? (match[1] as string) : path.startsWith('src/') ? 'src' : path;
}
