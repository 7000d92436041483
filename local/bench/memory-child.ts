/**
 * One scenario of the memory measurement (`memory.ts`), run in a fresh Node process of its own so that its RSS is
 * not shared with other work: the local platform (SQLite in a temp file, so stored data stays out of RSS) runs the
 * Forge-built bundle; the big-record engineering server runs in the parent. Setup first, then garbage collection and
 * an idle reading, then the measured invocation(s) with RSS sampled every millisecond from a worker thread (it sees
 * the whole process even while the main thread runs synchronous code) and the V8 heap sampled on the main thread.
 * Prints one JSON line (ChildResult) on stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { Webhook } from 'standardwebhooks';
import { FORGE_BUILD_DIR } from '../forge-build/build-report';
import { loadForgeBackend } from '../forge-build/load-forge-backend';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../keys/snapshot-signing-dev-key';
import { adfDocument, forgeMacroNode } from '../platform/confluence';
import { createLocalPlatform, type LocalPlatform } from '../platform/platform';
import { toWebTriggerRequest } from '../platform/webtriggers';
import { SEARCH_INDEX_PROPERTY_KEY } from '../../src/domain/search-index-property';
import { KEYS } from '../../src/kvs/keys';
import { PRODUCTION_LIKE } from './latency-model';
import type { ChildResult, MemoryScenario } from './memory-scenarios';

const APP_DIR = resolve(__dirname, '../..');
const SECRET = 'whsec_' + Buffer.from('spec-bridge-memory-measurement-secret-0123').toString('base64');
const QUERY_SECRET = 'whsec_' + Buffer.from('spec-bridge-memory-where-used-query-0123').toString('base64');
const TOKEN = 'memory-bench-token';
const VIEWER = 'local-admin';
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

/** This file, which memory.ts starts as a child process. */
export const MEMORY_CHILD_FILE = __filename;

async function main(): Promise<void> {
  if (!gc) throw new Error('run with --expose-gc');
  const scenario = process.argv[2] as MemoryScenario;
  const phase = process.argv[3];
  if (phase !== 'setup' && phase !== 'measure') throw new Error('usage: memory-child.ts <scenario> setup|measure (started by memory.ts)');
  const engineering = { origin: required('MEMORY_ENG_ORIGIN'), baseUrl: required('MEMORY_ENG_BASE_URL') };
  const storeDir = required('MEMORY_STORE_DIR');
  const platform = createLocalPlatform({
    appDir: APP_DIR,
    storePath: join(storeDir, 'platform.sqlite'),
    env: {
      ENG_API_BASE_URL: engineering.baseUrl,
      ENG_API_TOKEN: TOKEN,
      ENG_API_ORIGIN: engineering.origin,
      WEBHOOK_SECRET: SECRET,
      QUERY_SECRET,
      ENV_CONFIG_SINGLE_SITE: 'true',
      SNAPSHOT_SIGNING_KEY: LOCAL_SNAPSHOT_SIGNING_KEY,
    },
    queue: { timeScale: 0.001, concurrency: 8, autoStart: phase === 'setup' },
  });
  try {
    const app = loadForgeBackend(join(APP_DIR, FORGE_BUILD_DIR));
    platform.loadApp(app);
    // Load the bundle now, not inside the first measured invocation.
    app.resolveHandler('index.resolver');
    const planFile = join(storeDir, 'plan.json');
    if (phase === 'setup') {
      await fetch(`${engineering.origin}/__admin/latency?on=0`);
      platform.confluence.admin.createUser({ accountId: VIEWER, displayName: 'Local Admin', isAdmin: true });
      writeFileSync(planFile, JSON.stringify(await setUp(scenario, new Site(platform), engineering.baseUrl)));
      return;
    }
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    // Production-like latency for the measured part (setup ran as fast as it could, in another process).
    platform.faults.add({ service: 'kvs', latencyMs: PRODUCTION_LIKE.kvsMs });
    platform.faults.add({ service: 'confluence', latencyMs: PRODUCTION_LIKE.confluenceMs });
    await fetch(`${engineering.origin}/__admin/latency?on=1`);
    const result = await measure(scenario, platform, action(scenario, plan, platform));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    platform.close();
  }
}

/** Pages of macros on the local Confluence, and views of them. */
class Site {
  private pages = 0;
  private readonly spaceId: string;
  constructor(
    readonly platform: LocalPlatform,
    createSpace = true,
  ) {
    this.spaceId = createSpace ? platform.confluence.admin.createSpace({ key: 'MEM', name: 'Memory' }).id : '';
  }

