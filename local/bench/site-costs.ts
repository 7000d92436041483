/**
 * Scenarios 5 and 6: what a site costs on Forge, from the local platform's cost counters
 * (`platform.costs.totals()`), for Spec Bridge and the naive macro side by side.
 * - "1,000 cold views": readers open pages with one macro each on a fresh install.
 * - "a working day on one site": readers open pages of several macros while change notices arrive.
 * A view is one reader opening one page: one `getSpecs` resolver invocation per macro on it (the
 * resolver path; the browser's first paint from a fresh snapshot, which invokes nothing, is not counted).
 * - Page edits (Spec Bridge): after the views and notices, editors update pages through the v2 page update; the
 *   `page-event` trigger and the documentation-notice consumer run, notices reach the sample engineering system's
 *   receiver, and their costs are in the day's totals (page-edits.ts measures them per edit). The naive macro
 *   handles no page event, so its subject is not edited.
 */
import { randomUUID } from 'node:crypto';
import type { CostTotals } from '../platform/costs';
import { seededRandom } from '../platform/faults';
import { startBenchApp, type BenchApp, type BenchSubject } from './bench-app';
import { runPageEdits, type PageEditCost } from './page-edits';
import { forgeCharge, SHARED_POOL_POINTS_PER_HOUR, type ForgeCharge } from './forge-prices';
import type { LatencyModel } from './latency-model';
import { signedNotice } from './push-storm';
import { viewAsMacroUi } from './macro-ui-view';
import { mapConcurrent, percentiles, shuffle, type Percentiles } from './stats';

/** Size of one site scenario. */
export interface SiteShape {
  pages: number;
  macrosPerPage: number;
  specs: number;
  specsPerMacro: number;
  /** Page opens; each invokes the resolver once per macro on the page. */
  views: number;
  /** Readers viewing at the same time; each opens its share of the views one after the other. */
  readers: number;
  /** Signed change notices sent to the web trigger, spread evenly over the views (Spec Bridge only). */
  notices: number;
  /** Edits of the pages with macros, after the views (Spec Bridge only; documentation notices configured). */
  pageEdits: number;
  /** Pages without a macro, and the edits made to them after the page edits (Spec Bridge only). */
  unrelatedPages: number;
  unrelatedPageEdits: number;
}

/** Assumed function cold starts, swept: no published Forge figure was found and the local platform runs warm. */
const COLD_START_SWEEP_MS = [0, 250, 1000] as const;
export const COLD_START_SOURCE =
  'swept, not measured: forge-2026-facts.md has no Forge cold-start figure and the local platform keeps one warm process; each row assumes every invocation pays it once (upper bound)';

/** What one subject spent in one scenario; every count is the platform's counter. */
export interface SiteCost {
  invocations: number;
  invocationsByFunction: Record<string, number>;
  gbSeconds: number;
  kvsReadKB: number;
  kvsWriteKB: number;
  logKB: number;
  restPoints: number;
  confluenceRequests: number;
  realtime: { publishes: number; subscribes: number };
  engineeringRequests: number;
  /** USD at the overage prices of forge-prices.ts: arithmetic over the counters above. */
  forgeChargeUsd: ForgeCharge;
  /** The charge with an assumed cold start added to every invocation (GB-s from each invocation's memory). */
  coldStartSweep: { coldStartMs: number; gbSeconds: number; usd: number }[];
  /** One `getSpecs` invocation as the caller saw it, and one page open (all its macros at once). */
  resolverMs: Percentiles;
  pageViewMs: Percentiles;
  viewsWithoutData: number;
  /** Macro views the UI painted from a current signed snapshot with no function call (Spec Bridge; 0 for the baseline). */
  viewsPaintedFromSnapshot: number;
  noticesSent: number;
  /** The page edits and their documentation notices (null when the shape has none, and for the baseline). */
  pageEdits: PageEditCost | null;
  /** Edits of pages without a macro: the trigger runs and should spend no REST point (null as pageEdits). */
  unrelatedPageEdits: PageEditCost | null;
  wallMs: number;
}

