import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { CustomerEgressError, MAX_EGRESS_GROUPS } from '../../local/platform/customer-egress';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

/**
 * Customer-managed egress (Forge EAP) on the local platform: a site admin approves a domain through the consent API,
 * and the app's backend `fetch` (the real, unmodified @forge/api) may then reach it, only when manifest.yml sets
 * `permissions.external.configurable.enabled: true`. The customer's host here is `localhost` over https (port 443):
 * nothing listens there, so an allowed fetch fails to connect, while a refused one throws Forge's egress error first.
 */
const manifest = (configurable: boolean) => `
modules:
  function:
    - { key: probe, handler: index.probe }
app:
  id: ari:cloud:ecosystem::app/33333333-3333-4333-8333-333333333333
  runtime: { name: nodejs24.x }
permissions:
  scopes: [storage:app]
  external:
    fetch:
      backend:
        - address: https://127.0.0.1
${configurable ? '    configurable:\n      enabled: true\n' : ''}`;

const CUSTOMER_URL = 'https://localhost/api/specs/SHAFT-1042';
const ADMIN = 'site-admin';
const VIEWER = 'viewer';

const engineeringGroup = (domain = 'localhost', type: ('FETCH_BACKEND_SIDE' | 'FETCH_CLIENT_SIDE')[] = ['FETCH_BACKEND_SIDE']) => ({
  egresses: [{ key: 'engineering-api', description: 'Your engineering system API', configured: [{ domain, type }] }],
});

const open: LocalPlatform[] = [];
afterEach(() => {
  while (open.length > 0) open.pop()!.close();
});

async function platformWith(options: { configurable: boolean; storePath?: string }): Promise<LocalPlatform> {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-customer-egress-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest(options.configurable));
  const platform = createLocalPlatform({ appDir, storePath: options.storePath, queue: { autoStart: false } });
  open.push(platform);
  const { fetch } = await import('@forge/api');
  platform.loadApp(
    appFromExports(
      {
        async probe(url: string) {
          try {
            await fetch(url);
            return 'reached';
          } catch (error) {
            const e = error as Error & { cause?: { code?: string } };
            return e.constructor.name === 'ExternalEndpointNotAllowedError' ? 'refused by egress' : `network: ${e.cause?.code ?? e.message}`;
          }
        },
      },
      { kind: 'stand-in', name: 'customer egress probe' },
    ),
  );
  if (!platform.confluence.admin.getUser(ADMIN)) {
    platform.confluence.admin.createUser({ accountId: ADMIN, displayName: 'Ada Admin', isAdmin: true });
    platform.confluence.admin.createUser({ accountId: VIEWER, displayName: 'Vic Viewer', isAdmin: false });
  }
  return platform;
}

const probe = (platform: LocalPlatform, url = CUSTOMER_URL) => platform.invokeFunction('probe', [url]) as Promise<string>;

/** What a `set` call has settled to within 50 ms: its rejection, its answer, or 'still waiting' (a consent is open). */
const settledSoon = (outcome: Promise<unknown>) =>
  Promise.race([outcome.then((value) => ({ value }), (error: unknown) => error), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50))]);

/** Calls `set` as `accountId` and answers the consent dialog it opens. */
async function askAndAnswer(platform: LocalPlatform, payload: ReturnType<typeof engineeringGroup>, answer: 'approve' | 'decline', accountId = ADMIN) {
  const outcome = platform.customerEgress.set(payload, accountId);
  const [consent] = platform.customerEgress.pending();
  if (!consent) return outcome;
  platform.customerEgress[answer](consent.id);
  return outcome;
}

test('a domain the site admin approves becomes reachable by backend fetch; before approval Forge refuses it', async () => {
  const platform = await platformWith({ configurable: true });
  expect(await probe(platform)).toBe('refused by egress');

  const opened: unknown[] = [];
  platform.customerEgress.onPending((consent) => opened.push(consent));
  const outcome = platform.customerEgress.set(engineeringGroup(), ADMIN);
  const pending = platform.customerEgress.pending();
  expect(pending).toEqual([expect.objectContaining({ accountId: ADMIN, egresses: engineeringGroup().egresses })]);
  expect(opened).toEqual(pending);
  expect(await probe(platform)).toBe('refused by egress');

  platform.customerEgress.approve(pending[0]!.id);
  await expect(outcome).resolves.toEqual({ results: engineeringGroup().egresses });
  expect(platform.customerEgress.pending()).toEqual([]);
  expect(await probe(platform)).toMatch(/^network: /);
  expect(await probe(platform, 'https://other.example.net/')).toBe('refused by egress');
  expect(await platform.customerEgress.get()).toEqual({ results: engineeringGroup().egresses });
});

