/**
 * The house rules bite: .dependency-cruiser.cjs (run exactly as `npm run lint` runs it) and the ESLint block that
 * keeps test tooling out of deployed code report deliberate violations. Without this, a rule whose path pattern
 * stopped matching would pass silently forever. The fixture is a throwaway app in the OS temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, expect, test } from 'vitest';

const APP_DIR = resolve(__dirname, '..', '..');
const DEPCRUISE = join(APP_DIR, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** One file of the fixture app: path → source. Each violating file breaks exactly one rule. */
const FIXTURE: Record<string, string> = {
  // Allowed: the layering as it should be.
  'src/shared/contract.ts': 'export interface Contract { id: string }\n',
  'src/domain/rule.ts': "import type { Contract } from '../shared/contract';\nexport const rule = (c: Contract) => c.id;\n",
  'src/domain/rule.test.ts': "import { expect } from 'vitest';\nimport { rule } from './rule';\nexpect(rule({ id: 'a' })).toBe('a');\n",
  'src/pipeline/deps.ts': 'export interface Deps { now(): number }\n',
  'src/handlers/handler.ts': "import { rule } from '../domain/rule';\nexport const handler = rule;\n",
  'src/kvs/store.ts': "import { kvs } from '@forge/kvs';\nexport const store = kvs;\n",
  'local/tool.ts': "import { rule } from '../src/domain/rule';\nexport const tool = rule;\n",
  // Violations.
  'src/domain/uses-forge.ts': "import { kvs } from '@forge/kvs';\nexport const direct = kvs;\n",
  'src/domain/uses-adapter.ts': "import { store } from '../kvs/store';\nexport const indirect = store;\n",
  'src/handlers/uses-vitest.ts': "import { expect } from 'vitest';\nexport const check = expect;\n",
  'src/handlers/uses-msw-types.ts': "import type { HttpHandler } from 'msw';\nexport type Handlers = HttpHandler[];\n",
  'src/kvs/uses-handler.ts': "import { handler } from '../handlers/handler';\nexport const upward = handler;\n",
  'src/shared/uses-domain.ts': "import { rule } from '../domain/rule';\nexport const leaf = rule;\n",
  'src/frontend/uses-domain.ts': "import { rule } from '../domain/rule';\nexport const view = rule;\n",
  'src/log.ts': "import type { Deps } from './pipeline/deps';\nexport type Clock = Deps;\n",
  'src/uses-local.ts': "import { tool } from '../local/tool';\nexport const local = tool;\n",
  'src/cycle-a.ts': "import { b } from './cycle-b';\nexport const a = (): number => b() + 1;\n",
  'src/cycle-b.ts': "import { a } from './cycle-a';\nexport const b = (): number => a() - 1;\n",
};

let fixtureDir = '';

