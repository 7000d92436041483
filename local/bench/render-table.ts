/** The benchmark report as readable text tables (the default output of `npm run bench`). */
import { describeLatency } from './latency-model';
import type { OutagePhase, OutageViews } from './outage';
import type { ViewRound } from './page-views';
import { renderSiteCosts } from './render-site-costs';
import type { PushStormResult } from './push-storm';
import { percent, PUSH_STORM_BASELINE_NOTE, type BenchReport } from './report';
import type { Percentiles } from './stats';

/** Renders the whole report. */
export function renderTable(report: BenchReport): string {
  const { pageViews: pv, pushStorm, outage, frontend } = report;
  const storm = pushStorm.specBridge;
  const lines: string[] = [
    `Spec Bridge benchmark (${report.mode}) — ${report.startedAt}, Node ${report.environment.node}, ${report.environment.cpus} CPUs, ${(report.durationMs / 1000).toFixed(1)} s`,
    `Latency model: ${describeLatency(report.latencyModel)}`,
    '',
    `1. Page views — ${pv.page.macros} macros over ${pv.page.distinctSpecs} specs; ${pv.page.viewers} viewers at once open every macro (${pv.page.viewsPerRound} getSpecs per round)`,
    ...table(
      ['', 'Spec Bridge', 'baseline', 'Spec Bridge vs baseline'],
      [
        ...roundRows('cold', pv.specBridge.cold, pv.baseline.cold),
        ...roundRows('warm', pv.specBridge.warm, pv.baseline.warm),
        ...roundRows('1 viewer, cold', pv.specBridge.oneViewer.cold, pv.baseline.oneViewer.cold),
        ...roundRows('1 viewer, warm', pv.specBridge.oneViewer.warm, pv.baseline.oneViewer.warm),
        ...roundRows('1 viewer, first view after configuring', pv.specBridge.oneViewer.configured, pv.baseline.oneViewer.configured),
        [
          'engineering requests, cold + warm',
          String(pv.specBridge.cold.engineeringRequests + pv.specBridge.warm.engineeringRequests),
          String(pv.baseline.cold.engineeringRequests + pv.baseline.warm.engineeringRequests),
          fewer(pv.specBridge.cold.engineeringRequests + pv.specBridge.warm.engineeringRequests, pv.baseline.cold.engineeringRequests + pv.baseline.warm.engineeringRequests),
        ],
      ],
    ),
    '',
    `2. Push storm — ${storm.shape.notices} signed notices over ${storm.shape.specs} specs (${percent(storm.shape.duplicateShare)} duplicate ids, shuffled, ${storm.shape.senders} senders), ${storm.shape.macros} macros; queue reorders and duplicates 10 % of deliveries`,
    ...table(
      ['', 'Spec Bridge'],
      [
        ['web trigger answer p50 / p95 / max', ms(storm.webTriggerMs)],
        ['answers 202 / 200 duplicate / other (503s retried by the sender)', `${storm.answers.accepted} / ${storm.answers.duplicate} / ${storm.answers.other} (${storm.answers.retried})`],
        ...stormTimeline(storm),
        ['engineering requests', String(storm.engineeringRequests)],
        ['queue events / consumer invocations / retried', `${storm.queue.events} / ${storm.queue.deliveries} / ${storm.queue.retried}`],
        ['snapshot writes', String(storm.snapshotWrites)],
        ['lost updates / snapshots gone back', `${storm.lostUpdates} / ${storm.regressions}`],
      ],
    ),
    `   Baseline: ${PUSH_STORM_BASELINE_NOTE}`,
    '',
    `3. Outage — engineering answers 503 to everything after a warm-up; ${outage.shape.viewers} viewers × ${outage.shape.macros} macros per phase (${outage.shape.distinctSpecs} specs)`,
    ...table(
      ['', 'Spec Bridge: specs rendered (states)', 'baseline'],
      (['withinTtl', 'pastTtl', 'cacheLost'] as OutagePhase[]).map((phase) => [PHASE_LABELS[phase], outageCell(outage.specBridge[phase]), outageCell(outage.baseline[phase])]),
    ),
    '',
    `4. Frontend weight — ${frontend.entry} bundled by ${frontend.bundler}`,
    `   ${kb(frontend.rawBytes)} raw, ${kb(frontend.gzipBytes)} gzip; Spec Bridge's own code ${kb(frontend.appCodeBytes)}; largest: ${frontend.largest.map((m) => `${m.module} ${kb(m.bytes)}`).join(', ')}`,
    '',
    ...renderSiteCosts(report.siteCosts, table),
    '',
    'Targets',
    ...report.targets.map((t) => `  [${t.met ? 'met' : 'MISSED'}] ${t.target} — ${t.measured}`),
  ];
  return lines.join('\n');
}

