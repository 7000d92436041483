import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineeringSystem } from '../../local/engineering';
import type { EgressSetPayload } from '../../local/platform/customer-egress';
import { seedDemoSite } from '../../local/platform/confluence';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import { createWorkbenchRoutes } from '../../local/workbench';

/** A manifest (in a temp dir) that enables configurable egress, or not; the demo site's users (local-admin, alice). */
const manifest = (configurable: boolean) => `
modules:
  function:
    - { key: probe, handler: index.probe }
app:
  id: ari:cloud:ecosystem::app/44444444-4444-4444-8444-444444444444
  runtime: { name: nodejs24.x }
permissions:
  scopes: [storage:app]
${configurable ? '  external:\n    configurable:\n      enabled: true\n' : ''}`;

export const ORIGIN = 'http://127.0.0.1:4000';

export const engineeringGroup = (key = 'engineering-api'): EgressSetPayload => ({
  egresses: [{ key, description: 'Your engineering system API', configured: [{ domain: 'plm.customer.example', type: ['FETCH_BACKEND_SIDE'] }] }],
});

/** The workbench's routes over a platform with that manifest; close the platform after the test. */
export function egressWorkbench(configurable: boolean): {
  platform: LocalPlatform;
  handle: (request: Request) => Promise<Response>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the JSON body it expects
  call: (path: string, body: unknown) => Promise<{ status: number; json: any }>;
} {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-egress-consent-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest(configurable));
  const platform = createLocalPlatform({ appDir, queue: { autoStart: false } });
  seedDemoSite(platform.confluence);
  const routes = createWorkbenchRoutes({
    platform,
    engineering: createEngineeringSystem({ db: platform.db, token: 'test-token' }),
    staticDir: join(__dirname, '..', '..', 'static'),
    buildDir: mkdtempSync(join(tmpdir(), 'workbench-build-')),
    appUi: { kind: 'sources' },
    ready: Promise.resolve(),
    builds: { reports: () => [], subscribe: () => () => undefined },
  });
  const route = routes.find((r) => r.prefix === '/__workbench')!;
  const handle = (request: Request) => route.handle(request);
  async function call(path: string, body: unknown) {
    const response = await handle(new Request(new URL(path, ORIGIN), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
    return { status: response.status, json: (await response.json()) as unknown };
  }
  return { platform, handle, call };
}
