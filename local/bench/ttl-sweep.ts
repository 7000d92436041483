/**
 * The default freshness TTL against the cost model: "a working day on one site" (scenario 6's site: 20 pages × 5
 * macros over 60 specs, 2,000 page opens, 30 change notices) spread over 8 hours of virtual time, once per TTL.
 *
 *   npx tsx local/bench/ttl-sweep.ts [--json] [--ttl 300,600,1800,3600,14400] [--quick]
 *
 * Scenario 6 runs its 2,000 views in well under a minute of real time, so no cached spec ever outlives even a 300 s
 * TTL there. Here the process's clock (`Date`, which the app, the platform's KVS expiry, leases, the points pool and
 * the queue all read) is moved forward to each event's time of day: page opens every 14.4 s, notices evenly spread,
 * and 20 silent changes (the engineering record changes, no notice is sent) at seeded times on specs no notice names.
 * Each page open invokes the resolver once per macro (the resolver path, as scenario 6 counts it) and waits for the
 * queue to drain; handler durations (GB-s) are measured in real time with the production-like latency model.
 * Before each view the bench also checks whether the macro's stored snapshot would be current for the browser's
 * first paint (every spec fetched within the TTL, no problem, no pin, not trimmed): those views would have run no
 * function at all; the counters still include their resolver invocation.
 */
import { randomUUID } from 'node:crypto';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { seededRandom } from '../platform/faults';
import { startBenchApp, type BenchApp } from './bench-app';
import { signedNotice } from './push-storm';
import { createSite, noticePositions } from './site-costs';
import { forgeCharge, SHARED_POOL_POINTS_PER_HOUR } from './forge-prices';
import { NO_LATENCY, PRODUCTION_LIKE, type LatencyModel } from './latency-model';

const DAY_SECONDS = 8 * 3600;
const SILENT_CHANGES = 20;
const DEFAULT_TTLS = [300, 600, 1800, 3600, 14_400];

interface DayShape {
  pages: number;
  macrosPerPage: number;
  specs: number;
  specsPerMacro: number;
  views: number;
  notices: number;
}

const FULL: DayShape = { pages: 20, macrosPerPage: 5, specs: 60, specsPerMacro: 3, views: 2000, notices: 30 };
const QUICK: DayShape = { pages: 4, macrosPerPage: 5, specs: 60, specsPerMacro: 3, views: 100, notices: 6 };

/** The process clock, moved by hand: `Date.now()` and `new Date()` read real time plus `offsetMs`. */
export class VirtualClock {
  private readonly state = { offsetMs: 0 };
  private readonly RealDate = Date;
  private get offsetMs(): number {
    return this.state.offsetMs;
  }
  install(): void {
    const { state, RealDate } = this;
    class VirtualDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + state.offsetMs);
        else super(...(args as [string]));
      }
      static override now(): number {
        return RealDate.now() + state.offsetMs;
      }
    }
    globalThis.Date = VirtualDate as DateConstructor;
  }
  uninstall(): void {
    globalThis.Date = this.RealDate;
  }
  /** Moves the clock forward to `at` (epoch ms); never back. */
  advanceTo(at: number): void {
    const now = this.RealDate.now() + this.offsetMs;
    if (at > now) this.state.offsetMs += at - now;
  }
}

interface TtlDayResult {
  ttlSeconds: number;
  invocations: number;
  invocationsByFunction: Record<string, number>;
  gbSeconds: number;
  /** memoryMB of each function, from manifest.yml (GB-s are each invocation's duration × its function's memory). */
  memoryMB: Record<string, number>;
  restPoints: number;
  confluenceRequests: number;
  engineeringRequests: number;
  kvsReadKB: number;
  kvsWriteKB: number;
  logKB: number;
  realtimePublishes: number;
  usd: number;
  sitesPerHour: number | null;
  sitesPerHourIfDayInOneHour: number | null;
  /** Macro views whose stored snapshot was current for first paint (no function would have run). */
  firstPaintCurrentViews: number;
  macroViews: number;
  /** Silent changes: seconds from the change until a view first showed it; the worst and the mean. */
  silentChanges: { count: number; seenCount: number; worstSeconds: number | null; meanSeconds: number | null };
  /** The bound: the TTL, plus the wait for the next view and the revalidation. */
  stalenessBoundSeconds: number;
  realWallMs: number;
}

