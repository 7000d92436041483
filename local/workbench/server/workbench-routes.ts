/**
 * The workbench over the local server: the page at `/`, its assets and macro frames, the JSON API
 * (site-routes, engineering-routes, reset) and the event streams (activity log, realtime, builds).
 */
import { join } from 'node:path';
import type { EngineeringSystem } from '../../engineering';
import type { ForgeBuildReport } from '../../forge-build/build-report';
import { LOCAL_ADMIN_ACCOUNT_ID } from '../../platform/confluence';
import type { ExtraRoute } from '../../platform/http-server';
import { uiResources } from '../../platform/manifest';
import type { LocalPlatform } from '../../platform/platform';
import { appBundleFile, type BundleReport } from '../build/build-workbench';
import { egressConsentRoutes } from './egress-consent-routes';
import { createEngineeringModeSwitch, engineeringModeRoutes } from './engineering-mode';
import { engineeringRoutes } from './engineering-routes';
import { eventStream } from './event-stream';
import { createMacroService } from './macro-service';
import { productFetchRoutes } from './product-fetch-routes';
import { resetDemoData } from './reset-demo-data';
import { dispatch, json, type Route } from './router';
import { siteRoutes } from './site-routes';
import { appPageRoutes, settingsRoutes } from './settings-routes';
import { serveFile } from './static-files';

/** What the routes serve from and report about. */
export interface WorkbenchRoutesOptions {
  platform: LocalPlatform;
  engineering: EngineeringSystem;
  staticDir: string;
  buildDir: string;
  /** Where macro frames get the app's UI Kit bundle: Atlassian's bundler's output, or esbuild's from src/ (`--watch`). */
  appUi: { kind: 'forge-build'; buildDir: string; report: ForgeBuildReport } | { kind: 'sources' };
  /** Resolves once the bundles exist; assets wait for it. */
  ready: Promise<unknown>;
  /** Latest build report per bundle, and a subscription to rebuilds (watch mode). */
  builds: { reports(): BundleReport[]; subscribe(listener: (report: BundleReport) => void): () => void };
  /** What the dev environment seeds into an emptied KVS (local secrets, the documentation-notice receiver). */
  afterReset?: () => Promise<unknown>;
}

/** The scripts of a resource's UI Kit bundle, in the order its index.html loads them. */
function appScripts(appUi: WorkbenchRoutesOptions['appUi'], resourceKey: string): string[] {
  if (appUi.kind === 'sources') return [`/__workbench/assets/${appBundleFile(resourceKey)}`];
  const resource = appUi.report.resources.find((r) => r.key === resourceKey);
  return (resource?.scripts ?? []).map((script) => `/__workbench/resources/${resourceKey}/${script}`);
}

/**
 * The iframe document of a macro or admin page: the bridge first (it installs `__bridge`), then the app's bundle; nothing
 * else may load (webpack's chunks come from the resource's own folder).
 */
