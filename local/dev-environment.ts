import { createServer } from 'node:net';
import { join } from 'node:path';
import { createEngineeringSystem } from './engineering';
import { localSecretInfo, seedLocalSecrets } from './dev-secrets';
import { receiverSecrets, seedDocumentationReceiver, type DevDocumentationReceiver } from './dev-documentation-receiver';
import { LOCAL_OUTBOUND_SECRET, LOCAL_QUERY_SECRET } from './keys/local-bridge-secrets';
import { LOCAL_WEBHOOK_SECRET } from './keys/local-webhook-secret';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from './keys/snapshot-signing-dev-key';
import { readConfig } from '../src/config';
import { changeNoticeInfo } from './notify/change-notice-info';
import { sendChangeNotice } from './notify/send-notice';
import { ensureForgeBuild } from './forge-build/ensure-build';
import { loadForgeBackend } from './forge-build/load-forge-backend';
import { bundleBackend, loadBundle, watchBackend } from './platform/app-bundle';
import { seedDemoSite } from './platform/confluence';
import { startLocalServer, type ExtraRoute } from './platform/http-server';
import { appFromExports } from './platform/loaded-app';
import { createLocalPlatform, LOCAL_CLOUD_ID } from './platform/platform';

/** Local development defaults; each can be overridden by the same variable a Forge deployment uses. */
export const LOCAL_ENG_TOKEN = 'local-dev-engineering-token';
/** Where the sample engineering system's records live (their `url`), as the manifest matcher and the app's pattern. */
export const LOCAL_RECORD_URL_MATCHER = 'https://plm.example.com/specs/*';
export const LOCAL_RECORD_URL_PATTERN = 'https://plm.example.com/specs/{id}';

export interface DevEnvironmentOptions {
  appDir: string;
  /** 0 picks a free port (tests); the returned `origin` has the real one. */
  port: number;
  storePath: string;
  /**
   * `false`: run the backend Atlassian's bundler built (`.forge-build`, rebuilt when its inputs
   * changed) — what deploys. `true` (`npm run dev -- --watch`): esbuild bundles src/ and reloads on
   * every change, for a fast editing loop.
   */
  watch: boolean;
  /**
   * Default `true`: the deployment's variables (ENG_API_*, WEBHOOK_SECRET) configure the local site, which
   * ENV_CONFIG_SITE_IDS names. `false`: they name no site, so the local site is "not connected" until its admin
   * connects it on the admin page (`npm run dev -- --site-not-configured`; the admin-page browser test).
   */
  environmentConfiguresSite?: boolean;
  /** Extra HTTP routes (the workbench) built once the platform exists. */
  routes?: (context: {
    platform: ReturnType<typeof createLocalPlatform>;
    engineering: ReturnType<typeof createEngineeringSystem>;
    /** Seeds an emptied KVS again (the workbench's Reset demo data). */
    afterReset: () => Promise<unknown>;
  }) => ExtraRoute[];
}

/**
 * Starts the local platform with the app, the sample engineering system and the HTTP server.
 * Edits in the engineering system send real Standard-Webhooks-signed notices to the app's web trigger.
 */
