import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLocalServer, type LocalServer } from '../../local/platform/http-server';
import { PayloadTooLargeError } from '../../local/platform/limits';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, LOCAL_CLOUD_ID, type LocalPlatform } from '../../local/platform/platform';

/**
 * A site-admin page (`confluence:globalSettings`) on the local platform, with a tiny app written here
 * whose resolver makes the documented admin check through the real, unmodified @forge/api: the v1
 * user API with `expand=operations`, as the viewer (`asUser`) and as the app (`asApp`).
 */
const manifest = `
modules:
  confluence:globalSettings:
    - key: connect-engineering
      title: Spec Bridge
      resource: admin-ui
      render: native
      resolver: { function: admin }
      useAsConfig: true
    - key: i18n-settings
      title: { i18n: settings.title }
      resource: admin-ui
      render: native
  function:
    - { key: admin, handler: index.admin }
resources:
  - { key: admin-ui, path: src/frontend/admin }
app:
  id: ari:cloud:ecosystem::app/22222222-2222-4222-8222-222222222222
  runtime: { name: nodejs24.x }
permissions:
  scopes: [read:confluence-user]
`;

type Answer = { status: number; body: Record<string, unknown> };

let platform: LocalPlatform;
let server: LocalServer;

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-admin-page-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, queue: { autoStart: false } });
  const api = await import('@forge/api');
  const { default: forge, route, getAppContext } = api;
  const answer = async (response: { status: number; json(): Promise<unknown> }): Promise<Answer> => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });
  platform.loadApp(
    appFromExports(
      {
        async admin(request: { call: { functionKey: string; payload: Record<string, unknown> }; context: unknown }, meta: unknown) {
          const { functionKey, payload } = request.call;
          if (functionKey === 'whoAmI') return answer(await forge.asUser().requestConfluence(route`/wiki/rest/api/user/current?expand=operations`));
          if (functionKey === 'lookUp') {
            const accountId = String(payload.accountId);
            return answer(
              await forge.asApp().requestConfluence(payload.expand === false ? route`/wiki/rest/api/user?accountId=${accountId}` : route`/wiki/rest/api/user?accountId=${accountId}&expand=operations`),
            );
          }
          if (functionKey === 'context') return { context: request.context, meta, installationId: getAppContext().installationAri.installationId };
          if (functionKey === 'big') return 'x'.repeat(Number(payload.bytes));
          return payload;
        },
      },
      { kind: 'stand-in', name: 'admin page test handlers' },
    ),
  );
  platform.confluence.admin.createUser({ accountId: 'site-admin', displayName: 'Ada Admin', isAdmin: true });
  platform.confluence.admin.createUser({ accountId: 'viewer', displayName: 'Vic Viewer', isAdmin: false });
  server = await startLocalServer({ platform });
});

afterAll(async () => {
  await server.close();
  platform.close();
});

const ADMINISTER = { operation: 'administer', targetType: 'application' };
const USE = { operation: 'use', targetType: 'application' };

test('manifest.yml globalSettings modules are read with their resolver, useAsConfig and a plain-string title', () => {
  expect(platform.manifest.globalSettings).toEqual([
    { key: 'connect-engineering', title: 'Spec Bridge', resource: 'admin-ui', resolverFunction: 'admin', useAsConfig: true },
    { key: 'i18n-settings', resource: 'admin-ui', useAsConfig: false },
  ]);
});

test('the admin page resolver gets the globalSettings context Forge gives, with the installation and the viewer', async () => {
  const result = (await platform.invokeAdminResolver({ functionKey: 'context', accountId: 'site-admin' })) as {
    context: Record<string, unknown>;
    meta: Record<string, unknown>;
    installationId: string;
  };

  expect(result.context).toMatchObject({
    accountId: 'site-admin',
    cloudId: LOCAL_CLOUD_ID,
    siteUrl: server.origin,
    environmentType: 'DEVELOPMENT',
    moduleKey: 'connect-engineering',
    extension: { type: 'confluence:globalSettings' },
  });
  expect(result.context.localId).toContain('/static/connect-engineering');
  expect(result.meta).toEqual({ installContext: `ari:cloud:confluence::site/${LOCAL_CLOUD_ID}`, principal: { accountId: 'site-admin' } });
  expect(result.installationId).toBe(platform.site.installationId);
  expect(platform.costs.invocations().at(-1)).toMatchObject({ functionKey: 'admin', moduleType: 'confluence:globalSettings', moduleKey: 'connect-engineering' });
});

