import { expect, test } from 'vitest';
import { lintApp, validateManifest } from '../../local/checks/forge-checks';

const appDir = process.cwd();

test("manifest.yml passes @forge/manifest's full validation with no errors and no warnings", async () => {
  const problems = await validateManifest(appDir);

  expect(problems).toEqual([]);
});

test("forge lint's client-side linters report no errors over src/", async () => {
  const outcome = await lintApp(appDir);

  if (outcome.skippedPermissionLinter) {
    console.warn(`\n!!! ${outcome.skippedPermissionLinter} !!!\n`);
  }
  expect(outcome.filesLinted).toBeGreaterThan(0);
  expect(outcome.problems.filter((p) => p.level === 'error')).toEqual([]);
}, 120_000);

test('the permission linter flags the Confluence calls in src/ when their scopes are missing', async (context) => {
  const outcome = await lintApp(appDir, {
    adjustManifest: (manifest) => {
      manifest.permissions.scopes = manifest.permissions.scopes.filter((scope: string) => !scope.endsWith(':page:confluence'));
    },
  });

  if (outcome.skippedPermissionLinter) context.skip();
  const messages = outcome.problems.filter((p) => p.reference === 'permission-scope-required').map((p) => p.message);
  expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('"read:page:confluence"'), expect.stringContaining('"write:page:confluence"')]));
}, 120_000);