beforeAll(() => {
  fixtureDir = mkdtempSync(join(tmpdir(), 'spec-bridge-house-rules-'));
  for (const [path, source] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(fixtureDir, path)), { recursive: true });
    writeFileSync(join(fixtureDir, path), source);
  }
  // The real dependency lists (npm vs npm-dev) and the real packages, so resolution is what the app sees.
  const manifest = JSON.parse(readFileSync(join(APP_DIR, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { dependencies, devDependencies } = manifest;
  writeFileSync(join(fixtureDir, 'package.json'), JSON.stringify({ name: 'house-rules-fixture', private: true, dependencies, devDependencies }));
  writeFileSync(join(fixtureDir, 'tsconfig.dev.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
  symlinkSync(join(APP_DIR, 'node_modules'), join(fixtureDir, 'node_modules'), 'dir');
});

afterAll(() => {
  if (!fixtureDir) return;
  unlinkSync(join(fixtureDir, 'node_modules'));
  rmSync(fixtureDir, { recursive: true, force: true });
});

interface CruiseRun {
  exitCode: number;
  /** `<rule>: <from>`, one per violation in the report. */
  violations: string[];
}

/** `depcruise src local --config <the app's config>` in the fixture, exactly as `npm run lint` runs it. */
function depcruise(): CruiseRun {
  const args = [DEPCRUISE, 'src', 'local', '--config', join(APP_DIR, '.dependency-cruiser.cjs')];
  const run = spawnSync(process.execPath, args, { cwd: fixtureDir, encoding: 'utf8' });
  if (run.error) throw run.error;
  const violations = [...run.stdout.matchAll(/^\s*error (\S+: \S+)/gm)].map((match) => match[1] ?? '');
  return { exitCode: run.status ?? -1, violations };
}

test('dependency-cruiser reports each boundary violation as an error and exits non-zero', () => {
  const { exitCode, violations } = depcruise();

  // A cycle is reported once, from whichever of its modules the cruise reached first.
  const cycles = violations.filter((line) => line.startsWith('no-circular: '));
  expect(cycles).toEqual([expect.stringMatching(/^no-circular: src\/cycle-[ab]\.ts$/)]);
  expect(violations.filter((line) => !line.startsWith('no-circular: ')).sort()).toEqual(
    [
      'adapters-not-to-handlers-or-pipeline: src/kvs/uses-handler.ts',
      'domain-not-to-forge: src/domain/uses-forge.ts',
      'domain-not-to-outer-layers: src/domain/uses-adapter.ts',
      'frontend-only-to-shared: src/frontend/uses-domain.ts',
      'log-not-to-pipeline: src/log.ts',
      'shared-is-a-leaf: src/shared/uses-domain.ts',
      'src-not-to-local-or-test: src/uses-local.ts',
      'src-not-to-dev-dependencies: src/handlers/uses-vitest.ts',
      'src-not-to-vitest-or-msw: src/handlers/uses-msw-types.ts',
      'src-not-to-vitest-or-msw: src/handlers/uses-vitest.ts',
    ].sort(),
  );
  expect(exitCode).toBe(violations.length);
}, 15_000);

/**
 * A linter with only the project's ESLint blocks that configure `rule` (no type information: these snippets are in
 * no tsconfig); answers the rule ids a snippet at `filePath` breaks.
 */
async function linterFor(rule: string): Promise<(filePath: string, source: string) => Promise<(string | null)[]>> {
  const config = ((await import(pathToFileURL(join(APP_DIR, 'eslint.config.mjs')).href)) as { default: Linter.Config[] }).default;
  const eslint = new ESLint({
    cwd: APP_DIR,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...config.filter((block) => block.rules?.[rule] !== undefined)],
  });
  return async (filePath, source) => {
    const [result] = await eslint.lintText(source, { filePath: join(APP_DIR, filePath) });
    return (result?.messages ?? []).map((message) => message.ruleId);
  };
}

test('ESLint refuses vitest, msw and local/ or test/ imports in deployed src/ files, and allows them in unit tests', async () => {
  const lint = await linterFor('no-restricted-imports');

  expect(await lint('src/handlers/x.ts', "import { expect } from 'vitest';\n")).toEqual(['no-restricted-imports']);
  expect(await lint('src/handlers/x.ts', "import { setupServer } from 'msw/node';\n")).toEqual(['no-restricted-imports']);
  expect(await lint('src/engineering/x.ts', "import { http } from 'msw';\n")).toEqual(['no-restricted-imports']);
  expect(await lint('src/engineering/x.ts', "import { kit } from '../../test/support/kit';\n")).toEqual(['no-restricted-imports']);
  expect(await lint('src/x.ts', "import { platform } from '../local/platform/platform';\n")).toEqual(['no-restricted-imports']);
  expect(await lint('src/engineering/x.test.ts', "import { expect } from 'vitest';\nimport { kit } from '../../test/support/kit';\n")).toEqual([]);
  expect(await lint('local/x.ts', "import { expect } from 'vitest';\n")).toEqual([]);
}, 15_000);

test('ESLint refuses console calls in deployed src/ files other than the logger, and allows them in tests and local/', async () => {
  const lint = await linterFor('no-console');

  expect(await lint('src/handlers/x.ts', "console.error('resolver failed');\n")).toEqual(['no-console']);
  expect(await lint('src/pipeline/x.ts', "console.info('view served');\n")).toEqual(['no-console']);
  expect(await lint('src/log.ts', "console.info('{}');\n")).toEqual([]);
  expect(await lint('src/handlers/x.test.ts', "console.info('debug');\n")).toEqual([]);
  expect(await lint('local/x.ts', "console.info('platform');\n")).toEqual([]);
}, 15_000);
