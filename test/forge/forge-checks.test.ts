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