test('a declined consent rejects and saves nothing', async () => {
  const platform = await platformWith({ configurable: true });
  const declined = await askAndAnswer(platform, engineeringGroup(), 'decline').catch((error: unknown) => error);
  expect(declined).toBeInstanceOf(CustomerEgressError);
  expect((declined as CustomerEgressError).code).toBe('DECLINED');
  expect(await platform.customerEgress.get()).toEqual({ results: [] });
  expect(await probe(platform)).toBe('refused by egress');
});

test('only a site admin can set egress: a non-admin or anonymous viewer is refused without a consent dialog', async () => {
  const platform = await platformWith({ configurable: true });
  for (const viewer of [VIEWER, undefined, 'no-such-user']) {
    expect(await settledSoon(platform.customerEgress.set(engineeringGroup(), viewer))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  }
  expect(platform.customerEgress.pending()).toEqual([]);
  await askAndAnswer(platform, engineeringGroup(), 'approve');
  await expect(platform.customerEgress.deleteGroup({ key: 'engineering-api' }, VIEWER)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  expect(await probe(platform)).toMatch(/^network: /);
});

test('a domain approved only for client-side fetch does not open backend fetch', async () => {
  const platform = await platformWith({ configurable: true });
  await askAndAnswer(platform, engineeringGroup('localhost', ['FETCH_CLIENT_SIDE']), 'approve');
  expect(await probe(platform)).toBe('refused by egress');
});

test('deleting the domain or the group closes the egress again', async () => {
  const platform = await platformWith({ configurable: true });
  await askAndAnswer(platform, engineeringGroup(), 'approve');
  await platform.customerEgress.deleteDomain({ key: 'engineering-api', domain: 'localhost', type: 'FETCH_BACKEND_SIDE' }, ADMIN);
  expect(await probe(platform)).toBe('refused by egress');

  await askAndAnswer(platform, engineeringGroup(), 'approve');
  expect(await probe(platform)).toMatch(/^network: /);
  await platform.customerEgress.deleteGroup({ key: 'engineering-api' }, ADMIN);
  expect(await probe(platform)).toBe('refused by egress');
  expect(await platform.customerEgress.get()).toEqual({ results: [] });
});

test(`an installation holds at most ${MAX_EGRESS_GROUPS} egress groups: one more is rejected with a 400, replacing one is not`, async () => {
  const platform = await platformWith({ configurable: true });
  const many = {
    egresses: Array.from({ length: MAX_EGRESS_GROUPS }, (_, i) => ({ key: `group-${i}`, description: `Group ${i}`, configured: [{ domain: `h${i}.example.com`, type: ['FETCH_BACKEND_SIDE' as const] }] })),
  };
  await expect(askAndAnswer(platform, many, 'approve')).resolves.toMatchObject({ results: expect.any(Array) });
  expect(await settledSoon(platform.customerEgress.set(engineeringGroup(), ADMIN))).toMatchObject({ code: 'LIMIT_EXCEEDED', status: 400 });
  expect(platform.customerEgress.pending()).toEqual([]);

  const replaced = { egresses: [{ ...many.egresses[0]!, configured: [{ domain: 'localhost', type: ['FETCH_BACKEND_SIDE' as const] }] }] };
  await askAndAnswer(platform, replaced, 'approve');
  expect((await platform.customerEgress.get({ keys: ['group-0'] })).results[0]?.configured).toEqual([{ domain: 'localhost', type: ['FETCH_BACKEND_SIDE'] }]);
  expect(await probe(platform)).toMatch(/^network: /);
  const firstPage = await platform.customerEgress.get({ pageSize: 4 });
  expect(firstPage.results.map((g) => g.key)).toEqual(['group-0', 'group-1', 'group-2', 'group-3']);
  expect((await platform.customerEgress.get({ pageSize: 4, nextPageToken: firstPage.lastEvaluatedKey })).results[0]?.key).toBe('group-4');
});

test('without permissions.external.configurable in the manifest every egress call fails and earlier approvals open nothing', async () => {
  const storePath = join(mkdtempSync(join(tmpdir(), 'spec-bridge-customer-egress-store-')), 'platform.sqlite');
  const enabled = await platformWith({ configurable: true, storePath });
  await askAndAnswer(enabled, engineeringGroup(), 'approve');
  expect(await probe(enabled)).toMatch(/^network: /);
  open.pop()!.close();

  const platform = await platformWith({ configurable: false, storePath });
  expect(platform.manifest.configurableEgress).toBe(false);
  expect(await probe(platform)).toBe('refused by egress');
  expect(await settledSoon(platform.customerEgress.set(engineeringGroup(), ADMIN))).toMatchObject({ code: 'NOT_ENABLED' });
  await expect(platform.customerEgress.get()).rejects.toMatchObject({ code: 'NOT_ENABLED' });
  expect(platform.customerEgress.pending()).toEqual([]);
  expect(await probe(platform, 'https://127.0.0.1/api')).toMatch(/^network: /);
});