  /** A page of `count` macros; `configOf(i)`: the config the body holds for macro i (none: an unconfigured macro). */
  page(count: number, configOf: MacroConfigOf = () => ({})): { pageId: string; localIds: string[] } {
    this.pages += 1;
    const localIds = Array.from({ length: count }, (_, i) => `00000000-0000-4000-a${String(this.pages).padStart(3, '0')}-${String(i).padStart(12, '0')}`);
    const page = this.platform.confluence.admin.createPage({ spaceId: this.spaceId, title: `Memory page ${this.pages}`, body: Site.body(localIds, configOf) });
    return { pageId: page.id, localIds };
  }

  static body(localIds: string[], configOf: MacroConfigOf): ReturnType<typeof adfDocument> {
    return adfDocument(...localIds.map((localId, i) => forgeMacroNode({ localId, nodeLocalId: `mem-${localId}`, config: configOf(i) })));
  }

  /** A new body for the page (version + 1); its update event is delivered before this returns. */
  async edit(pageId: string, localIds: string[], configOf: MacroConfigOf): Promise<void> {
    this.platform.confluence.admin.setPageBody(pageId, Site.body(localIds, configOf));
    await this.platform.events.drain(600_000);
  }

  /** Caches `specIds` (as records of ~64 KiB) by views of one macro on a page of its own, 50 specs a view. */
  async warm(specIds: string[]): Promise<void> {
    const { pageId, localIds } = this.page(1);
    await this.platform.events.drain(60_000);
    for (let i = 0; i < specIds.length; i += 50) await this.view(pageId, localIds[0] as string, specIds.slice(i, i + 50), 'table');
    await this.platform.queue.drain(600_000);
  }

  async view(pageId: string, localId: string, specIds: string[], layout: 'table' | 'card'): Promise<unknown> {
    const result = (await this.platform.invokeResolver({
      functionKey: 'getSpecs',
      context: { pageId, localId, config: { specIds: specIds.join(','), layout } },
      accountId: VIEWER,
    })) as { ok?: boolean; value?: { specs: { record?: unknown }[] } };
    if (!result.ok || result.value?.specs.some((s) => !s.record)) throw new Error(`view of ${localId} did not show every record: ${JSON.stringify(result).slice(0, 300)}`);
    return result;
  }
}

type MacroConfigOf = (index: number) => Record<string, unknown>;

const ids = (prefix: string, count: number, from = 1) => Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);

/** What the setup process leaves for the measuring one (the platform's state itself is in the SQLite file). */
interface Plan {
  pageId?: string;
  localId?: string;
  localIds?: string[];
  specIds?: string[];
}

/**
 * The 200-macro page of the page-event and documentation-notice scenarios: macro i shows PGS-(i mod 20 + 1) and
 * PGP-(i + 1); the measured edit changes PGP to PGQ on every macro. Every one of these specs is cached (~64 KiB).
 */
const PAGE_MACROS = 200;
const pageMacroConfig = (second: 'PGP' | 'PGQ'): MacroConfigOf => (i) => ({ specIds: `PGS-${(i % 20) + 1},${second}-${i + 1}`, layout: 'table' });

/**
 * Sets up an indexed 200-macro page with documentation notices configured: the cache warmed, one view (marks the
 * page a candidate), then an edit whose event the page-event trigger reconciles. With `holdNotice`, the queue is
 * paused before that edit, so the page's documentation notice stays queued for the measuring process.
 */
async function indexedPageOf200(site: Site, engineeringBaseUrl: string, holdNotice: boolean): Promise<Plan> {
  const { platform } = site;
  await configureDocumentationNotices(platform, `${engineeringBaseUrl}/documentation-notices`);
  await site.warm([...ids('PGS', 20), ...ids('PGP', PAGE_MACROS), ...ids('PGQ', PAGE_MACROS)]);
  const { pageId, localIds } = site.page(PAGE_MACROS, pageMacroConfig('PGP'));
  await platform.events.drain(60_000);
  await site.view(pageId, localIds[0] as string, ['PGS-1', 'PGP-1'], 'table');
  await platform.queue.drain(600_000);
  if (holdNotice) platform.queue.pause();
  await site.edit(pageId, localIds, pageMacroConfig('PGP'));
  if (holdNotice && platform.queue.pending() !== 1) throw new Error(`expected the page's documentation notice queued, found ${platform.queue.pending()} events`);
  if (!holdNotice) await platform.queue.drain(600_000);
  return { pageId, localIds };
}