function frameDocument(request: Request, scripts: string[]): Response {
  const origin = `http://${request.headers.get('host') ?? new URL(request.url).host}`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Spec Bridge macro frame</title></head><body>
<script src="/__workbench/assets/frame-bridge.js"></script>
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
</body></html>`;
  const csp = `default-src 'none'; script-src ${origin}/__workbench/assets/ ${origin}/__workbench/resources/; style-src 'unsafe-inline'`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-store' } });
}

/** The ExtraRoutes to pass to startDevEnvironment; the catch-all `/` route must stay last. */
export function createWorkbenchRoutes(options: WorkbenchRoutesOptions): ExtraRoute[] {
  const { platform, engineering } = options;
  let currentUser: string = LOCAL_ADMIN_ACCOUNT_ID;
  const user = { get: () => currentUser, set: (accountId: string) => void (currentUser = accountId) };
  const macros = createMacroService(platform);
  const engineeringMode = createEngineeringModeSwitch(platform.faults, platform.activity);
  const resources = new Set(uiResources(platform.manifest));

  const routes: Route[] = [
    ...siteRoutes(platform, macros, user),
    ...settingsRoutes(platform, user),
    ...appPageRoutes(platform, user),
    ...egressConsentRoutes(platform, user),
    ...engineeringRoutes(engineering),
    ...engineeringModeRoutes(engineeringMode),
    ...productFetchRoutes(platform, user),
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/reset$/,
      async handle() {
        resetDemoData(platform, engineering);
        await options.afterReset?.();
        engineeringMode.set('normal');
        currentUser = LOCAL_ADMIN_ACCOUNT_ID;
        return json(200, { ok: true });
      },
    },
    { method: 'GET', pattern: /^\/__workbench\/api\/builds$/, handle: () => json(200, { builds: options.builds.reports() }) },
    { method: 'GET', pattern: /^\/__workbench\/static\/([^/]+)$/, handle: (_r, [name]) => serveFile(options.staticDir, name!) },
    {
      method: 'GET',
      pattern: /^\/__workbench\/assets\/([^/]+)$/,
      handle: async (_r, [name]) => (await options.ready, serveFile(options.buildDir, name!)),
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/resources\/([^/]+)\/([^/]+)$/,
      handle(_r, [key, name]) {
        const resource = options.appUi.kind === 'forge-build' ? options.appUi.report.resources.find((r) => r.key === key) : undefined;
        if (options.appUi.kind !== 'forge-build' || !resource) return json(404, { error: `No Forge-built UI Kit resource '${key}'` });
        return serveFile(join(options.appUi.buildDir, resource.dir), name!);
      },
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/frame$/,
      handle(request, _params, url) {
        const resource = url.searchParams.get('resource') ?? '';
        return resources.has(resource) ? frameDocument(request, appScripts(options.appUi, resource)) : json(404, { error: `No UI resource '${resource}' in manifest.yml` });
      },
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/events\/activity$/,
      handle: (request) =>
        eventStream(request, (send) => {
          platform.activity.recent(200).forEach((entry) => send(entry));
          const stopActivity = platform.activity.subscribe((entry) => send(entry));
          const stopBuilds = options.builds.subscribe((report) => send(report, 'build'));
          return () => (stopActivity(), stopBuilds());
        }),
    },
    {
      method: 'GET',
      pattern: /^\/__workbench\/events\/realtime$/,
      handle(request, _params, url) {
        const channel = url.searchParams.get('channel');
        if (!channel) return json(400, { error: 'channel is required' });
        const isGlobal = url.searchParams.get('global') === 'true';
        const token = url.searchParams.get('token') ?? undefined;
        const who = url.searchParams.get('localId') ?? 'a macro';
        return eventStream(request, (send) => {
          platform.activity.add('realtime', `${who} subscribed to ${channel}${isGlobal ? ' (global)' : ''}${token ? ' with a token' : ''}`);
          return platform.realtime.subscribe({
            channel,
            isGlobal,
            token,
            listener(event) {
              platform.activity.add('realtime', `event on ${channel} → ${who}`, { payload: event.payload });
              send(event);
            },
            onRejected(reason) {
              platform.activity.add('realtime', `${who}'s subscription to ${channel} was rejected: ${reason}`);
              send({ reason }, 'rejected');
            },
          });
        });
      },
    },
  ];

  const handle = async (request: Request) => (await dispatch(routes, request)) ?? json(404, { error: `Nothing at ${new URL(request.url).pathname}` });
  return [
    { prefix: '/__workbench', handle },
    { prefix: '/__local/invoke', handle },
    {
      prefix: '/',
      handle: (request) => {
        const { pathname } = new URL(request.url);
        if (request.method === 'GET' && pathname === '/') return serveFile(options.staticDir, 'index.html');
        // Page links as Spec Bridge's documentation notices write them (src/domain/documentation-state.ts pageUrl).
        const pageId = pathname === '/wiki/pages/viewpage.action' ? new URL(request.url).searchParams.get('pageId') : null;
        if (request.method === 'GET' && pageId) return Promise.resolve(new Response(null, { status: 302, headers: { location: `/#/pages/${encodeURIComponent(pageId)}` } }));
        return Promise.resolve(json(404, { error: `Nothing at ${pathname}`, see: '/__local/info' }));
      },
    },
  ];
}
