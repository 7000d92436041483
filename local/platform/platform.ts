import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ActivityLog } from './activity-log';
import { systemClock, type Clock } from './clock';
import { createConfluenceService, LOCAL_ENVIRONMENT_ID } from './confluence';
import { ConfluencePointsPool } from './confluence/points-pool';
import { CostMeter } from './costs';
import { Counters } from './counters';
import { createCustomerEgress } from './customer-egress';
import { createEgressPolicy } from './egress';
import { FaultPlan } from './faults';
import { runInInvocation } from './invocation';
import { captureFunctionLogs } from './function-logs';
import { createForgeFetchRouter } from './forge-fetch-router';
import { createKvsService } from './kvs';
import { LIMITS, PayloadTooLargeError, withTimeout } from './limits';
import { recordHandlerResolution, type Handler, type LoadedApp } from './loaded-app';
import { DEFAULT_FUNCTION_MEMORY_MB, loadManifest, type GlobalSettingsModule, type TriggerModule } from './manifest';
import { contentEventPayload, type ConfluenceContentEvent } from './product-event-payload';
import { createProductEventService } from './product-events';
import { createQueueService, type DeliveryOutcome, type QueuedEventDelivery } from './queue-service';
import { createRealtimeService } from './realtime-service';
import { activateRuntimeHost } from './runtime-globals';
import type { RuntimeHost } from './runtime-host';
import { openStore } from './store';
import { createWebTriggerGraphql, normaliseWebTriggerResponse, type WebTriggerRequest, type WebTriggerResponse } from './webtriggers';

export interface LocalPlatformOptions {
  /** Folder holding manifest.yml (default: the current directory). */
  appDir?: string;
  /** SQLite file for all platform state; ':memory:' (default) for a throwaway store. */
  storePath?: string;
  /** The app's environment variables (`forge variables set`), exposed on process.env. */
  env?: Record<string, string>;
  /** Public origin of the local server, used in web trigger URLs. */
  origin?: string;
  clock?: Clock;
  seed?: number;
  queue?: { timeScale?: number; concurrency?: number; autoStart?: boolean };
  /** Product events (trigger modules): `timeScale` multiplies injected reorder delays, `concurrency` bounds trigger invocations at once. */
  events?: { timeScale?: number; concurrency?: number };
  /** Print function logs to the console as well as the activity log. */
  echoLogs?: boolean;
  /** Overrides of Forge's limits (tests use short timeouts). */
  limits?: Partial<Record<keyof typeof LIMITS, number>>;
  /** `lazyExpiry`: expired KVS items stay visible, as Forge KVS may for up to 48 h (see createKvsService). */
  kvs?: { lazyExpiry?: boolean };
  /**
   * `pointsPerHour`: the app's Confluence REST points pool (default 65,000, Tier 1), refilled at the top of each hour of `clock`.
   * `pointsPool`: a pool to spend instead of a new one: Tier 1 is one pool per app shared by all its sites, so platforms of
   * several sites pass the same pool.
   */
  confluence?: { pointsPerHour?: number; pointsPool?: ConfluencePointsPool };
  /**
   * `operationsPerSecond`: realtime publish + subscribe operations per second per installation (default 50), in seconds of `clock`.
   * `tokenLifetimeSeconds`: how long signed realtime tokens live (default one hour), so tests can expire them mid-page.
   */
  realtime?: { operationsPerSecond?: number; tokenLifetimeSeconds?: number };
  /**
   * The installation's Marketplace license as Forge passes it to every function (`backendRuntimePayload.license`, which
   * @forge/resolver puts in `context.license`); absent by default, as for an app installed from the developer console.
   */
  license?: { isActive: boolean; billingPeriod?: string; ccpEntitlementId?: string; type?: string };
  /**
   * The Confluence site this platform is the app's installation on (default: LOCAL_CLOUD_ID, LOCAL_INSTALLATION_ID).
   * Several platforms with different sites can run in one process, each with its own store; they share
   * process.env, as every site installed from one Forge environment shares its variables. A site given
   * only a cloudId gets an installation id derived from it.
   */
  site?: { cloudId?: string; installationId?: string };
}

/** The site and installation a platform serves. */
export interface LocalSite {
  cloudId: string;
  installationId: string;
}

