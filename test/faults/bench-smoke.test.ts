import { expect, test } from 'vitest';
import { renderTable } from '../../local/bench/render-table';
import { BENCH_SCHEMA, TIMING_TARGETS, type BenchReport } from '../../local/bench/report';
import { runBenchmark } from '../../local/bench/run-benchmark';

const SITE_COST_KEYS = [
  'coldStartSweep', 'confluenceRequests', 'engineeringRequests', 'forgeChargeUsd', 'gbSeconds', 'invocations', 'invocationsByFunction', 'kvsReadKB', 'kvsWriteKB',
  'logKB', 'noticesSent', 'pageEdits', 'pageViewMs', 'realtime', 'resolverMs', 'restPoints', 'unrelatedPageEdits', 'viewsPaintedFromSnapshot', 'viewsWithoutData', 'wallMs',
];
const PAGE_EDIT_KEYS = [
  'confluenceRequests', 'edits', 'engineeringRequests', 'eventsHandled', 'forgeChargeUsd', 'gbSeconds', 'invocationsByFunction', 'kvsOperations', 'noticesApplied',
  'noticesSent', 'perEdit', 'pinToggles', 'restPoints', 'wallMs',
];
const ROUND_KEYS = ['confluenceRequests', 'engineeringRequests', 'kvsOperations', 'resolverMs', 'views', 'viewsWithoutData', 'wallMs'];

function sortedKeys(value: object): string[] {
  return Object.keys(value).sort();
}

let report: BenchReport;

test('the quick benchmark returns one JSON document with the stable keys', async () => {
  report = await runBenchmark({ quick: true });

  expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  expect(report.schema).toBe(BENCH_SCHEMA);
  expect(sortedKeys(report)).toEqual(['durationMs', 'environment', 'frontend', 'latencyModel', 'mode', 'outage', 'pageViews', 'pushStorm', 'schema', 'siteCosts', 'startedAt', 'targets']);
  for (const subject of [report.pageViews.specBridge, report.pageViews.baseline]) {
    for (const round of [subject.cold, subject.warm, subject.oneViewer.cold, subject.oneViewer.warm, subject.oneViewer.configured]) expect(sortedKeys(round)).toEqual(ROUND_KEYS);
  }
  expect(sortedKeys(report.pushStorm.specBridge)).toEqual([
    'answers', 'convergedAfterFirstNoticeMs', 'convergedAfterLastNoticeMs', 'engineeringRequests', 'lastNoticeAnsweredMs', 'lostUpdates', 'queue', 'regressions', 'shape', 'snapshotWrites', 'webTriggerMs',
  ]);
  expect(sortedKeys(report.outage.specBridge)).toEqual(['cacheLost', 'pastTtl', 'withinTtl']);
  expect(report.targets.map((t) => t.id)).toEqual(['warm-views-no-engineering', 'cold-views-distinct-specs', 'fifty-times-fewer', 'outage-renders', 'storm-nothing-lost', 'storm-webtrigger-p95', 'cold-views-rest-points', 'unrelated-edits-rest-points', 'cold-view-first-data-p50', 'configured-view-first-data-p50']);
}, 120_000);

test('warm views make no engineering requests and cold views at most one per distinct spec', () => {
  const { page, specBridge, baseline } = report.pageViews;

  expect(specBridge.warm.engineeringRequests).toBe(0);
  expect(specBridge.oneViewer.warm.engineeringRequests).toBe(0);
  expect(specBridge.cold.engineeringRequests).toBeGreaterThan(0);
  expect(specBridge.cold.engineeringRequests).toBeLessThanOrEqual(page.distinctSpecs);
  expect(baseline.cold.engineeringRequests).toBe(page.viewsPerRound * page.specsPerMacro);
  expect(specBridge.cold.viewsWithoutData + specBridge.warm.viewsWithoutData).toBe(0);
});

test("the first views of macros an author has just configured ask the engineering system nothing: the dialog's check fetched their specs", () => {
  const { page, specBridge, baseline } = report.pageViews;

  expect(specBridge.oneViewer.configured.views).toBe(page.macros);
  expect(specBridge.oneViewer.configured.engineeringRequests).toBe(0);
  expect(specBridge.oneViewer.configured.viewsWithoutData).toBe(0);
  expect(baseline.oneViewer.configured.engineeringRequests).toBe(page.macros * page.specsPerMacro);
});

test('the push storm loses nothing and no snapshot goes back', () => {
  const storm = report.pushStorm.specBridge;

  expect(storm.lostUpdates).toBe(0);
  expect(storm.regressions).toBe(0);
  expect(storm.answers.other).toBe(0);
  expect(storm.answers.accepted + storm.answers.duplicate).toBe(storm.shape.notices);
  expect(storm.convergedAfterLastNoticeMs).not.toBeNull();
  expect(report.pushStorm.baseline).toBeNull();
});

test('during the outage every seen spec still renders for Spec Bridge and none for the baseline', () => {
  for (const phase of Object.values(report.outage.specBridge)) expect([phase.specsRenderedShare, phase.errors]).toEqual([1, 0]);
  for (const phase of Object.values(report.outage.baseline)) expect(phase.specsRenderedShare).toBe(0);
  expect(report.outage.specBridge.cacheLost.states.degraded).toBeGreaterThan(0);
});

