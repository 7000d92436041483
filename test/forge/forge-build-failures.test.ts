/**
 * The Forge build step fails the way `forge deploy` would, and stricter: on a TypeScript error in a
 * deployed file and on any bundler warning. Each case builds a one-function app in a temp folder
 * with the real @forge/bundler; a clean copy of the same app builds, so a failure is the app's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const APP_DIR = resolve(__dirname, '..', '..');
const made: string[] = [];

const MANIFEST = `modules:
  function:
    - key: main
      handler: index.run
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000
  runtime:
    name: nodejs24.x
`;
const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, types: [] }, include: ['src/**/*'] });

function buildApp(source: string): { status: number | null; output: string; built: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'forge-build-fixture-'));
  made.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'manifest.yml'), MANIFEST);
  writeFileSync(join(dir, 'tsconfig.json'), TSCONFIG);
  writeFileSync(join(dir, 'src', 'index.ts'), source);
  const result = spawnSync(process.execPath, [join(APP_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(APP_DIR, 'local', 'forge-build', 'cli.ts'), '--app', dir], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, built: existsSync(join(dir, '.forge-build', 'report.json')) };
}

afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('a clean one-function app builds', () => {
  const result = buildApp('export const run = async (): Promise<number> => 42;\n');

  expect(result.output).toContain('0 warnings');
  expect(result.status).toBe(0);
  expect(result.built).toBe(true);
}, 120_000);

test('a type error in a deployed file fails the build and names the error', () => {
  const result = buildApp("export const run = async (): Promise<number> => 'forty-two';\n");

  expect(result.status).toBe(1);
  expect(result.output).toMatch(/Forge build failed:[\s\S]*TS2322/);
  expect(result.built).toBe(false);
}, 120_000);

test('a bundler warning fails the build', () => {
  const result = buildApp('declare const require: (name: string) => unknown;\nexport const run = async (name: string) => require(name);\n');

  expect(result.status).toBe(1);
  expect(result.output).toMatch(/Forge build failed: Atlassian's bundler reported 1 warning\(s\)[\s\S]*Critical dependency/);
  expect(result.built).toBe(false);
}, 120_000);
