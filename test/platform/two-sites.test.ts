/**
 * Two Confluence sites with Spec Bridge installed from one environment, in one process: each platform
 * has its own store (KVS, Confluence, queue, realtime) and counters, and every invocation is served by
 * the platform that made it, even when both sites' invocations interleave. They share process.env, as
 * every installation of one Forge environment shares its variables, and one engineering system.
 */
import { createPublicKey, verify } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngineeringSystem, startEngineeringServer } from '../../local/engineering';
import { FORGE_BUILD_DIR } from '../../local/forge-build/build-report';
import { loadForgeBackend } from '../../local/forge-build/load-forge-backend';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../../local/keys/snapshot-signing-dev-key';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { startLocalServer, type LocalServer } from '../../local/platform/http-server';
import { ConfluencePointsPool } from '../../local/platform/confluence/points-pool';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, LOCAL_CLOUD_ID, LOCAL_INSTALLATION_ID, type LocalPlatform } from '../../local/platform/platform';
import { systemClock } from '../../local/platform/clock';
import { openStore } from '../../local/platform/store';
import { snapshotPropertyKey } from '../../src/shared/snapshot-shape';
import { SNAPSHOT_PUBLIC_KEYS, snapshotSigningPayload } from '../../src/shared/snapshot-keys';
import type { ResolverResult } from '../../src/shared/resolver-contract';
import { signedNotice } from '../support/notices';
import { TEST_ENG_TOKEN, TEST_WEBHOOK_SECRET } from '../support/start-app';

