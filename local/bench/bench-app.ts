/**
 * One benchmark subject on its own local platform: the sample engineering system on a loopback port,
 * a fresh in-memory platform with the latency model applied, and either Spec Bridge (the backend
 * Atlassian's bundler built, as deployed) or the naive baseline loaded as the app. Both subjects get the same manifest, egress and latency.
 */
import { resolve } from 'node:path';
import { createEngineeringSystem, startEngineeringServer } from '../engineering';
import { ensureForgeBuild } from '../forge-build/ensure-build';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../keys/snapshot-signing-dev-key';
import { loadForgeBackend } from '../forge-build/load-forge-backend';
import { adfDocument, forgeMacroNode, paragraph, type AdfDocument } from '../platform/confluence';
import { appFromExports } from '../platform/loaded-app';
import { Counters } from '../platform/counters';
import { FaultPlan } from '../platform/faults';
import { createLocalPlatform } from '../platform/platform';
import { openStore } from '../platform/store';
import type { CreatedSecret } from '../../src/shared/admin-contract';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { snapshotPropertyKey } from '../../src/shared/snapshot-shape';
import { applyLatency, type LatencyModel } from './latency-model';

/** Which implementation of the macro runs. */
export type BenchSubject = 'specBridge' | 'baseline';

/** A macro instance placed on a benchmark page. */
export interface BenchMacro {
  localId: string;
  config: { specIds: string; layout: string };
}

const APP_DIR = resolve(__dirname, '../..');
const TOKEN = 'bench-engineering-token';
/** The web trigger secret of benchmark runs (Standard Webhooks `whsec_` format). */
export const BENCH_WEBHOOK_SECRET = 'whsec_' + Buffer.from('spec-bridge-benchmark-secret-0123456789').toString('base64');

/**
 * Starts one subject; `queueTimeScale` overrides the model's (the outage run speeds retries up); `ttlSeconds` sets
 * the app's default freshness (CACHE_TTL_SECONDS; the app's own default when absent).
 */
