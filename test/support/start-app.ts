/**
 * Starts Spec Bridge on the local Forge platform for an integration test: the sample engineering
 * system on a real loopback port, the platform (fresh in-memory store), the demo Confluence site,
 * and the app's handlers from the Forge-built bundle. Create it before anything imports @forge/*
 * (the platform installs the runtime globals first).
 */
import { join, resolve } from 'node:path';
import { createEngineeringSystem, startEngineeringServer, type EngineeringSystem } from '../../local/engineering';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { FORGE_BUILD_DIR } from '../../local/forge-build/build-report';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../../local/keys/snapshot-signing-dev-key';
import { loadForgeBackend } from '../../local/forge-build/load-forge-backend';
import { Counters } from '../../local/platform/counters';
import { FaultPlan } from '../../local/platform/faults';
import { createLocalPlatform, LOCAL_CLOUD_ID, type LocalPlatformOptions, type MacroInvocationContext } from '../../local/platform/platform';
import { openStore } from '../../local/platform/store';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';

const APP_DIR = resolve(__dirname, '..', '..');

export const TEST_ENG_TOKEN = 'test-engineering-token';
export const TEST_WEBHOOK_SECRET = 'whsec_' + Buffer.from('spec-bridge-test-secret-0123456789').toString('base64');

export interface StartAppOptions {
  env?: Record<string, string>;
  queue?: LocalPlatformOptions['queue'];
  /** Product events (trigger modules): `concurrency` bounds trigger invocations at once (the queue's timeScale applies). */
  events?: LocalPlatformOptions['events'];
  seed?: number;
  /** Overrides of Forge's limits (e.g. a short resolver timeout so engineering timeouts stay fast). */
  limits?: LocalPlatformOptions['limits'];
  /** The platform's clock (KVS expiry, the Confluence points pool's hourly reset); the app itself keeps real time. */
  clock?: LocalPlatformOptions['clock'];
  /** The Confluence REST points pool (`pointsPerHour`). */
  confluence?: LocalPlatformOptions['confluence'];
  /** Puts a seam in front of the engineering system's HTTP handler (e.g. hold a response back after it was read). */
  wrapEngineering?: (system: EngineeringSystem) => Pick<EngineeringSystem, 'handle' | 'basePath'>;
  /** The bearer token the engineering system expects and the app is given as ENG_API_TOKEN (default TEST_ENG_TOKEN). */
  engineeringToken?: string;
  /** Which site this installation is (default: the local site, which ENV_CONFIG_SITE_IDS names). */
  site?: LocalPlatformOptions['site'];
}

export async function startApp(options: StartAppOptions = {}) {
  const engineeringFaults = new FaultPlan(options.seed ?? 7);
  const engineeringCounters = new Counters();
  const engineeringDb = openStore(':memory:');
  const token = options.engineeringToken ?? TEST_ENG_TOKEN;
  const engineering = createEngineeringSystem({ db: engineeringDb, token, faults: engineeringFaults, counters: engineeringCounters });
  const server = await startEngineeringServer({ system: options.wrapEngineering?.(engineering) ?? engineering });
  const platform = createLocalPlatform({
    env: {
      ENG_API_BASE_URL: server.baseUrl,
      ENG_API_TOKEN: token,
      ENG_API_ORIGIN: server.url,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      // The deployment's variables configure only the sites they name (an admin connects any other on the admin page).
      ENV_CONFIG_SITE_IDS: LOCAL_CLOUD_ID,
      // The development key (`local-dev-1`); a test passes SNAPSHOT_SIGNING_KEY: '' to run without one.
      SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY,
      ...options.env,
    },
    seed: options.seed,
    ...(options.site ? { site: options.site } : {}),
    queue: { timeScale: 0.001, ...options.queue },
    ...(options.events ? { events: options.events } : {}),
    limits: options.limits,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.confluence ? { confluence: options.confluence } : {}),
  });
  // What deploys: the backend Atlassian's bundler built (test/setup/forge-build.ts keeps it current).
  platform.loadApp(loadForgeBackend(join(APP_DIR, FORGE_BUILD_DIR)));

  // The viewer every invoke acts as: a site user, as a real viewer is (asUser calls are answered for known accounts only).
  platform.confluence.admin.createUser({ accountId: 'local-admin', displayName: 'Local Admin', isAdmin: true });
  platform.confluence.admin.createUser({ accountId: 'alice', displayName: 'Alice Viewer', isAdmin: false });
  const space = platform.confluence.admin.createSpace({ key: 'TST', name: 'Test space' });
  const macroIds = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`);
  const page = platform.confluence.admin.createPage({
    spaceId: space.id,
    title: 'Integration test page',
    body: adfDocument(...macroIds.map((localId, i) => forgeMacroNode({ localId, nodeLocalId: `node-${i}`, config: {} }))),
  });

  return {
    platform,
    engineering,
    /** The sample engineering system's SQLite store (tables `eng_*`), for corrupting a record on purpose. */
    engineeringDb,
    engineeringCounters,
    engineeringFaults,
    server,
    pageId: page.id,
    /** localIds of the macros placed on the test page (index 0–11). */
    macroIds,
    /** Calls a resolver function as a page view of one macro would. */
    async invoke<T = MacroViewModel>(functionKey: string, context: Partial<MacroInvocationContext> & { localId: string }, payload: unknown = {}) {
      return (await platform.invokeResolver({
        functionKey,
        payload,
        context: { pageId: page.id, ...context },
        accountId: 'local-admin',
      })) as ResolverResult<T>;
    },
    /** Calls the admin page's resolver as `accountId` (default the site admin; `null`: an anonymous caller). */
    async invokeAdmin<T = unknown>(functionKey: string, payload: unknown = {}, accountId: string | null = 'local-admin') {
      return (await platform.invokeAdminResolver({ functionKey, payload, ...(accountId === null ? {} : { accountId }) })) as ResolverResult<T>;
    },
    async close() {
      await platform.queue.drain(10_000).catch(() => undefined);
      platform.close();
      await server.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startApp>>;

/** Unwraps an ok resolver result or fails the test with the error. */
export function expectOk<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`Resolver answered ${result.code}: ${result.message}`);
  return result.value;
}