/** One scenario for both subjects. */
interface SiteScenario {
  shape: SiteShape & { resolverInvocationsForViews: number };
  specBridge: SiteCost;
  baseline: SiteCost;
}

/** The working day adds what a site costs against the shared points pool. */
interface WorkingDay extends SiteScenario {
  pool: {
    pointsPerHour: number;
    workingDayHours: number;
    specBridge: PoolShare;
    baseline: PoolShare;
  };
}

/** Sites the pool serves per hour: the day's points spread over the working day, or all in one hour. */
interface PoolShare {
  pointsPerSiteDay: number;
  pointsPerSiteHour: number;
  /** null when a site spends no points (the pool does not limit it). */
  sitesPerHour: number | null;
  sitesPerHourIfDayInOneHour: number | null;
}

/** Hours a working day's views and notices are assumed to spread over (for the per-hour pool share). */
const WORKING_DAY_HOURS = 8;
const NOTICE_RETRIES = 5;

/** Runs both scenarios for both subjects, each on a fresh platform. */
export async function runSiteCosts(model: LatencyModel, shapes: { coldViews: SiteShape; workingDay: SiteShape }, log: (line: string) => void) {
  const coldViews = await runScenario('cold views', model, shapes.coldViews, log);
  const day = await runScenario('working day', model, shapes.workingDay, log);
  const workingDay: WorkingDay = {
    ...day,
    pool: {
      pointsPerHour: SHARED_POOL_POINTS_PER_HOUR,
      workingDayHours: WORKING_DAY_HOURS,
      specBridge: poolShare(day.specBridge.restPoints),
      baseline: poolShare(day.baseline.restPoints),
    },
  };
  return { coldViews, workingDay };
}

/** Result of runSiteCosts. */
export type SiteCostsResult = Awaited<ReturnType<typeof runSiteCosts>>;

function poolShare(pointsPerSiteDay: number): PoolShare {
  const pointsPerSiteHour = pointsPerSiteDay / WORKING_DAY_HOURS;
  return {
    pointsPerSiteDay,
    pointsPerSiteHour: Math.round(pointsPerSiteHour * 10) / 10,
    sitesPerHour: pointsPerSiteDay === 0 ? null : Math.floor(SHARED_POOL_POINTS_PER_HOUR / pointsPerSiteHour),
    sitesPerHourIfDayInOneHour: pointsPerSiteDay === 0 ? null : Math.floor(SHARED_POOL_POINTS_PER_HOUR / pointsPerSiteDay),
  };
}

async function runScenario(name: string, model: LatencyModel, shape: SiteShape, log: (line: string) => void): Promise<SiteScenario> {
  const specBridge = await runSubject('specBridge', name, model, shape, log);
  const baseline = await runSubject('baseline', name, model, shape, log);
  return { shape: { ...shape, resolverInvocationsForViews: shape.views * shape.macrosPerPage }, specBridge, baseline };
}