export async function startDevEnvironment(options: DevEnvironmentOptions) {
  // The engineering base URL and the egress allowlist are fixed before the server listens, so port 0 is resolved first.
  const port = options.port === 0 ? await freePort() : options.port;
  const origin = `http://127.0.0.1:${port}`;
  const engineeringToken = process.env.ENG_API_TOKEN ?? LOCAL_ENG_TOKEN;
  const webhookSecret = process.env.WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET;
  const engineeringBaseUrl = process.env.ENG_API_BASE_URL ?? `${origin}/eng/api/v1`;
  const environmentConfiguresSite = options.environmentConfiguresSite ?? true;
  const platform = createLocalPlatform({
    appDir: options.appDir,
    storePath: options.storePath,
    origin,
    env: {
      ENG_API_BASE_URL: engineeringBaseUrl,
      ENG_API_TOKEN: engineeringToken,
      ENG_API_ORIGIN: process.env.ENG_API_ORIGIN ?? new URL(engineeringBaseUrl).origin,
      // Pasted record links: the sample system's records link to https://plm.example.com/specs/<id> (seed-specs.json).
      ENG_RECORD_URL_MATCHER: process.env.ENG_RECORD_URL_MATCHER ?? LOCAL_RECORD_URL_MATCHER,
      ENG_RECORD_URL_PATTERN: process.env.ENG_RECORD_URL_PATTERN ?? LOCAL_RECORD_URL_PATTERN,
      WEBHOOK_SECRET: webhookSecret,
      // The where-used query secret (`npm run where-used` signs with the committed one for loopback URLs).
      QUERY_SECRET: process.env.QUERY_SECRET ?? LOCAL_QUERY_SECRET,
      // The deployment's variables configure the local site only (unless told not to); another site is connected on its admin page.
      ENV_CONFIG_SITE_IDS: environmentConfiguresSite ? (process.env.ENV_CONFIG_SITE_IDS ?? LOCAL_CLOUD_ID) : '',
      ...(process.env.WEBHOOK_SECRET_PREVIOUS ? { WEBHOOK_SECRET_PREVIOUS: process.env.WEBHOOK_SECRET_PREVIOUS } : {}),
      // Snapshots are signed locally too, with the committed development key (src/shared/snapshot-keys.ts `local-dev-1`).
      SNAPSHOT_SIGNING_KEY: process.env.SNAPSHOT_SIGNING_KEY ?? LOCAL_SNAPSHOT_SIGNING_KEY,
    },
  });
  // The platform's fault plan, so the workbench's Slow / Erroring / Outage switch reaches the engineering API.
  // Documentation notices are verified with the secrets the site signs them with (set below, once they are seeded).
  const engineering = createEngineeringSystem({
    db: platform.db,
    token: engineeringToken,
    counters: platform.counters,
    faults: platform.faults,
    documentationSecrets: [LOCAL_OUTBOUND_SECRET],
  });
  if (platform.confluence.admin.listPages().length === 0) seedDemoSite(platform.confluence);

  const outDir = join(options.appDir, '.local', 'build', 'backend');
  const load = (file: string) => platform.loadApp(appFromExports(loadBundle(file), { kind: 'sources', how: 'esbuild watch of src/index.ts' }));
  if (options.watch) load(await bundleBackend({ appDir: options.appDir, outDir }));
  else platform.loadApp(loadForgeBackend(ensureForgeBuild(options.appDir).buildDir));
  const stopWatching = options.watch
    ? await watchBackend({
        appDir: options.appDir,
        outDir,
        onBuild: (file, errors) => {
          if (errors > 0) return platform.activity.add('function', `backend rebuild failed (${errors} errors); keeping the previous build`);
          load(file);
          platform.activity.add('function', 'backend rebuilt and reloaded');
        },
      })
    : async () => {};

  // The two-way bridge: the site's documentation notices go to the sample system's receiver, which verifies them with
  // the site's outbound secret (ENG_DOCUMENTATION_SECRETS overrides). A site the variables do not configure gets none.
  async function seedSite(): Promise<DevDocumentationReceiver> {
    await seedLocalSecrets();
    engineering.admin.setDocumentationSecrets(await receiverSecrets(process.env.ENG_DOCUMENTATION_SECRETS));
    return environmentConfiguresSite
      ? seedDocumentationReceiver({ engineeringBaseUrl, allowedOrigins: readConfig().engineering.allowedOrigins, siteUrl: origin })
      : { configured: false, reason: 'the site is not configured (--site-not-configured): save a receiver on the admin page' };
  }
  const documentationReceiver = await seedSite();
  const webtriggerKey = platform.manifest.webtriggers[0]?.key ?? 'spec-change-notice';
  const changeNotices = changeNoticeInfo(platform.webTriggerUrl(webtriggerKey), webhookSecret);
  const server = await startLocalServer({
    platform,
    port,
    engineeringApi: { baseUrl: engineeringBaseUrl, token: engineeringToken },
    changeNotices,
    localSecrets: () => localSecretInfo(webhookSecret),
    routes: [
      { prefix: engineering.basePath, handle: (request) => engineering.handle(request) },
      ...(options.routes?.({ platform, engineering, afterReset: seedSite }) ?? []),
    ],
  });

  const stopNotices = engineering.admin.onChange(async (change) => {
    const result = await sendChangeNotice({ url: platform.webTriggerUrl(webtriggerKey), secret: webhookSecret, type: change.type, specIds: change.specIds });
    platform.activity.add('engineering', `notice ${change.type} ${change.specIds.join(', ')} → ${result.status}`, { answer: result.body });
  });

  const stopDocumentation = engineering.admin.onDocumentation((change) =>
    platform.activity.add('engineering', `documentation of page ${change.pageId} applied (sequence ${change.sequence}): ${change.specIds.join(', ') || 'no specs'}`),
  );

  return {
    origin: server.origin,
    platform,
    engineering,
    engineeringBaseUrl,
    engineeringToken,
    environmentConfiguresSite,
    documentationReceiver,
    storePath: options.storePath,
    changeNotices,
    webtriggers: Object.fromEntries(platform.manifest.webtriggers.map((w) => [w.key, platform.webTriggerUrl(w.key)])),
    async close() {
      stopNotices();
      stopDocumentation();
      await stopWatching();
      await server.close();
      platform.close();
    },
  };
}

/** A port nobody listens on right now, on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port'))));
    });
  });
}
