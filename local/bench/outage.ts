/**
 * Scenario 3: after a warm-up the engineering system fails every request. Viewers keep opening the
 * page while (a) the cache is still within its TTL, (b) the cache has aged past the TTL, and (c) the
 * cache is gone (evicted) so only the page's content-property snapshots are left.
 */
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { startBenchApp, type BenchApp, type BenchSubject } from './bench-app';
import type { LatencyModel } from './latency-model';
import { share } from './stats';

/** Size of the scenario. */
export interface OutageShape {
  viewers: number;
  macros: number;
  specsPerMacro: number;
}

/** The three moments of the outage that are measured. */
export type OutagePhase = 'withinTtl' | 'pastTtl' | 'cacheLost';

/** What readers saw in one phase. */
export interface OutageViews {
  views: number;
  /** Views where every spec showed a record. */
  viewsWithData: number;
  viewsWithDataShare: number;
  /** Spec panels (views × specs per macro; an error shows none) that showed a record. */
  specsRendered: number;
  specsRenderedShare: number;
  /** Spec panels by the state the view reported. */
  states: { fresh: number; stale: number; degraded: number; missing: number };
  /** Views that answered an error instead of a view model. */
  errors: number;
}

/** Scenario 3's result. */
export interface OutageResult {
  shape: OutageShape & { distinctSpecs: number };
  specBridge: Record<OutagePhase, OutageViews>;
  baseline: Record<OutagePhase, OutageViews>;
}

const PHASES: OutagePhase[] = ['withinTtl', 'pastTtl', 'cacheLost'];

/** Runs scenario 3 for both subjects. */
export async function runOutage(model: LatencyModel, shape: OutageShape, log: (line: string) => void): Promise<OutageResult> {
  return {
    shape: { ...shape, distinctSpecs: shape.macros * shape.specsPerMacro },
    specBridge: await runSubject('specBridge', model, shape, log),
    baseline: await runSubject('baseline', model, shape, log),
  };
}

async function runSubject(subject: BenchSubject, model: LatencyModel, shape: OutageShape, log: (line: string) => void): Promise<Record<OutagePhase, OutageViews>> {
  // Retries of the failing revalidations run 100× faster so the queue is idle again soon after the outage.
  const app = await startBenchApp(subject, model, { queueTimeScale: Math.min(model.queueTimeScale, 0.01) });
  try {
    const specIds = app.createSpecs('OUT', shape.macros * shape.specsPerMacro);
    const page = app.createPage(Array.from({ length: shape.macros }, (_, i) => specIds.slice(i * shape.specsPerMacro, (i + 1) * shape.specsPerMacro)));
    for (const macro of page.macros) await app.view(page.pageId, macro);
    await app.platform.queue.drain(30_000);
    app.engineering.admin.setMode({ failAll: 503 });
    const results = {} as Record<OutagePhase, OutageViews>;
    for (const phase of PHASES) {
      prepare(app, phase);
      log(`outage: ${subject} ${phase}`);
      const views = await Promise.all(Array.from({ length: shape.viewers }, () => Promise.all(page.macros.map((macro) => app.view(page.pageId, macro)))));
      results[phase] = summarise(views.flat().map((v) => v.result), shape.specsPerMacro);
    }
    app.engineering.admin.setMode({});
    app.platform.db.prepare("UPDATE kvs_entries SET value = json_set(value, '$.openUntil', 0) WHERE namespace = 'kvs' AND key = 'breaker:engineering'").run();
    return results;
  } finally {
    await app.close(30_000);
  }
}

/** Moves the platform's state to the phase: nothing, cache aged 2 h (past the 10 min TTL), cache entries deleted. */
function prepare(app: BenchApp, phase: OutagePhase): void {
  if (phase === 'pastTtl') {
    app.platform.db.prepare("UPDATE kvs_entries SET value = json_set(value, '$.fetchedAt', json_extract(value, '$.fetchedAt') - ?) WHERE namespace = 'kvs' AND key LIKE 'spec:%'").run(2 * 3_600_000);
  }
  if (phase === 'cacheLost') app.platform.db.exec("DELETE FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE 'spec:%'");
}

function summarise(results: ResolverResult<MacroViewModel>[], specsPerView: number): OutageViews {
  const states = { fresh: 0, stale: 0, degraded: 0, missing: 0 };
  let specsRendered = 0;
  let viewsWithData = 0;
  let errors = 0;
  for (const result of results) {
    if (!result.ok) {
      errors += 1;
      continue;
    }
    const specs = result.value.specs;
    for (const spec of specs) states[spec.state] += 1;
    specsRendered += specs.filter((s) => s.record).length;
    if (specs.length > 0 && specs.every((s) => s.record)) viewsWithData += 1;
  }
  return {
    views: results.length,
    viewsWithData,
    viewsWithDataShare: share(viewsWithData, results.length),
    specsRendered,
    specsRenderedShare: share(specsRendered, results.length * specsPerView),
    states,
    errors,
  };
}