/** The site admin's documentation-notice settings: an outbound secret and the receiver (on the engineering host). */
async function configureDocumentationNotices(platform: LocalPlatform, receiverUrl: string): Promise<void> {
  for (const [functionKey, payload] of [
    ['createSecret', { direction: 'outbound' }],
    ['saveDocumentationNotices', { receiverUrl }],
  ] as const) {
    const answer = (await platform.invokeAdminResolver({ functionKey, payload, accountId: VIEWER })) as { ok?: boolean };
    if (!answer.ok) throw new Error(`${functionKey} answered ${JSON.stringify(answer).slice(0, 300)}`);
  }
}

/** A page of `count` macros each showing `specIdsOf(i)`, every macro viewed (snapshot written), then indexed by a page event. */
async function viewedIndexedPage(site: Site, count: number, specIdsOf: (i: number) => string[]): Promise<Plan> {
  const { platform } = site;
  const configOf: MacroConfigOf = (i) => ({ specIds: specIdsOf(i).join(','), layout: 'table' });
  const { pageId, localIds } = site.page(count, configOf);
  await platform.events.drain(60_000);
  for (const [i, localId] of localIds.entries()) await site.view(pageId, localId, specIdsOf(i), 'table');
  await platform.queue.drain(600_000);
  await site.edit(pageId, localIds, configOf);
  await platform.queue.drain(600_000);
  return { pageId, localIds };
}

/** Prepares the scenario (pages, views, queued events) in the setup process. */
async function setUp(scenario: MemoryScenario, site: Site, engineeringBaseUrl: string): Promise<Plan> {
  const { platform } = site;
  const fifty = ids('BIG', 50);
  switch (scenario) {
    case 'runtime-idle':
    case 'webtrigger-256k':
      return {};
    case 'resolver-cold-table':
    case 'resolver-cold-card': {
      const { pageId, localIds } = site.page(1);
      return { pageId, localId: localIds[0] as string, specIds: fifty };
    }
    case 'remember-consumer': {
      const { pageId, localIds } = site.page(1);
      // The view's macro.remember event stays queued for the measuring process.
      platform.queue.pause();
      await site.view(pageId, localIds[0] as string, fifty, 'card');
      return {};
    }
    case 'admin-health': {
      // 2,000 cached records of the largest size (40 cold views of 50 big specs each); getHealth counts to 500.
      for (let v = 0; v < 40; v += 1) {
        const { pageId, localIds } = site.page(1);
        await site.view(pageId, localIds[0] as string, ids('BIG', 50, 1 + v * 50), 'table');
      }
      await platform.queue.drain(600_000);
      return {};
    }
    case 'page-event-200-macros':
      return indexedPageOf200(site, engineeringBaseUrl, false);
    case 'doc-notice-200-macros':
      return indexedPageOf200(site, engineeringBaseUrl, true);
    case 'where-used-page-part':
      // Macro i shows AWU-(i + 1), its own spec, and 49 shared ones: the first 50 where-used links (in key order, AWU
      // before BIG) are 50 specs on 50 macros, the most reads one part can make.
      return viewedIndexedPage(site, 50, (i) => [`AWU-${i + 1}`, ...ids('BIG', 49)]);
    case 'where-used-query-50':
      return viewedIndexedPage(site, 50, () => fifty);
    case 'adf-export': {
      const { pageId, localIds } = site.page(1);
      const localId = localIds[0] as string;
      await site.view(pageId, localId, fifty, 'card');
      await platform.queue.drain(120_000);
      return { pageId, localId, specIds: fifty };
    }
    case 'consumer-fanout-typical':
    case 'consumer-fanout-shared':
    case 'consumer-fanout-distinct': {
      // 100 macros (one delivery's slice) on 10 pages. Typical: each shows STD-1 and two typical records of its own.
      // Shared: every macro shows the same 50 big specs and the notice names all 50 (one refresh event).
      // Distinct: every macro shows FAN-1 and 49 big specs of its own (4,901 in all).
      const distinct = scenario === 'consumer-fanout-distinct';
      const typical = scenario === 'consumer-fanout-typical';
      let n = 0;
      for (let p = 0; p < 10; p += 1) {
        const { pageId, localIds } = site.page(10);
        for (const localId of localIds) {
          const specIds = typical ? ['STD-1', ...ids('STD', 2, 2 + n * 2)] : distinct ? ['FAN-1', ...ids('BIG', 49, 1 + n * 49)] : fifty;
          n += 1;
          await site.view(pageId, localId, specIds, 'table');
        }
      }
      await platform.queue.drain(600_000);
      platform.queue.pause();
      const notice = signed({ type: 'spec.updated', timestamp: new Date().toISOString(), data: { specIds: typical ? ['STD-1'] : distinct ? ['FAN-1'] : fifty } });
      const answer = await platform.callWebTrigger('spec-change-notice', notice);
      if (answer.statusCode !== 202) throw new Error(`notice answered ${answer.statusCode}: ${answer.body}`);
      return {};
    }
  }
}