async function runSubject(subject: BenchSubject, name: string, model: LatencyModel, shape: SiteShape, log: (line: string) => void): Promise<SiteCost> {
  const app = await startBenchApp(subject, model);
  try {
    const { specIds, pages } = createSite(app, shape);
    const editing = subject === 'specBridge' && shape.pageEdits + shape.unrelatedPageEdits > 0;
    if (editing) await app.configureDocumentationNotices();
    const unrelated = editing ? Array.from({ length: shape.unrelatedPages }, () => app.createPage([])) : [];
    // The pages' creation events run now, not on the counters of the day.
    await app.platform.events.drain(120_000);
    const plan = planViews(shape);
    const noticeAt = subject === 'specBridge' ? noticePositions(shape) : new Map<number, number>();
    log(`site costs: ${name}, ${subject} (${shape.views} views of ${shape.pages} pages × ${shape.macrosPerPage} macros by ${shape.readers} readers${noticeAt.size ? `, ${noticeAt.size} notices` : ''})`);
    app.platform.costs.reset();
    const countersBefore = app.platform.counters.snapshot();
    const engineeringBefore = app.engineeringCounters.get('engineering.requests');
    const started = performance.now();
    const resolverMs: number[] = [];
    const pageViewMs: number[] = [];
    let viewsWithoutData = 0;
    let viewsPainted = 0;
    await mapConcurrent(plan.byReader, shape.readers, async (views) => {
      for (const { index, page } of views) {
        const notice = noticeAt.get(index);
        if (notice !== undefined) await sendNotice(app, specIds[notice % specIds.length] as string, notice);
        const target = pages[page] as (typeof pages)[number];
        const openedAt = performance.now();
        // Spec Bridge's UI paints a current signed snapshot without a function call; the naive macro always invokes.
        const results = await Promise.all(
          target.macros.map((macro) => (subject === 'specBridge' ? viewAsMacroUi(app, target.pageId, macro) : app.view(target.pageId, macro).then((v) => ({ ...v, painted: false as const })))),
        );
        pageViewMs.push(performance.now() - openedAt);
        for (const view of results) {
          if (view.painted) {
            viewsPainted += 1;
            if (!view.hasData) viewsWithoutData += 1;
            continue;
          }
          resolverMs.push(view.ms);
          if (!view.result.ok || view.result.value.specs.some((spec: { record?: unknown }) => !spec.record)) viewsWithoutData += 1;
        }
      }
    });
    const wallMs = performance.now() - started;
    await app.platform.queue.drain(120_000);
    const pageEdits = editing && shape.pageEdits > 0 ? await runPageEdits(app, pages, shape.pageEdits, 'page') : null;
    const unrelatedPageEdits = editing && shape.unrelatedPageEdits > 0 ? await runPageEdits(app, unrelated, shape.unrelatedPageEdits, 'unrelated') : null;
    return costOf(app, app.platform.costs.totals(), invocationsByFunction(countersBefore, app.platform.counters.snapshot()), {
      engineeringRequests: app.engineeringCounters.get('engineering.requests') - engineeringBefore,
      resolverMs: percentiles(resolverMs),
      pageViewMs: percentiles(pageViewMs),
      viewsWithoutData,
      viewsPaintedFromSnapshot: viewsPainted,
      noticesSent: noticeAt.size,
      pageEdits,
      unrelatedPageEdits,
      wallMs: Math.round(wallMs),
    });
  } finally {
    await app.close();
  }
}

/** Invocations per function key from the platform's `invocations.<key>` counters (exact, unlike the meter's bounded list). */
function invocationsByFunction(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .filter(([name, count]) => name.startsWith('invocations.') && count > (before[name] ?? 0))
      .map(([name, count]) => [name.slice('invocations.'.length), count - (before[name] ?? 0)]),
  );
}

