// ESLint (flat config): typescript-eslint's recommended rules, type-checked against tsconfig.dev.json,
// over src/, local/ and test/, plus the house rule that deployed code never imports test tooling.
// Module boundaries (domain purity, adapters vs handlers, cycles) live in .dependency-cruiser.cjs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Imports that must never reach the Forge bundle: test tooling, and code that only runs on a developer's machine. */
const TEST_ONLY_IMPORTS = {
  paths: [
    { name: 'vitest', message: 'Deployed code (src/, not *.test.*) must not import test tooling.' },
    { name: 'msw', message: 'Deployed code (src/, not *.test.*) must not import test tooling; fake HTTP lives in tests.' },
  ],
  patterns: [
    { group: ['vitest/*', 'msw/*'], message: 'Deployed code (src/, not *.test.*) must not import test tooling.' },
    {
      // Relative paths only: src/ has no path aliases, so '../local/…' and '../../test/…' are the ways in.
      regex: '^(\\.\\./)+(local|test)(/|$)',
      message: 'src/ runs on Forge; local/ and test/ never deploy, so src/ must not import them.',
    },
  ],
};

export default defineConfig(
  {
    ignores: ['node_modules/', '.local/', '.forge-build*/', 'test-results/', 'static/', 'docs/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: './tsconfig.dev.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      // Async functions here implement Promise-returning ports, fakes and Forge handlers; `async` turns a throw
      // into a rejection, which callers rely on. A forgotten await, the bug this rule hunts, is caught by
      // no-floating-promises and no-misused-promises instead.
      '@typescript-eslint/require-await': 'off',
      // `const { omitted: _omitted, ...rest } = value` is how this codebase drops a property from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read JSON bodies (`await response.json()` is `any`) and assert on them: the assertion is the check.
    files: ['**/*.test.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JS config files (this one, .dependency-cruiser.cjs): not in any tsconfig, so no type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      globals: { module: 'readonly', require: 'readonly', process: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', TEST_ONLY_IMPORTS] },
  },
  {
    // One structured logger (src/log.ts) for every backend function; the UI (src/frontend) logs nothing.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/log.ts'],
    rules: { 'no-console': 'error' },
  },
);