const APP_DIR = resolve(__dirname, '..', '..');
const SITE_B = { cloudId: 'b0000000-0000-4000-8000-00000000b51e', installationId: 'b0000000-0000-4000-8000-0000000000b1' };
const MACROS = Array.from({ length: 4 }, (_, i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`);

interface Site {
  platform: LocalPlatform;
  pageId: string;
  view(localId: string, specIds: string): Promise<ResolverResult<unknown>>;
}

let engineeringClose: () => Promise<void>;
let env: Record<string, string>;
let a: Site;
let b: Site;
let server: LocalServer;

/** A site with the demo viewer, one space and a page holding MACROS; pages get the same ids on every site. */
function seedSite(platform: LocalPlatform): Site {
  platform.confluence.admin.createUser({ accountId: 'local-admin', displayName: 'Local Admin', isAdmin: true });
  const space = platform.confluence.admin.createSpace({ key: 'TST', name: 'Test space' });
  const page = platform.confluence.admin.createPage({
    spaceId: space.id,
    title: 'Two sites page',
    body: adfDocument(...MACROS.map((localId, i) => forgeMacroNode({ localId, nodeLocalId: `node-${i}`, config: {} }))),
  });
  return {
    platform,
    pageId: page.id,
    view: async (localId, specIds) =>
      (await platform.invokeResolver({
        functionKey: 'getSpecs',
        payload: {},
        context: { pageId: page.id, localId, config: { specIds, layout: 'card' } },
        accountId: 'local-admin',
      })) as ResolverResult<unknown>,
  };
}

function specKeys(platform: LocalPlatform): string[] {
  return (platform.db.prepare("SELECT key FROM kvs_entries WHERE key LIKE 'spec:%' ORDER BY key").all() as { key: string }[]).map((row) => row.key);
}

function snapshotOf(site: Site, localId: string): Record<string, unknown> | undefined {
  return site.platform.confluence.admin.getPropertyByKey(site.pageId, snapshotPropertyKey(localId))?.value as Record<string, unknown> | undefined;
}

/** Whether a stored snapshot's signature verifies over `cloudId` (the site the app signed it for). */
function signedFor(snapshot: Record<string, unknown>, cloudId: string): boolean {
  const { signature, ...content } = snapshot as { signature: { keyId: string; sig: string } };
  const key = createPublicKey({ key: Buffer.from(SNAPSHOT_PUBLIC_KEYS[signature.keyId]?.spki ?? '', 'base64'), format: 'der', type: 'spki' });
  return verify(null, Buffer.from(snapshotSigningPayload({ keyId: signature.keyId, cloudId, snapshot: content }), 'utf8'), key, Buffer.from(signature.sig, 'base64'));
}

beforeAll(async () => {
  const engineering = createEngineeringSystem({ db: openStore(':memory:'), token: TEST_ENG_TOKEN });
  const engineeringServer = await startEngineeringServer({ system: engineering });
  engineeringClose = () => engineeringServer.close();
  env = {
    ENG_API_BASE_URL: engineeringServer.baseUrl,
    ENG_API_TOKEN: TEST_ENG_TOKEN,
    ENG_API_ORIGIN: engineeringServer.url,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY,
    // The deployment's variables configure both sites (an in-house deployment naming the sites it serves).
    ENV_CONFIG_SITE_IDS: `${LOCAL_CLOUD_ID},${SITE_B.cloudId}`,
  };
  a = seedSite(createLocalPlatform({ env, queue: { timeScale: 0.001 } }));
  b = seedSite(createLocalPlatform({ env, queue: { timeScale: 0.001 }, site: SITE_B }));
  // One loaded bundle for both, as one warm Forge runtime may serve several installations.
  const bundle = loadForgeBackend(join(APP_DIR, FORGE_BUILD_DIR));
  a.platform.loadApp(bundle);
  b.platform.loadApp(bundle);
  server = await startLocalServer({ platform: a.platform, sites: [b.platform] });
});

afterAll(async () => {
  await server.close();
  for (const site of [a, b]) {
    await site.platform.queue.drain(10_000).catch(() => undefined);
    site.platform.close();
  }
  await engineeringClose();
});

describe('Spec Bridge on two sites', () => {
  test('interleaved views on both sites cache, queue and write snapshots on their own site only, signed for it', async () => {
    const results = await Promise.all(MACROS.flatMap((localId) => [a.view(localId, 'SHAFT-1042'), b.view(localId, 'SHAFT-1050')]));
    await Promise.all([a.platform.queue.drain(10_000), b.platform.queue.drain(10_000)]);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(specKeys(a.platform)).toEqual(['spec:SHAFT-1042']);
    expect(specKeys(b.platform)).toEqual(['spec:SHAFT-1050']);
    for (const localId of MACROS) {
      const [snapshotA, snapshotB] = [snapshotOf(a, localId), snapshotOf(b, localId)];
      expect(JSON.stringify(snapshotA)).toContain('SHAFT-1042');
      expect(JSON.stringify(snapshotA)).not.toContain('SHAFT-1050');
      expect(JSON.stringify(snapshotB)).toContain('SHAFT-1050');
      expect(JSON.stringify(snapshotB)).not.toContain('SHAFT-1042');
      expect(signedFor(snapshotA ?? {}, LOCAL_CLOUD_ID)).toBe(true);
      expect(signedFor(snapshotB ?? {}, SITE_B.cloudId)).toBe(true);
      expect(signedFor(snapshotB ?? {}, LOCAL_CLOUD_ID)).toBe(false);
    }
  });

  test("each site's counters and costs count only its own invocations and requests", () => {
    for (const site of [a, b]) {
      const { counters, costs } = site.platform;
      expect(counters.get('invocations.resolver')).toBe(MACROS.length);
      expect(costs.invocations().filter((cost) => cost.functionKey === 'resolver')).toHaveLength(MACROS.length);
      expect(costs.totals().invocations).toBe(counters.total('invocations.'));
      expect(counters.get('queue.pushes')).toBeGreaterThan(0);
      expect(counters.get('queue.delivered')).toBe(counters.get('invocations.refresh-consumer'));
      expect(costs.totals().confluenceRequests).toBe(counters.total('confluence.'));
    }
  });

  test("each site has its own web trigger URL, and a notice posted to it is handled, deduplicated and queued on that site", async () => {
    const urlA = a.platform.webTriggerUrl('spec-change-notice');
    const urlB = b.platform.webTriggerUrl('spec-change-notice');
    const notice = signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1050'], id: 'msg_two_sites_1' });
    const post = (url: string) => fetch(url, { method: 'POST', headers: Object.entries(notice.headers).map(([name, values]): [string, string] => [name, values.join(', ')]), body: notice.body });
    const noticesA = a.platform.counters.get('invocations.change-notice');
    const pushesA = a.platform.counters.get('queue.pushes');

    const toB = await post(urlB);
    const replayToB = await post(urlB);

    expect(urlA).toBe(`${server.origin}/x/spec-change-notice`);
    expect(urlB).toBe(`${server.origin}/x/${SITE_B.installationId}/spec-change-notice`);
    expect(toB.status).toBe(202);
    expect(replayToB.status).toBe(200);
    expect(b.platform.counters.get('invocations.change-notice')).toBe(2);
    expect(a.platform.counters.get('invocations.change-notice')).toBe(noticesA);
    expect(a.platform.counters.get('queue.pushes')).toBe(pushesA);
    // Site A's KVS never saw the webhook-id: the same notice is new there.
    expect((await post(urlA)).status).toBe(202);
  });

  test('a web trigger path naming an installation the server does not serve answers 404', async () => {
    const response = await fetch(`${server.origin}/x/00000000-0000-4000-8000-0000000000ff/spec-change-notice`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
  });
});

describe('the runtime each invocation sees', () => {
  type Seen = { installationId: string; contextAri: string; cloudId: unknown; installContext: unknown; stored: unknown; url: string };
  let c: LocalPlatform;
  let d: LocalPlatform;
  let sharedPool: ConfluencePointsPool;

  beforeAll(async () => {
    sharedPool = new ConfluencePointsPool(systemClock);
    c = createLocalPlatform({ env, queue: { autoStart: false }, confluence: { pointsPool: sharedPool } });
    d = createLocalPlatform({ env, queue: { autoStart: false }, confluence: { pointsPool: sharedPool }, site: { cloudId: 'd0000000-0000-4000-8000-00000000d51e' } });
    const { default: api, getAppContext, route, webTrigger } = await import('@forge/api');
    const { kvs } = await import('@forge/kvs');
    const pause = () => new Promise((done) => setTimeout(done, Math.random() * 10));
    const standIn = appFromExports(
      {
        async resolver(request: { call: { payload: { mark: string } }; context: { cloudId: unknown } }, meta: { installContext: unknown }) {
          await kvs.set('mark', request.call.payload.mark);
          await pause();
          console.log(`site log ${request.call.payload.mark}`);
          const url = await webTrigger.getUrl('spec-change-notice');
          await pause();
          const runtime = (globalThis as unknown as { __forge_runtime__: { contextAri: string } }).__forge_runtime__;
          return {
            installationId: getAppContext().installationAri.installationId,
            contextAri: runtime.contextAri,
            cloudId: request.context.cloudId,
            installContext: meta.installContext,
            stored: await kvs.get('mark'),
            url,
          };
        },
        async adfExport() {
          return (await api.asApp().requestConfluence(route`/wiki/rest/api/user/current`)).status;
        },
      },
      { kind: 'stand-in', name: 'two-sites runtime probe' },
    );
    c.loadApp(standIn);
    d.loadApp(standIn);
  });

  afterAll(() => {
    c.close();
    d.close();
  });

  test("interleaved invocations of two sites each see their own installation, site, KVS, web trigger URL and function log", async () => {
    const invoke = (platform: LocalPlatform, mark: string) =>
      platform.invokeResolver({ functionKey: 'getSpecs', payload: { mark }, context: { localId: 'probe', pageId: '1' } }) as Promise<Seen>;

    const seen = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? invoke(c, `c${i}`) : invoke(d, `d${i}`))));

    expect(d.site.installationId).not.toBe(LOCAL_INSTALLATION_ID);
    for (const [i, result] of seen.entries()) {
      const platform = i % 2 === 0 ? c : d;
      expect(result).toEqual({
        installationId: platform.site.installationId,
        contextAri: `ari:cloud:confluence::site/${platform.site.cloudId}`,
        cloudId: platform.site.cloudId,
        installContext: `ari:cloud:confluence::site/${platform.site.cloudId}`,
        stored: expect.stringMatching(i % 2 === 0 ? /^c/ : /^d/),
        url: platform.webTriggerUrl('spec-change-notice'),
      });
    }
    const logLines = (platform: LocalPlatform) => platform.activity.recent().filter((entry) => entry.source === 'app-log').map((entry) => entry.message);
    expect(logLines(c).sort()).toEqual(['site log c0', 'site log c2', 'site log c4']);
    expect(logLines(d).sort()).toEqual(['site log d1', 'site log d3', 'site log d5']);
    expect(c.costs.totals().logBytes).toBe(3 * Buffer.byteLength('site log c0\n'));
  });

  test('sites given one points pool spend the app-wide Tier 1 quota together, each metering its own requests', async () => {
    const before = sharedPool.state().spent;

    const statuses = await Promise.all([c.invokeFunction('adf-export', []), d.invokeFunction('adf-export', []), d.invokeFunction('adf-export', [])]);

    expect(statuses).toEqual([200, 200, 200]);
    expect(sharedPool.state().spent - before).toBe(9);
    expect(c.costs.totals().confluencePoints).toBe(3);
    expect(d.costs.totals().confluencePoints).toBe(6);
  });
});