/** The macro context the platform builds for a resolver call (forge-facts §2.2). */
export interface MacroInvocationContext {
  localId: string;
  pageId: string;
  spaceId?: string;
  spaceKey?: string;
  config?: Record<string, unknown>;
  isEditing?: boolean;
  /** The call comes from the macro's custom config dialog: `extension.macro.isConfiguring`. */
  isConfiguring?: boolean;
  /** What `pageId` names: a page (default) or a blog post. */
  contentType?: 'page' | 'blogpost';
  /** The link the macro was made from by pasting it (autoConvert); Forge passes it as `extension.autoConvertLink`. */
  autoConvertLink?: string;
}

export const LOCAL_CLOUD_ID = '00000000-0000-4000-8000-0000000c10d1';
export const LOCAL_INSTALLATION_ID = '00000000-0000-4000-8000-0000000000a1';
export const LOCAL_APP_ACCOUNT_ID = 'app-spec-bridge';

/** The call `invokeAdminResolver` makes: a UI Kit `invoke(functionKey, payload)` from a `confluence:globalSettings` page. */
export interface AdminResolverCall {
  functionKey: string;
  payload?: unknown;
  /** The admin page's viewer; omitted → no user (asUser() calls are refused). */
  accountId?: string;
  /** Which globalSettings module (default: the first in manifest.yml). */
  moduleKey?: string;
}

function siteOf(options: LocalPlatformOptions['site']): LocalSite {
  const cloudId = options?.cloudId ?? LOCAL_CLOUD_ID;
  const installationId = options?.installationId ?? (cloudId === LOCAL_CLOUD_ID ? LOCAL_INSTALLATION_ID : uuidFrom(`installation:${cloudId}`));
  return { cloudId, installationId };
}

