/** The record a Forge build leaves in `.forge-build/report.json`: what was built, from what, and how big. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FORGE_BUILD_DIR = '.forge-build';
export const BACKEND_DIR = 'backend';
/** The file `forge deploy` makes the function entry point (@forge/bundler's NODE_RUNTIME_CODE_FILE). */
export const RUNTIME_WRAPPER_FILE = '__forge__.cjs';

export interface BuiltFile {
  name: string;
  bytes: number;
  gzipBytes: number;
  sha256: string;
}

export interface ForgeBuildReport {
  /** e.g. `@forge/bundler@7.1.0`. */
  bundler: string;
  inputsHash: string;
  builtAt: string;
  durationMs: number;
  backend: { dir: string; files: BuiltFile[]; bundledPackages: string[] };
  resources: { key: string; dir: string; scripts: string[]; files: BuiltFile[] }[];
}

export function describeFiles(dir: string): BuiltFile[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const content = readFileSync(join(dir, name));
      return { name, bytes: content.length, gzipBytes: gzipSync(content).length, sha256: createHash('sha256').update(content).digest('hex') };
    });
}

export function readBuildReport(buildDir: string): ForgeBuildReport | undefined {
  const file = join(buildDir, 'report.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ForgeBuildReport) : undefined;
}

/** One line per JavaScript file (source maps and licences left out): what `npm test` prints. */
export function formatBuildSizes(report: ForgeBuildReport): string[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = (label: string, files: BuiltFile[]) =>
    files.filter((file) => /\.c?js$/.test(file.name)).map((file) => `  ${label} ${file.name.padEnd(16)} ${kb(file.bytes).padStart(10)} (${kb(file.gzipBytes)} gzip)`);
  return [
    ...lines('backend       ', report.backend.files),
    ...report.resources.flatMap((resource) => lines(`UI Kit ${resource.key.padEnd(7)}`, resource.files)),
  ];
}
