/**
 * The integration, fault and platform suites must run what deploys. After each of their files this
 * fails the file if any handler came from anything but the Forge-built bundle (or a hand-written
 * stand-in that tests the platform itself), and checks the bundle's marker: the sha256 the Forge
 * build recorded for `index.cjs`, read again from `.forge-build/report.json`.
 */
import { resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { FORGE_BUILD_DIR, readBuildReport } from '../../local/forge-build/build-report';
import { BACKEND_ENTRY } from '../../local/forge-build/load-forge-backend';
import { handlerResolutions } from '../../local/platform/loaded-app';

const GUARDED = /\/test\/(integration|faults|platform)\//;
/** Suites of Spec Bridge's behaviour: they must have run the bundle at least once. */
const APP_SUITES = /\/test\/(integration|faults)\//;

afterAll(() => {
  const testPath = expect.getState().testPath ?? '';
  if (!GUARDED.test(testPath)) return;
  const resolutions = handlerResolutions();

  const notFromTheBundle = resolutions.filter((r) => r.origin.kind === 'sources');
  expect(notFromTheBundle, `${testPath} ran handlers built from src/ instead of the Forge-built bundle`).toEqual([]);

  const fromTheBundle = resolutions.flatMap((r) => (r.origin.kind === 'forge-bundle' ? [r.origin] : []));
  if (APP_SUITES.test(testPath)) expect(fromTheBundle.length, `${testPath} never invoked the Forge-built bundle`).toBeGreaterThan(0);
  const recorded = readBuildReport(resolve(__dirname, '..', '..', FORGE_BUILD_DIR))?.backend.files.find((f) => f.name === BACKEND_ENTRY)?.sha256;
  for (const origin of fromTheBundle) expect(origin.sha256).toBe(recorded);
});