/** A UUID-shaped id derived from `seed`, so a site's installation id is stable across restarts. */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The local Forge platform: runs the app's real handlers with the unmodified @forge/* packages
 * against emulated KVS, Confluence, queue, realtime and web triggers. Globals are installed on
 * creation, so create the platform before importing the app (or anything that imports @forge/*).
 */
export function createLocalPlatform(options: LocalPlatformOptions = {}) {
  const appDir = resolve(options.appDir ?? process.cwd());
  const env = { ...options.env };
  const manifest = loadManifest(resolve(appDir, 'manifest.yml'), { ...process.env, ...env });
  const clock = options.clock ?? systemClock;
  const db = openStore(options.storePath ?? ':memory:');
  const faults = new FaultPlan(options.seed ?? 1);
  const counters = new Counters();
  const costs = new CostMeter();
  const confluencePoints = options.confluence?.pointsPool ?? new ConfluencePointsPool(clock, options.confluence?.pointsPerHour);
  const activity = new ActivityLog();
  let origin = options.origin ?? 'http://127.0.0.1:4000';
  const limits: Record<keyof typeof LIMITS, number> = { ...LIMITS, ...options.limits };
  const site = siteOf(options.site);
  const isDefaultSite = site.installationId === LOCAL_INSTALLATION_ID;
  const installContext = `ari:cloud:confluence::site/${site.cloudId}`;
  let license = options.license;
  const licensed = () => (license ? { license } : {});
  let app: LoadedApp | undefined;

  const kvs = createKvsService({ db, clock, faults, counters, lazyExpiry: options.kvs?.lazyExpiry });
  const confluence = createConfluenceService({ db, clock, faults, counters, appAccountId: LOCAL_APP_ACCOUNT_ID, contentPropertyIndexes: manifest.contentPropertyIndexes });
  const realtime = createRealtimeService({
    db,
    tokenLifetimeSeconds: options.realtime?.tokenLifetimeSeconds,
    faults,
    counters,
    onOperation: (operation) => costs.add(operation === 'publish' ? 'realtimePublishes' : 'realtimeSubscribes', 1),
    clock,
    operationsPerSecond: options.realtime?.operationsPerSecond,
  });
  /** The default site keeps `<origin>/x/<key>`; other sites' URLs carry their installation id, as each Forge installation has its own. */
  const webTriggerUrl = (key: string) => (isDefaultSite ? `${origin}/x/${key}` : `${origin}/x/${site.installationId}/${key}`);
  const webTriggerGraphql = createWebTriggerGraphql(manifest.webtriggers.map((w) => w.key), webTriggerUrl);
  const queue = createQueueService({
    db,
    clock: systemClock,
    faults,
    counters,
    timeScale: options.queue?.timeScale,
    concurrency: options.queue?.concurrency,
    deliver: deliverToConsumer,
  });
  const events = createProductEventService({
    triggers: manifest.triggers,
    faults,
    counters,
    licenseActive: () => license?.isActive !== false,
    invoke: invokeTrigger,
    timeScale: options.events?.timeScale ?? options.queue?.timeScale,
    concurrency: options.events?.concurrency,
  });
  confluence.onContentChange((change) => {
    activity.add('trigger', `avi:confluence:${change.kind}:${change.page.type} ${change.page.id}`);
    events.publish(
      contentEventPayload(change, {
        space: (id) => confluence.admin.getSpace(id),
        user: (accountId) => confluence.admin.getUser(accountId),
        appAccountId: LOCAL_APP_ACCOUNT_ID,
      }),
    );
  });
  const egress = createEgressPolicy(manifest.egressBackend);
  const customerEgress = createCustomerEgress({
    db,
    installationId: site.installationId,
    enabled: manifest.configurableEgress,
    isAdmin: (accountId) => confluence.admin.getUser(accountId)?.isAdmin === true,
    now: () => clock.now(),
  });
  const route = createForgeFetchRouter({ kvs, confluence, realtime, queue, webTriggerGraphql, costs, confluencePoints });

  for (const [name, value] of Object.entries(env)) process.env[name] = value;
  const logs = { activity, echo: options.echoLogs ?? false, onLogBytes: (bytes: number) => costs.add('logBytes', bytes) };
  const host: RuntimeHost = {
    appId: manifest.appId.replace(/^ari:cloud:ecosystem::app\//, ''),
    environmentId: LOCAL_ENVIRONMENT_ID,
    installationId: site.installationId,
    contextAri: installContext,
    route,
    logs,
    async checkEgress(url) {
      const byManifest = egress.allows(url);
      if (byManifest || customerEgress.allowsBackendFetch(url)) {
        counters.increment('egress.requests');
        activity.add('egress', `fetch ${new URL(url).host}${new URL(url).pathname}${byManifest ? '' : ' (allowed by a site admin)'}`);
        return;
      }
      counters.increment('egress.refused');
      activity.add('egress', `refused ${url} (not in permissions.external.fetch.backend${manifest.configurableEgress ? ' nor allowed by a site admin' : ''})`);
      const { ExternalEndpointNotAllowedError } = await import('@forge/api');
      throw new ExternalEndpointNotAllowedError(url);
    },
  };
  activateRuntimeHost(host);
  captureFunctionLogs(logs.activity, logs.echo, logs.onLogBytes);

  function handlerFor(functionKey: string): Handler {
    if (!app) throw new Error('No app loaded: call platform.loadApp(loadForgeBackend(...)) first');
    const fn = manifest.functions.get(functionKey);
    if (!fn) throw new Error(`manifest.yml has no function '${functionKey}'`);
    const handler = app.resolveHandler(fn.handler);
    recordHandlerResolution(fn.handler, app.origin);
    return handler;
  }

  async function invokeFunction(
    functionKey: string,
    args: unknown[],
    meta: { moduleType: string; moduleKey: string; timeoutMs: number; accountId?: string },
  ): Promise<unknown> {
    const handler = handlerFor(functionKey);
    counters.increment(`invocations.${functionKey}`);
    const invocationId = randomUUID();
    const memoryMB = manifest.functions.get(functionKey)?.memoryMB ?? DEFAULT_FUNCTION_MEMORY_MB;
    costs.begin({ invocationId, functionKey, moduleType: meta.moduleType, moduleKey: meta.moduleKey, memoryMB });
    const started = performance.now();
    let failed = true;
    try {
      const result = await runInInvocation(
        { invocationId, functionKey, moduleType: meta.moduleType, moduleKey: meta.moduleKey, deadline: Date.now() + meta.timeoutMs, accountId: meta.accountId, host },
        () => withTimeout(Promise.resolve(handler(...args)), meta.timeoutMs, functionKey),
      );
      failed = false;
      return result;
    } finally {
      costs.end(invocationId, performance.now() - started, failed);
    }
  }

  function macroContext(macroKey: string, ctx: MacroInvocationContext) {
    return {
      localId: ctx.localId,
      moduleKey: macroKey,
      cloudId: site.cloudId,
      siteUrl: origin,
      environmentType: 'DEVELOPMENT',
      extension: {
        type: 'macro',
        content: { id: ctx.pageId, type: ctx.contentType ?? 'page' },
        space: { id: ctx.spaceId ?? '1', key: ctx.spaceKey ?? 'ENG' },
        isEditing: ctx.isEditing ?? false,
        config: ctx.config,
        ...(ctx.autoConvertLink === undefined ? {} : { autoConvertLink: ctx.autoConvertLink }),
        ...(ctx.isConfiguring === true ? { macro: { isConfiguring: true } } : {}),
      },
    };
  }

  /** A UI `invoke(functionKey, payload)` reaching a module's resolver function, with Forge's payload and response limits. */
  async function invokeUiResolver(
    resolverFunction: string,
    call: { functionKey: string; payload?: unknown; accountId?: string },
    context: object,
    module: { type: string; key: string },
  ): Promise<unknown> {
    const payloadBytes = Buffer.byteLength(JSON.stringify(call.payload ?? {}));
    if (payloadBytes > limits.invokePayloadBytes) throw new PayloadTooLargeError('Invoke payload', payloadBytes, limits.invokePayloadBytes);
    const result = await invokeFunction(
      resolverFunction,
      [
        { call: { functionKey: call.functionKey, payload: call.payload ?? {} }, context },
        { installContext, ...licensed(), principal: call.accountId ? { accountId: call.accountId } : undefined },
      ],
      { moduleType: module.type, moduleKey: module.key, timeoutMs: limits.resolverTimeoutMs, accountId: call.accountId },
    );
    const responseBytes = Buffer.byteLength(JSON.stringify(result ?? null));
    if (responseBytes > limits.invokeResponseBytes) throw new PayloadTooLargeError('Invoke response', responseBytes, limits.invokeResponseBytes);
    return result;
  }

  async function invokeResolver(call: { functionKey: string; payload?: unknown; context: MacroInvocationContext; accountId?: string; macroKey?: string }): Promise<unknown> {
    const macro = manifest.macros.find((m) => m.key === (call.macroKey ?? manifest.macros[0]?.key));
    if (!macro?.resolverFunction) throw new Error('manifest.yml declares no macro with a resolver function');
    activity.add('resolver', `invoke ${call.functionKey}`, { localId: call.context.localId, pageId: call.context.pageId });
    return invokeUiResolver(macro.resolverFunction, call, macroContext(macro.key, call.context), { type: 'confluence:macro', key: macro.key });
  }

  /**
   * The context Forge gives a `confluence:globalSettings` module's resolver (`req.context`). The extension type
   * `confluence:globalSettings` is what UI Kit / Custom UI apps test `context.extension.type` against in public
   * Forge apps; @forge/bridge 7.2 types `extension` only as an open record (FullContext.extension: ExtensionData)
   * and the module reference page lists no extension data, so the type string is the only extension field.
   * `localId` has the shape Forge gives non-macro modules: the module's extension ARI.
   */
  function globalSettingsContext(module: GlobalSettingsModule, accountId: string | undefined) {
    return {
      ...(accountId === undefined ? {} : { accountId }),
      cloudId: site.cloudId,
      siteUrl: origin,
      environmentId: LOCAL_ENVIRONMENT_ID,
      environmentType: 'DEVELOPMENT',
      moduleKey: module.key,
      localId: `ari:cloud:ecosystem::extension/${host.appId}/${LOCAL_ENVIRONMENT_ID}/static/${module.key}`,
      extension: { type: 'confluence:globalSettings' },
    };
  }

  function globalSettingsModule(moduleKey: string | undefined): GlobalSettingsModule {
    const module = manifest.globalSettings.find((g) => g.key === (moduleKey ?? manifest.globalSettings[0]?.key));
    if (!module) throw new Error(`manifest.yml declares no confluence:globalSettings module${moduleKey ? ` '${moduleKey}'` : ''}`);
    return module;
  }

  async function invokeAdminResolver(call: AdminResolverCall): Promise<unknown> {
    const module = globalSettingsModule(call.moduleKey);
    if (!module.resolverFunction) throw new Error(`confluence:globalSettings module '${module.key}' has no resolver function`);
    activity.add('resolver', `invoke ${call.functionKey} (admin page ${module.key})`);
    return invokeUiResolver(module.resolverFunction, call, globalSettingsContext(module, call.accountId), { type: 'confluence:globalSettings', key: module.key });
  }

  /**
   * A `confluence:globalPage` module (an app page in Confluence's apps menu, at `/wiki/apps/<app>/<env>/<route>`): the
   * context its resolver gets is the admin page's with the page's extension type and its route.
   */
  function globalPageContext(moduleKey: string | undefined, accountId: string | undefined) {
    const module = manifest.globalPages.find((g) => g.key === (moduleKey ?? manifest.globalPages[0]?.key));
    if (!module) throw new Error(`manifest.yml declares no confluence:globalPage module${moduleKey ? ` '${moduleKey}'` : ''}`);
    const context = globalSettingsContext({ key: module.key, resource: module.resource, useAsConfig: false }, accountId);
    return { module, context: { ...context, extension: { type: 'confluence:globalPage', route: module.route } } };
  }

  async function invokeGlobalPageResolver(call: AdminResolverCall): Promise<unknown> {
    const { module, context } = globalPageContext(call.moduleKey, call.accountId);
    if (!module.resolverFunction) throw new Error(`confluence:globalPage module '${module.key}' has no resolver function`);
    activity.add('resolver', `invoke ${call.functionKey} (app page ${module.key})`);
    return invokeUiResolver(module.resolverFunction, call, context, { type: 'confluence:globalPage', key: module.key });
  }

  async function invokeAdfExport(context: MacroInvocationContext & { exportType?: string }, macroKey?: string): Promise<unknown> {
    const macro = manifest.macros.find((m) => m.key === (macroKey ?? manifest.macros[0]?.key));
    if (!macro?.adfExportFunction) throw new Error('manifest.yml declares no macro with an adfExport function');
    const payload = {
      exportType: context.exportType ?? 'pdf',
      context: macroContext(macro.key, context),
      extensionPayload: { exportType: context.exportType ?? 'pdf', config: context.config, macro: { localId: context.localId } },
    };
    return invokeFunction(macro.adfExportFunction, [payload, { installContext, ...licensed() }], {
      moduleType: 'confluence:macro',
      moduleKey: macro.key,
      timeoutMs: limits.resolverTimeoutMs,
    });
  }

  async function callWebTrigger(key: string, request: WebTriggerRequest): Promise<WebTriggerResponse> {
    const trigger = manifest.webtriggers.find((w) => w.key === key);
    if (!trigger) return { statusCode: 404, body: JSON.stringify({ error: `No web trigger '${key}'` }) };
    const bytes = Buffer.byteLength(request.body);
    if (bytes > limits.webtriggerPayloadBytes) return { statusCode: 413, body: JSON.stringify({ error: 'Request exceeds the Forge payload limit' }) };
    try {
      const result = await invokeFunction(trigger.functionKey, [request, { installContext, ...licensed() }], {
        moduleType: 'webtrigger',
        moduleKey: key,
        timeoutMs: limits.webtriggerTimeoutMs,
      });
      const response = normaliseWebTriggerResponse(result);
      activity.add('webtrigger', `${request.method} ${key} → ${response.statusCode}`);
      return response;
    } catch (error) {
      activity.add('webtrigger', `${request.method} ${key} → 500 (${(error as Error).message})`);
      return { statusCode: 500, body: JSON.stringify({ error: 'Web trigger function failed' }) };
    }
  }

  async function deliverToConsumer(queueName: string, event: QueuedEventDelivery): Promise<DeliveryOutcome> {
    const consumer = manifest.consumers.find((c) => c.queue === queueName);
    if (!consumer) return { kind: 'retry', afterSeconds: 60, reason: 'NO_CONSUMER' };
    const timeoutMs = (manifest.functions.get(consumer.functionKey)?.timeoutSeconds ?? limits.consumerDefaultTimeoutMs / 1000) * 1000;
    activity.add('consumer', `deliver ${queueName} event${event.retryContext ? ` (retry ${event.retryContext.retryCount})` : ''}`);
    const result = (await invokeFunction(consumer.functionKey, [event, { installContext, ...licensed() }], {
      moduleType: 'consumer',
      moduleKey: consumer.key,
      timeoutMs,
    })) as { _retry?: boolean; retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown } } | undefined;
    if (result?._retry) {
      const options = result.retryOptions ?? {};
      return { kind: 'retry', afterSeconds: Math.max(1, options.retryAfter ?? 1), reason: options.retryReason ?? 'FUNCTION_RETRY_REQUEST', retryData: options.retryData };
    }
    return { kind: 'done' };
  }

  /** A product event reaching a trigger module's function: `(event, context)` with the context every Forge function gets. */
  async function invokeTrigger(trigger: TriggerModule, event: ConfluenceContentEvent): Promise<void> {
    counters.increment(`events.invocations.${trigger.key}`);
    await invokeFunction(trigger.functionKey, [event, { installContext, ...licensed() }], {
      moduleType: 'trigger',
      moduleKey: trigger.key,
      timeoutMs: limits.triggerTimeoutMs,
    });
  }

  if (options.queue?.autoStart !== false) queue.start();

  return {
    manifest,
    db,
    clock,
    faults,
    counters,
    /** Per-invocation cost counters: `costs.invocations()`, `costs.totals()` (see costs.ts). */
    costs,
    /** The app's hourly Confluence REST points pool: `confluencePoints.state()`. */
    confluencePoints,
    activity,
    kvs,
    confluence,
    queue,
    /** Product events (trigger modules): `events.drain()`, `pending()`, `deliveries()`, `pause()` / `resume()`, `publish(event)`. */
    events,
    realtime,
    installContext,
    /** Changes the installation's license from now on (a subscription lapsing or renewed). */
    setLicense(value: LocalPlatformOptions['license']) {
      license = value;
    },
    /** The site and installation this platform serves (`site.cloudId`, `site.installationId`). */
    site,
    /**
     * Customer-managed egress (Forge EAP) of this installation: `@forge/bridge` `permissions.egress.*` calls made from a
     * page, the consent dialog's `pending()` / `approve(id)` / `decline(id)`, and the saved groups backend fetches may use
     * (only when manifest.yml sets `permissions.external.configurable.enabled: true`). See customer-egress.ts.
     */
    customerEgress,
    /** Loads the app whose handlers the manifest's functions call (replaces the previous one). */
    loadApp(loaded: LoadedApp) {
      app = loaded;
    },
    /** Where the loaded app's handlers come from. */
    get appOrigin() {
      return app?.origin;
    },
    setOrigin(value: string) {
      origin = value;
    },
    get origin() {
      return origin;
    },
    /** `<origin>/x/<key>` on the default site, `<origin>/x/<installationId>/<key>` on any other. */
    webTriggerUrl,
    invokeResolver,
    /** Calls the resolver of a `confluence:globalSettings` module (the admin page), as its UI Kit `invoke` would. */
    invokeAdminResolver,
    /** The context of a `confluence:globalSettings` module as its resolver gets it (and its frame, before locale and timezone). */
    adminPageContext: (accountId: string | undefined, moduleKey?: string) => globalSettingsContext(globalSettingsModule(moduleKey), accountId),
    /** Calls the resolver of a `confluence:globalPage` module (an app page), as its UI Kit `invoke` would. */
    invokeGlobalPageResolver,
    /** The context of a `confluence:globalPage` module as its resolver gets it. */
    globalPageContext: (accountId: string | undefined, moduleKey?: string) => globalPageContext(moduleKey, accountId).context,
    invokeAdfExport,
    /** Runs any function of the manifest once, as a scheduled trigger or `forge` would. */
    invokeFunction: (functionKey: string, args: unknown[], timeoutMs = limits.resolverTimeoutMs) =>
      invokeFunction(functionKey, args, { moduleType: 'function', moduleKey: functionKey, timeoutMs }),
    callWebTrigger,
    close() {
      queue.close();
      events.close();
      db.close();
    },
  };
}

export type LocalPlatform = ReturnType<typeof createLocalPlatform>;