async function runDay(ttlSeconds: number, model: LatencyModel, shape: DayShape, log: (line: string) => void): Promise<TtlDayResult> {
  const clock = new VirtualClock();
  clock.install();
  const app = await startBenchApp('specBridge', model, { ttlSeconds, queueTimeScale: 0.001 });
  const realStarted = performance.now();
  try {
    const { specIds, pages } = createSite(app, shape);
    const random = seededRandom(11);
    const dayStart = Date.now() + 60_000;
    const viewEvery = (DAY_SECONDS * 1000) / shape.views;
    // Notices: spec n (n < notices), placed as scenario 6 places them.
    const noticeAt = noticePositions(shape);
    // Silent changes: on specs no notice names, at seeded times of day (never in the last hour, so a view can see them).
    const silentSpecs = specIds.slice(shape.notices, shape.notices + SILENT_CHANGES);
    const silent = silentSpecs
      .map((specId, k) => ({ specId, revision: `S${String(k + 1).padStart(3, '0')}`, at: dayStart + Math.floor(random() * (DAY_SECONDS - 3600) * 1000), seenAt: undefined as number | undefined }))
      .sort((a, b) => a.at - b.at);
    let nextSilent = 0;
    app.platform.costs.reset();
    const countersBefore = app.platform.counters.snapshot();
    const engineeringBefore = app.engineeringCounters.get('engineering.requests');
    let firstPaintCurrentViews = 0;
    let macroViews = 0;
    for (let index = 0; index < shape.views; index += 1) {
      const at = dayStart + Math.round(index * viewEvery);
      while (nextSilent < silent.length && (silent[nextSilent]?.at ?? Infinity) <= at) {
        const change = silent[nextSilent] as (typeof silent)[number];
        clock.advanceTo(change.at);
        app.engineering.admin.updateSpec(change.specId, { revision: change.revision });
        nextSilent += 1;
      }
      clock.advanceTo(at);
      const notice = noticeAt.get(index);
      if (notice !== undefined) await sendNotice(app, specIds[notice % specIds.length] as string, notice);
      const page = pages[Math.floor(random() * pages.length)] as (typeof pages)[number];
      for (const macro of page.macros) {
        macroViews += 1;
        if (snapshotCurrent(app, page.pageId, macro.localId, macro.config.specIds.split(','), ttlSeconds)) firstPaintCurrentViews += 1;
      }
      const results = await Promise.all(page.macros.map((macro) => app.view(page.pageId, macro)));
      const now = Date.now();
      for (const { result } of results) {
        if (!result.ok) continue;
        for (const spec of result.value.specs) {
          const change = silent.find((c) => c.specId === spec.id && c.seenAt === undefined && c.at <= now);
          if (change && spec.record?.revision === change.revision) change.seenAt = now;
        }
      }
      await app.platform.queue.drain(120_000);
      if (index % 250 === 0) log(`ttl ${ttlSeconds} s: view ${index}/${shape.views}`);
    }
    await app.platform.queue.drain(120_000);
    const totals = app.platform.costs.totals();
    const after = app.platform.counters.snapshot();
    const invocationsByFunction = Object.fromEntries(
      Object.entries(after)
        .filter(([name, count]) => name.startsWith('invocations.') && count > (countersBefore[name] ?? 0))
        .map(([name, count]) => [name.slice('invocations.'.length), count - (countersBefore[name] ?? 0)]),
    );
    const seen = silent.filter((c) => c.seenAt !== undefined).map((c) => ((c.seenAt as number) - c.at) / 1000);
    const pointsPerSiteHour = totals.confluencePoints / 8;
    return {
      ttlSeconds,
      invocations: totals.invocations,
      invocationsByFunction,
      gbSeconds: round(totals.gbSeconds, 3),
      memoryMB: Object.fromEntries([...app.platform.manifest.functions].map(([key, fn]) => [key, fn.memoryMB])),
      restPoints: totals.confluencePoints,
      confluenceRequests: totals.confluenceRequests,
      engineeringRequests: app.engineeringCounters.get('engineering.requests') - engineeringBefore,
      kvsReadKB: round(totals.kvsReadBytes / 1024, 1),
      kvsWriteKB: round(totals.kvsWriteBytes / 1024, 1),
      logKB: round(totals.logBytes / 1024, 1),
      realtimePublishes: totals.realtimePublishes,
      usd: forgeCharge(totals).total,
      sitesPerHour: totals.confluencePoints === 0 ? null : Math.floor(SHARED_POOL_POINTS_PER_HOUR / pointsPerSiteHour),
      sitesPerHourIfDayInOneHour: totals.confluencePoints === 0 ? null : Math.floor(SHARED_POOL_POINTS_PER_HOUR / totals.confluencePoints),
      firstPaintCurrentViews,
      macroViews,
      silentChanges: {
        count: silent.length,
        seenCount: seen.length,
        worstSeconds: seen.length ? round(Math.max(...seen), 1) : null,
        meanSeconds: seen.length ? round(seen.reduce((a, b) => a + b, 0) / seen.length, 1) : null,
      },
      stalenessBoundSeconds: ttlSeconds,
      realWallMs: Math.round(performance.now() - realStarted),
    };
  } finally {
    await app.close();
    clock.uninstall();
  }
}