test('as the viewer, user/current?expand=operations lists administer on application for a Confluence admin only', async () => {
  const admin = (await platform.invokeAdminResolver({ functionKey: 'whoAmI', accountId: 'site-admin' })) as Answer;
  const viewer = (await platform.invokeAdminResolver({ functionKey: 'whoAmI', accountId: 'viewer' })) as Answer;

  expect(admin).toMatchObject({ status: 200, body: { type: 'known', accountId: 'site-admin', accountType: 'atlassian', displayName: 'Ada Admin' } });
  expect(admin.body.operations).toEqual(expect.arrayContaining([USE, ADMINISTER]));
  expect(viewer).toMatchObject({ status: 200, body: { accountId: 'viewer', displayName: 'Vic Viewer' } });
  expect(viewer.body.operations).toEqual([USE]);
});

test('as the app, user?accountId= answers any site user with operations, and 404 for an unknown account', async () => {
  const admin = (await platform.invokeAdminResolver({ functionKey: 'lookUp', payload: { accountId: 'site-admin' } })) as Answer;
  const viewer = (await platform.invokeAdminResolver({ functionKey: 'lookUp', payload: { accountId: 'viewer' } })) as Answer;
  const unknown = (await platform.invokeAdminResolver({ functionKey: 'lookUp', payload: { accountId: 'nobody' } })) as Answer;

  expect(admin.body.operations).toContainEqual(ADMINISTER);
  expect(viewer.body.operations).not.toContainEqual(ADMINISTER);
  expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404 } });
});

test('without expand=operations the user has no operations field', async () => {
  const plain = (await platform.invokeAdminResolver({ functionKey: 'lookUp', payload: { accountId: 'site-admin', expand: false } })) as Answer;

  expect(plain.status).toBe(200);
  expect(plain.body).not.toHaveProperty('operations');
  expect(plain.body).toMatchObject({ accountId: 'site-admin', _expandable: { operations: '' } });
});

test('as a user the site does not know, user/current answers 401', async () => {
  const ghost = (await platform.invokeAdminResolver({ functionKey: 'whoAmI', accountId: 'ghost' })) as Answer;

  expect(ghost.status).toBe(401);
});

test('a user read spends 3 REST points (base 1 + 2 for the identity object) and counts as one Confluence request', async () => {
  const spentBefore = platform.confluencePoints.state().spent;
  const getsBefore = platform.counters.get('confluence.GET');

  await platform.invokeAdminResolver({ functionKey: 'whoAmI', accountId: 'site-admin' });

  expect(platform.costs.invocations().at(-1)).toMatchObject({ confluenceRequests: 1, confluencePoints: 3 });
  expect(platform.confluencePoints.state().spent - spentBefore).toBe(3);
  expect(platform.counters.get('confluence.GET') - getsBefore).toBe(1);
});

test('the UI side reaches the v1 user API over the local server without spending points', async () => {
  const spentBefore = platform.confluencePoints.state().spent;

  const response = await fetch(`${server.origin}/wiki/rest/api/user/current?expand=operations`, { headers: { 'X-Local-User': 'site-admin' } });

  expect(response.status).toBe(200);
  expect(((await response.json()) as { operations: unknown[] }).operations).toContainEqual(ADMINISTER);
  expect(platform.confluencePoints.state().spent).toBe(spentBefore);
});

test('admin page invokes keep Forge payload and response limits', async () => {
  await expect(platform.invokeAdminResolver({ functionKey: 'echo', payload: { blob: 'x'.repeat(501 * 1024) } })).rejects.toBeInstanceOf(PayloadTooLargeError);
  await expect(platform.invokeAdminResolver({ functionKey: 'big', payload: { bytes: 5_000_001 } })).rejects.toBeInstanceOf(PayloadTooLargeError);
});

test('an admin invoke names a module that exists and has a resolver', async () => {
  await expect(platform.invokeAdminResolver({ functionKey: 'echo', moduleKey: 'missing' })).rejects.toThrow(/no confluence:globalSettings module 'missing'/);
  await expect(platform.invokeAdminResolver({ functionKey: 'echo', moduleKey: 'i18n-settings' })).rejects.toThrow(/has no resolver function/);
});