export async function startBenchApp(subject: BenchSubject, model: LatencyModel, options: { seed?: number; queueTimeScale?: number; ttlSeconds?: number } = {}) {
  const seed = options.seed ?? 42;
  const engineeringFaults = new FaultPlan(seed);
  const engineeringCounters = new Counters();
  const engineeringDb = openStore(':memory:');
  const engineering = createEngineeringSystem({ db: engineeringDb, token: TOKEN, faults: engineeringFaults, counters: engineeringCounters });
  const server = await startEngineeringServer({ system: engineering });
  const platform = createLocalPlatform({
    appDir: APP_DIR,
    env: {
      ENG_API_BASE_URL: server.baseUrl,
      ENG_API_TOKEN: TOKEN,
      ENG_API_ORIGIN: server.url,
      WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
      ENV_CONFIG_SINGLE_SITE: 'true',
      SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY,
      ...(options.ttlSeconds === undefined ? {} : { CACHE_TTL_SECONDS: String(options.ttlSeconds) }),
    },
    seed,
    queue: { timeScale: options.queueTimeScale ?? model.queueTimeScale, concurrency: model.queueConcurrency },
  });
  applyLatency(model, platform.faults, engineeringFaults);
  // Imported only now: @forge/* read the runtime globals the platform just installed.
  platform.loadApp(
    subject === 'specBridge'
      ? loadForgeBackend(ensureForgeBuild(APP_DIR).buildDir)
      : appFromExports((await import('./naive-resolver')).naiveApp, { kind: 'stand-in', name: 'naive baseline' }),
  );
  // The viewer the benchmark's views act as must be a site user (asUser calls are answered for known accounts only).
  platform.confluence.admin.createUser({ accountId: 'local-admin', displayName: 'Local Admin', isAdmin: true });
  const space = platform.confluence.admin.createSpace({ key: 'BENCH', name: 'Benchmark space' });
  let pages = 0;

  return {
    subject,
    platform,
    engineering,
    /** The engineering system's SQLite store (for the write audit's independent oracle). */
    engineeringDb,
    engineeringCounters,
    server,
    /** Adds `count` specs `<prefix>-1…` cloned from a seed record. */
    createSpecs(prefix: string, count: number): string[] {
      const template = engineering.admin.getSpec('BOLT-2001');
      if (!template) throw new Error('seed record BOLT-2001 missing');
      return Array.from({ length: count }, (_, i) => {
        const id = `${prefix}-${i + 1}`;
        const created = engineering.admin.createSpec({ ...template, id, title: `${prefix} bracket ${i + 1}`, revision: 'A' });
        if (!created.ok) throw new Error(created.message);
        return id;
      });
    },
    /** A page with one macro per group of spec ids. */
    createPage(groups: string[][]): { pageId: string; macros: BenchMacro[] } {
      pages += 1;
      const macros = groups.map((ids, i) => ({
        localId: `00000000-0000-4000-b${String(pages).padStart(3, '0')}-${String(i).padStart(12, '0')}`,
        config: { specIds: ids.join(','), layout: 'table' },
      }));
      const page = platform.confluence.admin.createPage({
        spaceId: space.id,
        title: `Benchmark page ${pages}`,
        // The body holds each macro's config as the editor saves it, so the page-event reconcile reads what the views show.
        body: adfDocument(...macros.map((m, i) => forgeMacroNode({ localId: m.localId, nodeLocalId: `bench-${pages}-${i}`, config: m.config }))),
      });
      return { pageId: page.id, macros };
    },
    /**
     * One page view of one macro (a getSpecs invocation), timed; `editing`: a render in the editor. Its payload is what
     * the macro's UI sends (src/frontend/use-macro-view.ts): `snapshot: 'absent'` when no snapshot is stored for the
     * macro, outside the editor; the baseline ignores it.
     */
    async view(pageId: string, macro: BenchMacro, options: { editing?: boolean } = {}): Promise<{ ms: number; result: ResolverResult<MacroViewModel> }> {
      // In the editor the macro reads no snapshot first, so it sends no hint (src/frontend/snapshot-reader.ts).
      const absent = !options.editing && platform.confluence.admin.getPropertyByKey(pageId, snapshotPropertyKey(macro.localId)) === undefined;
      const started = performance.now();
      const result = (await platform.invokeResolver({
        functionKey: 'getSpecs',
        payload: absent ? { snapshot: 'absent' } : {},
        context: { pageId, localId: macro.localId, config: macro.config, ...(options.editing ? { isEditing: true } : {}) },
        accountId: 'local-admin',
      }).catch((error: unknown) => ({ ok: false, code: 'internal', message: String(error) }))) as ResolverResult<MacroViewModel>;
      return { ms: performance.now() - started, result };
    },
    /**
     * What the author's config dialog does for one macro before Save: a check of the draft that picks the macro's specs
     * (`checkConfig` while configuring, src/frontend/config/config-dialog.tsx), which for Spec Bridge fetches the picked
     * specs the cache lacks (decisions §42). The naive macro's dialog reads nothing ahead of the view, so for the
     * baseline this is nothing.
     */
    async configure(pageId: string, macro: BenchMacro): Promise<void> {
      if (subject === 'baseline') return;
      const draft = { version: 2, specs: macro.config.specIds.split(',').map((id) => ({ id: id.trim() })), layout: macro.config.layout };
      const result = (await platform.invokeResolver({
        functionKey: 'checkConfig',
        payload: { config: draft },
        context: { pageId, localId: macro.localId, config: {}, isConfiguring: true },
        accountId: 'local-admin',
      })) as ResolverResult<unknown>;
      if (!result.ok) throw new Error(`checkConfig: ${result.code} ${result.message}`);
    },
    /**
     * Points documentation notices at the sample engineering system's receiver as a site admin would: an outbound
     * secret in the site's secret set (also given to the engineering system to verify with) and the receiver URL.
     */
    async configureDocumentationNotices(): Promise<void> {
      const admin = async <T>(functionKey: string, payload: unknown): Promise<T> => {
        const result = (await platform.invokeAdminResolver({ functionKey, payload, accountId: 'local-admin' })) as ResolverResult<T>;
        if (!result.ok) throw new Error(`${functionKey}: ${result.code} ${result.message}`);
        return result.value;
      };
      const created = await admin<CreatedSecret>('createSecret', { direction: 'outbound' });
      engineering.admin.setDocumentationSecrets([created.secret]);
      await admin('saveDocumentationNotices', { receiverUrl: `${server.baseUrl}/documentation-notices` });
    },
    /**
     * An editor's edit through Confluence's v2 page update (`PUT /wiki/api/v2/pages/{id}`, version + 1, an
     * `atlas_doc_format` body): the page gains a paragraph, and `change` may alter its macros. The platform raises
     * `updated:page`.
     */
    async editPage(pageId: string, text: string, change?: (body: AdfDocument) => void): Promise<void> {
      const page = platform.confluence.admin.getPage(pageId);
      if (!page) throw new Error(`No page ${pageId} to edit`);
      const body = JSON.parse(page.body) as AdfDocument;
      body.content.push(paragraph(text));
      change?.(body);
      const response = await platform.confluence.handle({
        method: 'PUT',
        path: `/wiki/api/v2/pages/${pageId}`,
        headers: new Headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({
          id: pageId,
          status: 'current',
          title: page.title,
          body: { representation: 'atlas_doc_format', value: JSON.stringify(body) },
          version: { number: page.version.number + 1, message: text },
        }),
        principal: { kind: 'user', accountId: 'local-admin' },
      });
      if (response.status !== 200) throw new Error(`Editing page ${pageId} answered ${response.status}: ${await response.text()}`);
    },
    /** Request counts so far: engineering, KVS, Confluence. */
    counts() {
      return {
        engineeringRequests: engineeringCounters.get('engineering.requests'),
        kvsOperations: platform.counters.total('kvs.'),
        confluenceRequests: platform.counters.total('confluence.'),
      };
    },
    async close(drainMs = 30_000) {
      await platform.queue.drain(drainMs).catch(() => undefined);
      platform.close();
      await server.close();
    },
  };
}

/** A started benchmark subject. */
export type BenchApp = Awaited<ReturnType<typeof startBenchApp>>;
