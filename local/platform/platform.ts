import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ActivityLog } from './activity-log';
import { systemClock, type Clock } from './clock';
import { createConfluenceService } from './confluence';
import { ConfluencePointsPool } from './confluence/points-pool';
import { CostMeter } from './costs';
import { Counters } from './counters';
import { createEgressPolicy } from './egress';
import { FaultPlan } from './faults';
import { runInInvocation } from './invocation';
import { captureFunctionLogs } from './function-logs';
import { createForgeFetchRouter } from './forge-fetch-router';
import { createKvsService } from './kvs';
import { LIMITS, PayloadTooLargeError, withTimeout } from './limits';
import { recordHandlerResolution, type Handler, type LoadedApp } from './loaded-app';
import { DEFAULT_FUNCTION_MEMORY_MB, loadManifest } from './manifest';
import { createQueueService, type DeliveryOutcome, type QueuedEventDelivery } from './queue-service';
import { createRealtimeService } from './realtime-service';
import { activateRuntimeHost } from './runtime-globals';
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
  /** Print function logs to the console as well as the activity log. */
  echoLogs?: boolean;
  /** Overrides of Forge's limits (tests use short timeouts). */
  limits?: Partial<Record<keyof typeof LIMITS, number>>;
  /** `lazyExpiry`: expired KVS items stay visible, as Forge KVS may for up to 48 h (see createKvsService). */
  kvs?: { lazyExpiry?: boolean };
  /** `pointsPerHour`: the app's Confluence REST points pool (default 65,000, Tier 1), refilled at the top of each hour of `clock`. */
  confluence?: { pointsPerHour?: number };
  /**
   * `operationsPerSecond`: realtime publish + subscribe operations per second per installation (default 50), in seconds of `clock`.
   * `tokenLifetimeSeconds`: how long signed realtime tokens live (default one hour), so tests can expire them mid-page.
   */
  realtime?: { operationsPerSecond?: number; tokenLifetimeSeconds?: number };
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
export const LOCAL_APP_ACCOUNT_ID = 'app-spec-bridge';

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
  const confluencePoints = new ConfluencePointsPool(clock, options.confluence?.pointsPerHour);
  const activity = new ActivityLog();
  let origin = options.origin ?? 'http://127.0.0.1:4000';
  const limits: Record<keyof typeof LIMITS, number> = { ...LIMITS, ...options.limits };
  let app: LoadedApp | undefined;

  const kvs = createKvsService({ db, clock, faults, counters, lazyExpiry: options.kvs?.lazyExpiry });
  const confluence = createConfluenceService({ db, clock, faults, counters, appAccountId: LOCAL_APP_ACCOUNT_ID });
  const realtime = createRealtimeService({
    db,
    tokenLifetimeSeconds: options.realtime?.tokenLifetimeSeconds,
    faults,
    counters,
    onOperation: (operation) => costs.add(operation === 'publish' ? 'realtimePublishes' : 'realtimeSubscribes', 1),
    clock,
    operationsPerSecond: options.realtime?.operationsPerSecond,
  });
  const webTriggerGraphql = createWebTriggerGraphql(manifest.webtriggers.map((w) => w.key), () => origin);
  const queue = createQueueService({
    db,
    clock: systemClock,
    faults,
    counters,
    timeScale: options.queue?.timeScale,
    concurrency: options.queue?.concurrency,
    deliver: deliverToConsumer,
  });
  const egress = createEgressPolicy(manifest.egressBackend);
  const route = createForgeFetchRouter({ kvs, confluence, realtime, queue, webTriggerGraphql, costs, confluencePoints });

  for (const [name, value] of Object.entries(env)) process.env[name] = value;
  activateRuntimeHost({
    appId: manifest.appId.replace(/^ari:cloud:ecosystem::app\//, ''),
    environmentId: '00000000-0000-4000-8000-00000000e0e0',
    installationId: '00000000-0000-4000-8000-0000000000a1',
    contextAri: `ari:cloud:confluence::site/${LOCAL_CLOUD_ID}`,
    route,
    async checkEgress(url) {
      if (egress.allows(url)) {
        counters.increment('egress.requests');
        activity.add('egress', `fetch ${new URL(url).host}${new URL(url).pathname}`);
        return;
      }
      counters.increment('egress.refused');
      activity.add('egress', `refused ${url} (not in permissions.external.fetch.backend)`);
      const { ExternalEndpointNotAllowedError } = await import('@forge/api');
      throw new ExternalEndpointNotAllowedError(url);
    },
  });
  captureFunctionLogs(activity, options.echoLogs ?? false, (bytes) => costs.add('logBytes', bytes));

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
        { invocationId, functionKey, moduleType: meta.moduleType, moduleKey: meta.moduleKey, deadline: Date.now() + meta.timeoutMs, accountId: meta.accountId },
        () => withTimeout(Promise.resolve(handler(...args)), meta.timeoutMs, functionKey),
      );
      failed = false;
      return result;
    } finally {
      costs.end(invocationId, performance.now() - started, failed);
    }
  }

  const installContext = `ari:cloud:confluence::site/${LOCAL_CLOUD_ID}`;

  function macroContext(macroKey: string, ctx: MacroInvocationContext) {
    return {
      localId: ctx.localId,
      moduleKey: macroKey,
      cloudId: LOCAL_CLOUD_ID,
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

  async function invokeResolver(call: { functionKey: string; payload?: unknown; context: MacroInvocationContext; accountId?: string; macroKey?: string }): Promise<unknown> {
    const macro = manifest.macros.find((m) => m.key === (call.macroKey ?? manifest.macros[0]?.key));
    if (!macro?.resolverFunction) throw new Error('manifest.yml declares no macro with a resolver function');
    const payloadBytes = Buffer.byteLength(JSON.stringify(call.payload ?? {}));
    if (payloadBytes > limits.invokePayloadBytes) throw new PayloadTooLargeError('Invoke payload', payloadBytes, limits.invokePayloadBytes);
    activity.add('resolver', `invoke ${call.functionKey}`, { localId: call.context.localId, pageId: call.context.pageId });
    const result = await invokeFunction(
      macro.resolverFunction,
      [
        { call: { functionKey: call.functionKey, payload: call.payload ?? {} }, context: macroContext(macro.key, call.context) },
        { installContext, principal: call.accountId ? { accountId: call.accountId } : undefined },
      ],
      { moduleType: 'confluence:macro', moduleKey: macro.key, timeoutMs: limits.resolverTimeoutMs, accountId: call.accountId },
    );
    const responseBytes = Buffer.byteLength(JSON.stringify(result ?? null));
    if (responseBytes > limits.invokeResponseBytes) throw new PayloadTooLargeError('Invoke response', responseBytes, limits.invokeResponseBytes);
    return result;
  }

  async function invokeAdfExport(context: MacroInvocationContext & { exportType?: string }, macroKey?: string): Promise<unknown> {
    const macro = manifest.macros.find((m) => m.key === (macroKey ?? manifest.macros[0]?.key));
    if (!macro?.adfExportFunction) throw new Error('manifest.yml declares no macro with an adfExport function');
    const payload = {
      exportType: context.exportType ?? 'pdf',
      context: macroContext(macro.key, context),
      extensionPayload: { exportType: context.exportType ?? 'pdf', config: context.config, macro: { localId: context.localId } },
    };
    return invokeFunction(macro.adfExportFunction, [payload, { installContext }], {
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
      const result = await invokeFunction(trigger.functionKey, [request, { installContext }], {
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
    const result = (await invokeFunction(consumer.functionKey, [event, { installContext }], {
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
    realtime,
    installContext,
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
    webTriggerUrl: (key: string) => `${origin}/x/${key}`,
    invokeResolver,
    invokeAdfExport,
    /** Runs any function of the manifest once, as a scheduled trigger or `forge` would. */
    invokeFunction: (functionKey: string, args: unknown[], timeoutMs = limits.resolverTimeoutMs) =>
      invokeFunction(functionKey, args, { moduleType: 'function', moduleKey: functionKey, timeoutMs }),
    callWebTrigger,
    close() {
      queue.close();
      db.close();
    },
  };
}

export type LocalPlatform = ReturnType<typeof createLocalPlatform>;
