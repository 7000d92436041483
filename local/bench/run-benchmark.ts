/**
 * Runs every benchmark scenario in one process, Spec Bridge and the naive baseline on identical local
 * platforms with the same injected latency, and assembles the report.
 */
import { cpus } from 'node:os';
import { measureFrontendWeight } from './frontend-weight';
import { NO_LATENCY, PRODUCTION_LIKE } from './latency-model';
import { runOutage, type OutageShape } from './outage';
import { runPageViews, type PageViewsShape } from './page-views';
import { runPushStorm, type PushStormShape } from './push-storm';
import { runSiteCosts, type SiteShape } from './site-costs';
import { BENCH_SCHEMA, evaluateTargets, PUSH_STORM_BASELINE_NOTE, type BenchReport } from './report';

/** How big each scenario is in one mode. */
interface BenchSizes {
  pageViews: PageViewsShape;
  pushStorm: PushStormShape;
  outage: OutageShape;
  coldViews: SiteShape;
  workingDay: SiteShape;
}

const SIZES: Record<BenchReport['mode'], BenchSizes> = {
  full: {
    pageViews: { viewers: 100, macros: 10, specsPerMacro: 3 },
    pushStorm: { notices: 1000, specs: 200, specsPerMacro: 10, duplicateShare: 0.1, senders: 16, timeoutMs: 150_000 },
    outage: { viewers: 20, macros: 10, specsPerMacro: 3 },
    // docs/benchmarks.md "5. 1,000 cold views" and "6. A working day on one site".
    coldViews: { pages: 10, macrosPerPage: 1, specs: 30, specsPerMacro: 3, views: 1000, readers: 100, notices: 0, pageEdits: 0, unrelatedPages: 0, unrelatedPageEdits: 0 },
    workingDay: { pages: 20, macrosPerPage: 5, specs: 60, specsPerMacro: 3, views: 2000, readers: 50, notices: 30, pageEdits: 40, unrelatedPages: 20, unrelatedPageEdits: 200 },
  },
  quick: {
    pageViews: { viewers: 10, macros: 10, specsPerMacro: 3 },
    pushStorm: { notices: 100, specs: 20, specsPerMacro: 10, duplicateShare: 0.1, senders: 8, timeoutMs: 30_000 },
    outage: { viewers: 2, macros: 5, specsPerMacro: 3 },
    coldViews: { pages: 10, macrosPerPage: 1, specs: 30, specsPerMacro: 3, views: 200, readers: 20, notices: 0, pageEdits: 0, unrelatedPages: 0, unrelatedPageEdits: 0 },
    workingDay: { pages: 4, macrosPerPage: 5, specs: 12, specsPerMacro: 3, views: 40, readers: 10, notices: 6, pageEdits: 8, unrelatedPages: 4, unrelatedPageEdits: 20 },
  },
};

/** Runs the benchmark; `log` hears progress lines (stderr in the CLI). */
export async function runBenchmark(options: { quick?: boolean; log?: (line: string) => void } = {}): Promise<BenchReport> {
  const mode: BenchReport['mode'] = options.quick ? 'quick' : 'full';
  const model = options.quick ? NO_LATENCY : PRODUCTION_LIKE;
  const sizes = SIZES[mode];
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const pageViews = await runPageViews(model, sizes.pageViews, log);
  const storm = await runPushStorm(model, sizes.pushStorm, log);
  const outage = await runOutage(model, sizes.outage, log);
  const siteCosts = await runSiteCosts(model, { coldViews: sizes.coldViews, workingDay: sizes.workingDay }, log);
  log('frontend weight');
  const frontend = await measureFrontendWeight();
  const report: Omit<BenchReport, 'targets'> = {
    schema: BENCH_SCHEMA,
    mode,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length },
    latencyModel: model,
    pageViews,
    pushStorm: { specBridge: storm, baseline: null, baselineNote: PUSH_STORM_BASELINE_NOTE },
    outage,
    frontend,
    siteCosts,
  };
  return { ...report, targets: evaluateTargets(report) };
}