/** The measured action, in a fresh process whose queue has not started. */
function action(scenario: MemoryScenario, plan: Plan, platform: LocalPlatform): () => Promise<unknown> {
  const consume = async () => {
    if (platform.queue.pending() === 0) throw new Error('no queued event to consume');
    platform.queue.start();
    await platform.queue.drain(600_000);
  };
  switch (scenario) {
    case 'runtime-idle':
      return async () => undefined;
    case 'resolver-cold-table':
    case 'resolver-cold-card':
      platform.queue.pause();
      return () => new Site(platform, false).view(plan.pageId as string, plan.localId as string, plan.specIds as string[], scenario === 'resolver-cold-table' ? 'table' : 'card');
    case 'remember-consumer':
    case 'consumer-fanout-typical':
    case 'consumer-fanout-shared':
    case 'consumer-fanout-distinct':
      return consume;
    case 'admin-health':
      platform.queue.pause();
      return async () => {
        const answer = (await platform.invokeAdminResolver({ functionKey: 'getHealth', accountId: VIEWER })) as { ok?: boolean; value?: { cacheEntries?: number } };
        if (!answer.ok || answer.value?.cacheEntries !== 500) throw new Error(`getHealth answered ${JSON.stringify(answer).slice(0, 300)}`);
        return answer;
      };
    case 'adf-export':
      platform.queue.pause();
      return () => platform.invokeAdfExport({ pageId: plan.pageId as string, localId: plan.localId as string, config: { specIds: (plan.specIds as string[]).join(','), layout: 'card' }, exportType: 'word' });
    case 'page-event-200-macros':
      platform.queue.pause();
      return async () => {
        const pageId = plan.pageId as string;
        await new Site(platform, false).edit(pageId, plan.localIds as string[], pageMacroConfig('PGQ'));
        if (platform.counters.get('events.invocations.page-events') !== 1) throw new Error('the page-events trigger did not run once');
        const index = platform.confluence.admin.getPropertyByKey(pageId, SEARCH_INDEX_PROPERTY_KEY)?.value as { specs?: string } | undefined;
        if (!index?.specs?.split(' ').includes(`PGQ-${PAGE_MACROS}`)) throw new Error(`the search property was not rewritten: ${JSON.stringify(index).slice(0, 200)}`);
        if (!kvsHas(platform, KEYS.whereUsed(`PGQ-${PAGE_MACROS}`, { pageId, localId: plan.localIds?.at(-1) as string, contentType: 'page' }))) throw new Error('no where-used entry for the new spec');
        if (platform.queue.pending() !== 1) throw new Error('the reconcile queued no documentation notice');
      };
    case 'doc-notice-200-macros':
      return async () => {
        await consume();
        const runs = platform.costs.invocations().filter((i) => i.functionKey === 'doc-notice-consumer');
        if (runs.length !== 1 || runs[0]?.failed || platform.counters.get('egress.requests') !== 1) throw new Error(`the notice was not sent once: ${JSON.stringify(runs)}`);
      };
    case 'where-used-page-part':
      platform.queue.pause();
      return async () => {
        const answer = (await platform.invokeGlobalPageResolver({ functionKey: 'getWhereUsed', payload: {}, accountId: VIEWER })) as {
          ok?: boolean;
          value?: { specs: { pages: { shownRevision?: string }[] }[] };
        };
        const specs = answer.value?.specs ?? [];
        if (!answer.ok || specs.length !== 50 || specs.some((spec) => spec.pages.length !== 1 || !spec.pages[0]?.shownRevision)) {
          throw new Error(`getWhereUsed answered ${JSON.stringify(answer).slice(0, 300)}`);
        }
      };
    case 'where-used-query-50': {
      platform.queue.pause();
      const request = signed({ query: 'macroOnPage', pageId: plan.pageId }, QUERY_SECRET, 'where-used-query');
      return async () => {
        const answer = await platform.callWebTrigger('where-used-query', request);
        const macros = (JSON.parse(answer.body ?? '{}') as { macros?: { snapshot: string; specs: unknown[] }[] }).macros ?? [];
        if (answer.statusCode !== 200 || macros.length !== 50 || macros.some((m) => m.snapshot !== 'verified' || m.specs.length !== 50)) {
          throw new Error(`the query answered ${answer.statusCode}: ${(answer.body ?? '').slice(0, 300)}`);
        }
      };
    }
    case 'webtrigger-256k': {
      platform.queue.pause();
      const specIds = ids('BIG', 1000);
      const base = { type: 'spec.updated', timestamp: new Date().toISOString(), data: { specIds, revisions: Object.fromEntries(specIds.map((id) => [id, 'R'.repeat(50)])) } };
      // A body just under the web trigger's 256 KiB limit (MAX_NOTICE_BYTES): 1,000 ids with revision hints, padded.
      const room = 256 * 1024 - Buffer.byteLength(JSON.stringify({ ...base, note: '' })) - 16;
      const request = signed({ ...base, note: 'x'.repeat(room) });
      return async () => {
        const answer = await platform.callWebTrigger('spec-change-notice', request);
        if (answer.statusCode !== 202) throw new Error(`notice answered ${answer.statusCode}: ${answer.body}`);
        return answer;
      };
    }
  }
}

