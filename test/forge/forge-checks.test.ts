import { expect, test } from 'vitest';
import { lintApp, validateManifest } from '../../local/checks/forge-checks';

const appDir = process.cwd();

test("manifest.yml passes @forge/manifest's full validation with no errors and no warnings", async () => {
  const problems = await validateManifest(appDir);

  expect(problems).toEqual([]);
});

test("forge lint's client-side linters report no errors over src/", async () => {
  const outcome = await lintApp(appDir);

  expect(outcome.filesLinted).toBeGreaterThan(0);
  expect(outcome.problems.filter((p) => p.level === 'error')).toEqual([]);
}, 120_000);

test('the permission linter flags the Confluence calls in src/ when their scopes are missing', async () => {
  const outcome = await lintApp(appDir, {
    adjustManifest: (manifest) => {
      const scopes = manifest.permissions?.scopes;
      if (!Array.isArray(scopes)) throw new Error('manifest.yml lists no permission scopes');
      manifest.permissions = { ...manifest.permissions, scopes: scopes.filter((scope) => !scope.endsWith(':page:confluence')) };
    },
  });

  const messages = outcome.problems.filter((p) => p.reference === 'permission-scope-required').map((p) => p.message);
  expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('"read:page:confluence"'), expect.stringContaining('"write:page:confluence"')]));
}, 120_000);
