/**
 * Loads the backend Atlassian's bundler built (`.forge-build/backend`) through its runtime wrapper, as
 * Forge's runtime would, after checking it is that build: the file's sha256 matches the build report
 * and it carries webpack's runtime (`__webpack_require__`), which no source or esbuild build has.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Handler, LoadedApp } from '../platform/loaded-app';
import { readBuildReport, RUNTIME_WRAPPER_FILE } from './build-report';
import { STAND_IN_VERSION } from './runtime-wrapper-stand-in';

/** The backend's entry module: `index` of the manifest's `index.<handler>`, as `[name].cjs`. */
export const BACKEND_ENTRY = 'index.cjs';
/** Webpack's module runtime, present in every webpack bundle. */
export const WEBPACK_MARKER = '__webpack_require__';

export function loadForgeBackend(buildDir: string): LoadedApp {
  const report = readBuildReport(buildDir);
  if (!report) throw new Error(`No Forge build in ${buildDir}: run npm run build:forge`);
  const dir = resolve(buildDir, report.backend.dir);
  const file = join(dir, BACKEND_ENTRY);
  const content = readFileSync(file);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const recorded = report.backend.files.find((f) => f.name === BACKEND_ENTRY)?.sha256;
  if (sha256 !== recorded) throw new Error(`${file} is not the file the Forge build recorded (sha256 ${sha256} ≠ ${recorded}): run npm run build:forge`);
  if (!content.includes(WEBPACK_MARKER)) throw new Error(`${file} is not a webpack bundle`);

  const wrapper = createRequire(__filename)(join(dir, RUNTIME_WRAPPER_FILE)) as { standIn?: string; resolveHandler(handler: string): Handler };
  if (wrapper.standIn !== STAND_IN_VERSION) throw new Error(`${RUNTIME_WRAPPER_FILE} is not the local runtime wrapper stand-in`);
  return { origin: { kind: 'forge-bundle', file, sha256, bundler: report.bundler }, resolveHandler: (handler) => wrapper.resolveHandler(handler) };
}