const PHASE_LABELS: Record<OutagePhase, string> = {
  withinTtl: 'cache within TTL',
  pastTtl: 'cache 2 h old (past TTL)',
  cacheLost: 'cache evicted (snapshots only)',
};

function roundRows(label: string, sb: ViewRound, base: ViewRound): string[][] {
  return [
    [`${label}: engineering requests`, String(sb.engineeringRequests), String(base.engineeringRequests), fewer(sb.engineeringRequests, base.engineeringRequests)],
    [`${label}: KVS ops / Confluence requests`, `${sb.kvsOperations} / ${sb.confluenceRequests}`, `${base.kvsOperations} / ${base.confluenceRequests}`, ''],
    [`${label}: resolver p50 / p95 ms`, ms(sb.resolverMs, false), ms(base.resolverMs, false), faster(sb.resolverMs.p50, base.resolverMs.p50)],
    ...(sb.viewsWithoutData + base.viewsWithoutData > 0 ? [[`${label}: views without data`, String(sb.viewsWithoutData), String(base.viewsWithoutData), '']] : []),
  ];
}

/** The storm's moments in the order they happened, each counted from the first notice sent. */
export function stormTimeline(storm: Pick<PushStormResult, 'lastNoticeAnsweredMs' | 'convergedAfterFirstNoticeMs' | 'convergedAfterLastNoticeMs'>): string[][] {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const converged =
    storm.convergedAfterFirstNoticeMs === null || storm.convergedAfterLastNoticeMs === null
      ? 'never (timeout)'
      : `${seconds(storm.convergedAfterFirstNoticeMs)} (${seconds(storm.convergedAfterLastNoticeMs)} after the last notice)`;
  return [
    ['timeline: first notice sent', seconds(0)],
    ['… last notice answered', seconds(storm.lastNoticeAnsweredMs)],
    ['… every snapshot current', converged],
  ];
}

function outageCell(views: OutageViews): string {
  const states = Object.entries(views.states).filter(([, n]) => n > 0).map(([state, n]) => `${state} ${n}`).join(', ');
  return `${percent(views.specsRenderedShare)} (${states || 'none'}${views.errors ? `, ${views.errors} errors` : ''})`;
}

function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  return all.map((row) => `   ${row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] as number) : cell.padStart(widths[col] as number))).join('   ')}`);
}

function ms(p: Percentiles, withMax = true): string {
  return withMax ? `${p.p50} / ${p.p95} / ${p.max} ms` : `${p.p50} / ${p.p95}`;
}

/** Spec Bridge's count against the baseline's, in words a ratio below 1 cannot confuse: "300× fewer", "2× more". */
export function fewer(specBridge: number, baseline: number): string {
  if (specBridge === baseline) return 'same';
  if (specBridge === 0) return 'none at all';
  if (baseline === 0) return `${specBridge} more`;
  return specBridge < baseline ? `${round1(baseline / specBridge)}× fewer` : `${round1(specBridge / baseline)}× more`;
}

/** Spec Bridge's p50 against the baseline's: "4.5× faster p50" or "2.2× slower p50". */
export function faster(specBridgeMs: number, baselineMs: number): string {
  if (!(specBridgeMs > 0) || !(baselineMs > 0)) return '—';
  return specBridgeMs <= baselineMs ? `${round1(baselineMs / specBridgeMs)}× faster p50` : `${round1(specBridgeMs / baselineMs)}× slower p50`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
