/**
 * Scenario 1: a page with N macros over M specs, V viewers arriving at once (each viewer opens every
 * macro), then the same again warm — for Spec Bridge and for the naive baseline.
 */
import { startBenchApp, type BenchApp, type BenchSubject } from './bench-app';
import type { LatencyModel } from './latency-model';
import { percentiles, ratio, type Percentiles } from './stats';

/** Size of the scenario. */
export interface PageViewsShape {
  viewers: number;
  macros: number;
  specsPerMacro: number;
}

/** What one round of views cost. */
export interface ViewRound {
  views: number;
  /** Views that did not show a record for every spec (or answered an error). */
  viewsWithoutData: number;
  engineeringRequests: number;
  kvsOperations: number;
  confluenceRequests: number;
  resolverMs: Percentiles;
  wallMs: number;
}

/**
 * One subject's rounds: V viewers cold then warm; one viewer alone (no contention) cold then warm on a twin page; and
 * one viewer's first view of macros over new specs that an author has just configured in the editor (`configured`).
 */
export interface SubjectRounds {
  cold: ViewRound;
  warm: ViewRound;
  oneViewer: { cold: ViewRound; warm: ViewRound; configured: ViewRound };
}

/** Scenario 1's result. */
export interface PageViewsResult {
  page: PageViewsShape & { distinctSpecs: number; viewsPerRound: number };
  specBridge: SubjectRounds;
  baseline: SubjectRounds;
  /** baseline ÷ Spec Bridge (null when Spec Bridge's figure is 0). */
  ratios: {
    engineeringRequestsTotal: number | null;
    engineeringRequestsCold: number | null;
    resolverP50Cold: number | null;
    resolverP95Cold: number | null;
    resolverP50Warm: number | null;
    resolverP95Warm: number | null;
  };
}

/** Runs scenario 1 for both subjects, one after the other, each on a fresh platform. */
export async function runPageViews(model: LatencyModel, shape: PageViewsShape, log: (line: string) => void): Promise<PageViewsResult> {
  const specBridge = await runSubject('specBridge', model, shape, log);
  const baseline = await runSubject('baseline', model, shape, log);
  const total = (r: SubjectRounds) => r.cold.engineeringRequests + r.warm.engineeringRequests;
  return {
    page: { ...shape, distinctSpecs: shape.macros * shape.specsPerMacro, viewsPerRound: shape.viewers * shape.macros },
    specBridge,
    baseline,
    ratios: {
      engineeringRequestsTotal: ratio(total(baseline), total(specBridge)),
      engineeringRequestsCold: ratio(baseline.cold.engineeringRequests, specBridge.cold.engineeringRequests),
      resolverP50Cold: ratio(baseline.cold.resolverMs.p50, specBridge.cold.resolverMs.p50),
      resolverP95Cold: ratio(baseline.cold.resolverMs.p95, specBridge.cold.resolverMs.p95),
      resolverP50Warm: ratio(baseline.warm.resolverMs.p50, specBridge.warm.resolverMs.p50),
      resolverP95Warm: ratio(baseline.warm.resolverMs.p95, specBridge.warm.resolverMs.p95),
    },
  };
}

async function runSubject(subject: BenchSubject, model: LatencyModel, shape: PageViewsShape, log: (line: string) => void): Promise<SubjectRounds> {
  const app = await startBenchApp(subject, model);
  try {
    await warmUp(app);
    const twin = createPageOver(app, 'SOLO', shape);
    log(`page views: ${subject}, one viewer (${shape.macros} macros)`);
    const oneViewer = { cold: await viewRound(app, twin, 1), warm: await viewRound(app, twin, 1), configured: await configuredRound(app, shape) };
    const page = createPageOver(app, 'VIEW', shape);
    log(`page views: ${subject} cold (${shape.viewers} viewers × ${shape.macros} macros)`);
    const cold = await viewRound(app, page, shape.viewers);
    log(`page views: ${subject} warm`);
    const warm = await viewRound(app, page, shape.viewers);
    return { cold, warm, oneViewer };
  } finally {
    await app.close();
  }
}

/**
 * One uncounted view of a macro of its own, for both subjects alike: the first invocation in the process loads and
 * compiles the subject's code (Spec Bridge's Forge bundle, about 0.8 MB, much more than the baseline's few lines), which
 * is not the per-view cost the rounds measure; a Forge cold start is a swept parameter (scenarios 5 and 6), not
 * measured. The measured specs and macros stay cold.
 */
async function warmUp(app: BenchApp): Promise<void> {
  const page = app.createPage([app.createSpecs('WARMUP', 1)]);
  for (const macro of page.macros) await app.view(page.pageId, macro);
  await app.platform.queue.drain(60_000);
}

function createPageOver(app: BenchApp, prefix: string, shape: PageViewsShape) {
  const specIds = app.createSpecs(prefix, shape.macros * shape.specsPerMacro);
  return app.createPage(Array.from({ length: shape.macros }, (_, i) => specIds.slice(i * shape.specsPerMacro, (i + 1) * shape.specsPerMacro)));
}

/**
 * An author configures each macro of a page over new specs in the editor (the dialog's draft check), then the editor
 * renders them all at once: the first views after Save. Only the views are timed, as in every round.
 */
async function configuredRound(app: BenchApp, shape: PageViewsShape): Promise<ViewRound> {
  const page = createPageOver(app, 'EDIT', shape);
  for (const macro of page.macros) await app.configure(page.pageId, macro);
  await app.platform.queue.drain(60_000);
  return viewRound(app, page, 1, { editing: true });
}

/** Every viewer opens every macro of the page; all viewers arrive at once. */
async function viewRound(app: BenchApp, page: ReturnType<BenchApp['createPage']>, viewers: number, options: { editing?: boolean } = {}): Promise<ViewRound> {
  const before = app.counts();
  const started = performance.now();
  const views = await Promise.all(
    Array.from({ length: viewers }, () => Promise.all(page.macros.map((macro) => app.view(page.pageId, macro, options)))),
  );
  const wallMs = performance.now() - started;
  await app.platform.queue.drain(60_000);
  const after = app.counts();
  const flat = views.flat();
  return {
    views: flat.length,
    viewsWithoutData: flat.filter(({ result }) => !result.ok || result.value.specs.length === 0 || result.value.specs.some((s) => !s.record)).length,
    engineeringRequests: after.engineeringRequests - before.engineeringRequests,
    kvsOperations: after.kvsOperations - before.kvsOperations,
    confluenceRequests: after.confluenceRequests - before.confluenceRequests,
    resolverMs: percentiles(flat.map((v) => v.ms)),
    wallMs: Math.round(wallMs),
  };
}
