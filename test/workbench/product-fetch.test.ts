/** A macro frame's requestConfluence (bridge command fetchProduct) through the workbench server. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { createEngineeringSystem } from '../../local/engineering';
import { seedDemoSite } from '../../local/platform/confluence';
import { createLocalPlatform } from '../../local/platform/platform';
import { createWorkbenchRoutes } from '../../local/workbench';

const platform = createLocalPlatform({ queue: { autoStart: false } });
const engineering = createEngineeringSystem({ db: platform.db, token: 'test-token' });
const routes = createWorkbenchRoutes({
  platform,
  engineering,
  staticDir: join(__dirname, '..', '..', 'static'),
  buildDir: mkdtempSync(join(tmpdir(), 'workbench-build-')),
  appUi: { kind: 'sources' },
  ready: Promise.resolve(),
  builds: { reports: () => [], subscribe: () => () => undefined },
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const route = routes.find((r) => path.startsWith(r.prefix) && r.prefix !== '/')!;
  const response = await route.handle(new Request(new URL(path, 'http://127.0.0.1:4000'), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The payload @forge/bridge sends for requestConfluence(restPath). */
const fetchProduct = (restPath: string) => ({ product: 'confluence', restPath, fetchRequestInit: { headers: [['accept', 'application/json']] }, isMultipartFormData: false });

function gearboxId(): string {
  return platform.confluence.admin.listPages().find((page) => page.title.startsWith('Gearbox'))!.id;
}

beforeEach(async () => {
  seedDemoSite(platform.confluence);
  await post('/__workbench/api/reset', {});
  platform.confluence.setUserConsent('alice', true);
  const created = await platform.confluence.handle({
    method: 'POST',
    path: `/wiki/api/v2/pages/${gearboxId()}/properties`,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify({ key: 'spec-bridge.snapshot.m1', value: { hello: 'world' } }),
    principal: { kind: 'app' },
  });
  expect([200, 201]).toContain(created.status);
});

test('a frame reads a content property as the workbench user: a bridge call, no invocation, no REST points', async () => {
  const before = platform.costs.totals();

  const { status, json } = await post('/__workbench/api/product-fetch', fetchProduct(`/wiki/api/v2/pages/${gearboxId()}/properties?key=spec-bridge.snapshot.m1`));

  expect(status).toBe(200);
  expect(json.status).toBe(200);
  expect(JSON.parse(String(json.body))).toMatchObject({ results: [{ key: 'spec-bridge.snapshot.m1', value: { hello: 'world' } }] });
  const after = platform.costs.totals();
  expect(after.bridgeConfluenceRequests - before.bridgeConfluenceRequests).toBe(1);
  expect(after.invocations - before.invocations).toBe(0);
  expect(after.confluencePoints - before.confluencePoints).toBe(0);
  expect(platform.activity.recent(5).some((entry) => entry.message.startsWith('bridge GET') && entry.message.endsWith('as local-admin'))).toBe(true);
});

test('a user who has not granted the app access gets 401, so the macro falls back to its resolver', async () => {
  await post('/__workbench/api/user', { accountId: 'alice' });
  platform.confluence.setUserConsent('alice', false);

  const { json } = await post('/__workbench/api/product-fetch', fetchProduct(`/wiki/api/v2/pages/${gearboxId()}/properties?key=spec-bridge.snapshot.m1`));

  expect(json.status).toBe(401);
});

test('only Confluence REST paths are forwarded', async () => {
  expect((await post('/__workbench/api/product-fetch', fetchProduct('/rest/api/3/issue/1'))).status).toBe(400);
  expect((await post('/__workbench/api/product-fetch', { ...fetchProduct('/wiki/api/v2/pages'), product: 'jira' })).status).toBe(400);
});