test('every target that is not a timing is met, the bundle is measured, and the table names every scenario', () => {
  const table = renderTable(report);

  expect(report.targets.filter((t) => !t.met && !TIMING_TARGETS.has(t.id))).toEqual([]);
  expect(report.frontend.gzipBytes).toBeGreaterThan(0);
  expect(report.frontend.gzipBytes).toBeLessThan(report.frontend.rawBytes);
  for (const title of ['1. Page views', '2. Push storm', '3. Outage', '4. Frontend weight', '5. 1,000 cold views', '6. A working day on one site', 'Targets']) expect(table).toContain(title);
});

test('both site scenarios report the cost counters for both subjects, measured by the platform', () => {
  const { coldViews, workingDay } = report.siteCosts;

  for (const scenario of [coldViews, workingDay]) {
    for (const cost of [scenario.specBridge, scenario.baseline]) {
      expect(sortedKeys(cost)).toEqual(SITE_COST_KEYS);
      // Every macro view either ran the resolver or (Spec Bridge's UI) was painted from a current signed snapshot.
      expect((cost.invocationsByFunction.resolver ?? 0) + cost.viewsPaintedFromSnapshot).toBe(scenario.shape.resolverInvocationsForViews);
      expect(Object.values(cost.invocationsByFunction).reduce((sum, n) => sum + n, 0)).toBe(cost.invocations);
      expect(cost.gbSeconds).toBeGreaterThan(0);
      expect(cost.forgeChargeUsd.total).toBeGreaterThan(0);
      expect(cost.viewsWithoutData).toBe(0);
    }
    expect(scenario.baseline.restPoints).toBe(0);
    expect(scenario.baseline.viewsPaintedFromSnapshot).toBe(0);
    expect(scenario.baseline.engineeringRequests).toBe(scenario.shape.resolverInvocationsForViews * scenario.shape.specsPerMacro);
    expect(scenario.specBridge.kvsReadKB).toBeGreaterThan(0);
  }
  expect(coldViews.specBridge.restPoints).toBeGreaterThan(0);
  expect(coldViews.specBridge.restPoints).toBeLessThanOrEqual(100);
  // The UI's first-paint decision runs on the bench's views: readers after the first find a signed snapshot.
  expect(coldViews.specBridge.viewsPaintedFromSnapshot).toBeGreaterThan(0);
});

test('the working day sends its change notices to Spec Bridge and prices the site against the shared points pool', () => {
  const { workingDay } = report.siteCosts;
  const { specBridge, pool } = workingDay;

  expect(specBridge.noticesSent).toBe(workingDay.shape.notices);
  expect(specBridge.invocationsByFunction['change-notice']).toBe(workingDay.shape.notices);
  expect(specBridge.realtime.publishes).toBeGreaterThan(0);
  expect(workingDay.baseline.noticesSent).toBe(0);
  expect(pool.pointsPerHour).toBe(65_000);
  expect(pool.specBridge.pointsPerSiteDay).toBe(specBridge.restPoints);
  expect(pool.specBridge.sitesPerHour).toBe(Math.floor(65_000 / (specBridge.restPoints / pool.workingDayHours)));
  expect(pool.baseline.sitesPerHour).toBeNull();
});

test('the working day page edits run the page-event trigger and send documentation notices, counted in the day', () => {
  const { workingDay, coldViews } = report.siteCosts;
  const { specBridge, baseline, shape } = workingDay;
  const edits = specBridge.pageEdits;
  const unrelated = specBridge.unrelatedPageEdits;
  if (!edits || !unrelated) throw new Error('the working day made no page edits');

  for (const batch of [edits, unrelated]) expect(sortedKeys(batch)).toEqual(PAGE_EDIT_KEYS);
  expect([edits.edits, unrelated.edits]).toEqual([shape.pageEdits, shape.unrelatedPageEdits]);
  // One updated:page per edit, each handled by the trigger (the bench injects no duplicate events).
  expect(edits.eventsHandled).toBe(shape.pageEdits);
  expect(unrelated.eventsHandled).toBe(shape.unrelatedPageEdits);
  // Every page edited holds macros the views made known: its state goes to the receiver, which verifies and applies it.
  expect(edits.noticesSent).toBeGreaterThanOrEqual(Math.min(shape.pages, shape.pageEdits));
  expect(edits.noticesApplied).toBe(edits.noticesSent);
  expect(edits.engineeringRequests).toBe(edits.noticesSent);
  expect(edits.invocationsByFunction['doc-notice-consumer']).toBe(edits.noticesSent);
  expect(edits.restPoints).toBeGreaterThan(0);
  expect(edits.perEdit.restPoints).toBe(Math.round((edits.restPoints / edits.edits) * 1000) / 1000);
  // Pages without a macro: the trigger runs, reads no page and sends nothing.
  expect([unrelated.restPoints, unrelated.confluenceRequests, unrelated.noticesSent, unrelated.engineeringRequests]).toEqual([0, 0, 0, 0]);
  expect(unrelated.kvsOperations).toBeGreaterThan(0);
  // The trigger and the notice consumer are in the day's invocations.
  expect(specBridge.invocationsByFunction['page-event']).toBe(edits.eventsHandled + unrelated.eventsHandled);
  expect(specBridge.invocationsByFunction['doc-notice-consumer']).toBe(edits.invocationsByFunction['doc-notice-consumer']);
  expect(specBridge.gbSeconds).toBeGreaterThan(edits.gbSeconds + unrelated.gbSeconds);
  expect([baseline.pageEdits, baseline.unrelatedPageEdits, coldViews.specBridge.pageEdits]).toEqual([null, null, null]);
  expect(renderTable(report)).toContain('unrelated page edits');
});