function costOf(
  app: BenchApp,
  totals: CostTotals,
  byFunction: Record<string, number>,
  measured: Pick<
    SiteCost,
    'engineeringRequests' | 'resolverMs' | 'pageViewMs' | 'viewsWithoutData' | 'viewsPaintedFromSnapshot' | 'noticesSent' | 'pageEdits' | 'unrelatedPageEdits' | 'wallMs'
  >,
): SiteCost {
  const invocations = app.platform.costs.invocations();
  // The meter keeps the latest 10,000 invocations; their mean memory stands for all of them.
  const meanMemoryGb = invocations.length === 0 ? 0 : invocations.reduce((sum, i) => sum + i.memoryMB, 0) / invocations.length / 1024;
  return {
    invocations: totals.invocations,
    invocationsByFunction: byFunction,
    gbSeconds: round3(totals.gbSeconds),
    kvsReadKB: round3(totals.kvsReadBytes / 1024),
    kvsWriteKB: round3(totals.kvsWriteBytes / 1024),
    logKB: round3(totals.logBytes / 1024),
    restPoints: totals.confluencePoints,
    confluenceRequests: totals.confluenceRequests,
    realtime: { publishes: totals.realtimePublishes, subscribes: totals.realtimeSubscribes },
    engineeringRequests: measured.engineeringRequests,
    forgeChargeUsd: forgeCharge(totals),
    coldStartSweep: COLD_START_SWEEP_MS.map((coldStartMs) => {
      const extra = totals.invocations * (coldStartMs / 1000) * meanMemoryGb;
      return { coldStartMs, gbSeconds: round3(totals.gbSeconds + extra), usd: forgeCharge(totals, extra).total };
    }),
    resolverMs: measured.resolverMs,
    pageViewMs: measured.pageViewMs,
    viewsWithoutData: measured.viewsWithoutData,
    viewsPaintedFromSnapshot: measured.viewsPaintedFromSnapshot,
    noticesSent: measured.noticesSent,
    pageEdits: measured.pageEdits,
    unrelatedPageEdits: measured.unrelatedPageEdits,
    wallMs: measured.wallMs,
  };
}

/** Each reader's page opens in order: reader r opens pages in a seeded shuffle, cycling, until the views are shared out. */
function planViews(shape: SiteShape): { byReader: { index: number; page: number }[][] } {
  const random = seededRandom(7);
  const byReader: { index: number; page: number }[][] = Array.from({ length: shape.readers }, () => []);
  const orders = byReader.map(() => shuffle(Array.from({ length: shape.pages }, (_, i) => i), random));
  for (let index = 0; index < shape.views; index += 1) {
    const reader = index % shape.readers;
    const views = byReader[reader] as { index: number; page: number }[];
    const order = orders[reader] as number[];
    views.push({ index, page: order[views.length % order.length] as number });
  }
  return { byReader };
}

/** View index → notice number: notice n goes out just before view ⌊(n + 1) × views / (notices + 1)⌋. */
/**
 * The site's specs (`SITE-1…`) and pages: each page has `macrosPerPage` macros, each showing the next `specsPerMacro`
 * specs, cycling through them.
 */
export function createSite(app: BenchApp, shape: Pick<SiteShape, 'pages' | 'macrosPerPage' | 'specs' | 'specsPerMacro'>) {
  const specIds = app.createSpecs('SITE', shape.specs);
  let macroIndex = 0;
  const pages = Array.from({ length: shape.pages }, () =>
    app.createPage(
      Array.from({ length: shape.macrosPerPage }, () => {
        const first = (macroIndex++ * shape.specsPerMacro) % specIds.length;
        return Array.from({ length: shape.specsPerMacro }, (_, k) => specIds[(first + k) % specIds.length] as string);
      }),
    ),
  );
  return { specIds, pages };
}

/** Notice n (n < notices) goes out just before view ⌊(n + 1) × views / (notices + 1)⌋: view index → notice number. */
export function noticePositions(shape: Pick<SiteShape, 'views' | 'notices'>): Map<number, number> {
  return new Map(Array.from({ length: shape.notices }, (_, n) => [Math.floor(((n + 1) * shape.views) / (shape.notices + 1)), n]));
}

/** The engineering system changes a spec and posts a signed notice (a 503 is retried like a Standard Webhooks sender). */
async function sendNotice(app: BenchApp, specId: string, n: number): Promise<void> {
  app.engineering.admin.updateSpec(specId, { revision: `D${String(n + 1).padStart(3, '0')}` });
  const id = `msg_${randomUUID()}`;
  for (let attempt = 0; attempt <= NOTICE_RETRIES; attempt += 1) {
    const response = await app.platform.callWebTrigger('spec-change-notice', signedNotice(specId, id));
    if (response.statusCode !== 503) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