function signed(notice: unknown, secret = SECRET, trigger = 'spec-change-notice') {
  const at = new Date();
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const body = JSON.stringify(notice);
  const headers = new Headers({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  });
  return toWebTriggerRequest('POST', new URL(`http://127.0.0.1/x/${trigger}`), headers, body);
}

function kvsHas(platform: LocalPlatform, key: string): boolean {
  return platform.db.prepare('SELECT 1 FROM kvs_entries WHERE key = ?').get(key) !== undefined;
}

const SAMPLER = `
const { workerData, parentPort } = require('node:worker_threads');
const view = new Float64Array(workerData);
const tick = () => { const rss = process.memoryUsage.rss(); if (rss > view[0]) view[0] = rss; };
const timer = setInterval(tick, 1);
parentPort.on('message', () => { tick(); clearInterval(timer); parentPort.postMessage('stopped'); });
`;

async function measure(scenario: MemoryScenario, platform: LocalPlatform, action: () => Promise<unknown>): Promise<ChildResult> {
  const peakRss = new Float64Array(new SharedArrayBuffer(8));
  const sampler = new Worker(SAMPLER, { eval: true, workerData: peakRss.buffer });
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc?.();
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const idle = { rss: process.memoryUsage.rss(), heapUsed: getHeapStatistics().used_heap_size };
  peakRss[0] = idle.rss;
  let peakHeap = idle.heapUsed;
  const peakOther = { heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sampleHeap = () => {
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
    const usage = process.memoryUsage();
    peakOther.heapTotal = Math.max(peakOther.heapTotal, usage.heapTotal);
    peakOther.external = Math.max(peakOther.external, usage.external);
    peakOther.arrayBuffers = Math.max(peakOther.arrayBuffers, usage.arrayBuffers);
  };
  const heapTimer = setInterval(sampleHeap, 1);
  platform.costs.reset();
  const started = performance.now();
  let error: string | undefined;
  try {
    await action();
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const wallMs = performance.now() - started;
  sampleHeap();
  clearInterval(heapTimer);
  await new Promise((resolve) => {
    sampler.once('message', resolve);
    sampler.postMessage('stop');
  });
  await sampler.terminate();
  const invocations = platform.costs.invocations();
  return {
    scenario,
    node: process.version,
    idleRssMB: round1(idle.rss / MB),
    idleHeapMB: round1(idle.heapUsed / MB),
    peakRssMB: round1((peakRss[0] ?? 0) / MB),
    peakHeapMB: round1(peakHeap / MB),
    peakHeapTotalMB: round1(peakOther.heapTotal / MB),
    peakExternalMB: round1(peakOther.external / MB),
    peakArrayBuffersMB: round1(peakOther.arrayBuffers / MB),
    maxRssMB: round1(process.resourceUsage().maxRSS / 1024),
    wallMs: Math.round(wallMs),
    invocations: invocations.map((i) => ({ functionKey: i.functionKey, durationMs: Math.round(i.durationMs), failed: i.failed, confluenceRequests: i.confluenceRequests })),
    ...(error ? { error } : {}),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (memory-child.ts is started by memory.ts)`);
  return value;
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