/** Whether the macro's stored snapshot would be painted as current by the browser (docs/decisions.md §19), roughly. */
function snapshotCurrent(app: BenchApp, pageId: string, localId: string, specIds: string[], ttlSeconds: number): boolean {
  const snapshot = app.platform.confluence.admin.getPropertyByKey(pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot | undefined;
  if (!snapshot || snapshot.truncated || snapshot.specs.length !== specIds.length) return false;
  const oldest = Date.now() - ttlSeconds * 1000;
  return snapshot.specs.every(
    (spec, i) => spec.id === specIds[i] && spec.record !== undefined && !spec.problem && !spec.pinned && spec.fetchedAt !== undefined && Date.parse(spec.fetchedAt) >= oldest,
  );
}

/** The engineering system changes a spec and posts a signed notice dated by the (virtual) clock. */
async function sendNotice(app: BenchApp, specId: string, n: number): Promise<void> {
  app.engineering.admin.updateSpec(specId, { revision: `D${String(n + 1).padStart(3, '0')}` });
  const response = await app.platform.callWebTrigger('spec-change-notice', signedNotice(specId, `msg_${randomUUID()}`));
  if (response.statusCode !== 202) throw new Error(`notice answered ${response.statusCode}: ${response.body}`);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function render(results: TtlDayResult[], shape: DayShape): string {
  const header = `A working day on one site over 8 h of virtual time: ${shape.views} page opens of ${shape.pages} pages × ${shape.macrosPerPage} macros over ${shape.specs} specs, ${shape.notices} notices, ${SILENT_CHANGES} silent changes`;
  const rows: [string, (r: TtlDayResult) => string][] = [
    ['TTL s', (r) => String(r.ttlSeconds)],
    ['invocations', (r) => `${r.invocations} (${Object.entries(r.invocationsByFunction).map(([k, v]) => `${k} ${v}`).join(', ')})`],
    ['GB-s (memoryMB)', (r) => `${r.gbSeconds} (${Object.entries(r.memoryMB).map(([k, v]) => `${k} ${v}`).join(', ')})`],
    ['REST points (requests)', (r) => `${r.restPoints} (${r.confluenceRequests})`],
    ['engineering requests', (r) => String(r.engineeringRequests)],
    ['KVS KB read / written', (r) => `${r.kvsReadKB} / ${r.kvsWriteKB}`],
    ['log KB', (r) => String(r.logKB)],
    ['realtime publishes', (r) => String(r.realtimePublishes)],
    ['USD (overage prices)', (r) => r.usd.toFixed(6)],
    ['sites per 65,000-point pool (8 h / 1 h)', (r) => `${r.sitesPerHour ?? '∞'} / ${r.sitesPerHourIfDayInOneHour ?? '∞'}`],
    ['views first paint could serve', (r) => `${r.firstPaintCurrentViews} of ${r.macroViews}`],
    ['silent change seen after: worst / mean s', (r) => `${r.silentChanges.worstSeconds ?? '—'} / ${r.silentChanges.meanSeconds ?? '—'} (${r.silentChanges.seenCount}/${r.silentChanges.count} seen)`],
    ['worst staleness (bound) s', (r) => `TTL ${r.stalenessBoundSeconds} + next view + revalidation`],
  ];
  return [header, ...rows.map(([label, cell]) => `${label.padEnd(42)} ${results.map((r) => cell(r).padEnd(28)).join(' ')}`)].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const ttls = args.includes('--ttl') ? (args[args.indexOf('--ttl') + 1] ?? '').split(',').map(Number) : DEFAULT_TTLS;
  if (ttls.some((t) => !Number.isInteger(t) || t < 60 || t > 86_400)) throw new Error('--ttl takes seconds between 60 and 86400, comma-separated');
  const shape = quick ? QUICK : FULL;
  const model = quick ? NO_LATENCY : PRODUCTION_LIKE;
  const results: TtlDayResult[] = [];
  for (const ttl of ttls) results.push(await runDay(ttl, model, shape, (line) => console.error(`[ttl] ${line}`)));
  console.log(args.includes('--json') ? JSON.stringify({ schema: 'spec-bridge-ttl-sweep/1', shape, latencyModel: model, results }, null, 2) : render(results, shape));
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
