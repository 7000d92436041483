/**
 * What `forge deploy` would upload, as Atlassian's bundler built it for this run (test/setup/forge-build.ts):
 * every manifest handler is exported through the runtime wrapper, every dependency is inside the one
 * backend file, nothing from tests or local/ is in any bundle, and each UI Kit resource has its page.
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { BACKEND_ENTRY, loadForgeBackend, WEBPACK_MARKER } from '../../local/forge-build/load-forge-backend';
import { FORGE_BUILD_DIR, readBuildReport } from '../../local/forge-build/build-report';
import { loadManifest, uiResources } from '../../local/platform/manifest';

const APP_DIR = resolve(__dirname, '..', '..');
const BUILD_DIR = join(APP_DIR, FORGE_BUILD_DIR);
const report = readBuildReport(BUILD_DIR)!;
const manifest = loadManifest(join(APP_DIR, 'manifest.yml'), process.env);

/** The source files a bundle was built from, read from its source map. */
function bundledSources(mapFile: string): string[] {
  return (JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[] }).sources.map((source) => source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^\.\//, ''));
}

test("the backend is one webpack bundle that exports every manifest handler through Forge's runtime wrapper", () => {
  const app = loadForgeBackend(BUILD_DIR);

  const handlers = [...manifest.functions.values()].map((fn) => fn.handler);
  expect(handlers.length).toBeGreaterThanOrEqual(4);
  for (const handler of handlers) expect(typeof app.resolveHandler(handler), handler).toBe('function');
  expect(app.origin).toMatchObject({ kind: 'forge-bundle', bundler: report.bundler });
  expect(readFileSync(join(BUILD_DIR, report.backend.dir, BACKEND_ENTRY), 'utf8')).toContain(WEBPACK_MARKER);
});

test('every npm dependency is inside the backend bundle: it requires nothing but Node built-ins', () => {
  const code = readFileSync(join(BUILD_DIR, report.backend.dir, BACKEND_ENTRY), 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!);
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

  expect(required.length).toBeGreaterThan(0);
  expect([...new Set(required)].filter((name) => !builtins.has(name))).toEqual([]);
  expect(report.backend.bundledPackages).toEqual(expect.arrayContaining(['@forge/api', '@forge/kvs', '@forge/resolver', 'zod']));
});

test('no bundle holds test code, test tooling or anything from local/ or test/', () => {
  const maps = [
    join(BUILD_DIR, report.backend.dir, `${BACKEND_ENTRY}.map`),
    ...report.resources.flatMap((resource) => resource.files.filter((f) => f.name.endsWith('.js.map')).map((f) => join(BUILD_DIR, resource.dir, f.name))),
  ];
  const sources = maps.flatMap(bundledSources);
  const ours = sources.filter((source) => !/^(node_modules\/|webpack\/|external )/.test(source));

  expect(ours.length).toBeGreaterThan(20);
  expect(ours.filter((source) => !source.startsWith('src/') || /\.test\.tsx?$/.test(source))).toEqual([]);
  expect(sources.filter((source) => /node_modules\/(vitest|msw|@vitest|playwright-core)\//.test(source))).toEqual([]);
});

test('each UI Kit resource of the manifest is built into a page whose scripts exist', () => {
  const resources = uiResources(manifest);

  expect(report.resources.map((r) => r.key).sort()).toEqual(resources.sort());
  for (const resource of report.resources) {
    expect(resource.scripts.length).toBeGreaterThan(0);
    for (const script of resource.scripts) expect(existsSync(join(BUILD_DIR, resource.dir, script)), script).toBe(true);
    expect(readFileSync(join(BUILD_DIR, resource.dir, resource.scripts[0]!), 'utf8')).toContain('@forge/bridge');
  }
});

test("what Atlassian's bundler compiles is src/ alone: no unit test, nothing from local/ or test/", () => {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: ts.Diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const config = ts.getParsedCommandLineOfConfigFile(join(APP_DIR, 'tsconfig.json'), {}, host)!;
  const files = config.fileNames.map((file) => file.slice(APP_DIR.length + 1));

  expect(files).toContain('src/index.ts');
  expect(files.filter((file) => !file.startsWith('src/') || /\.test\.tsx?$/.test(file))).toEqual([]);
  expect(config.options.noEmit).not.toBe(true);
});
