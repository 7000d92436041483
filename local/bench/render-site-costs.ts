/** Scenarios 5 and 6 (Forge costs per site) as text tables; render-table.ts places them in the report. */
import { FORGE_PRICES } from './forge-prices';
import type { PageEditCost } from './page-edits';
import { COLD_START_SOURCE, type SiteCost, type SiteCostsResult, type SiteShape } from './site-costs';
import type { Percentiles } from './stats';

type Table = (header: string[], rows: string[][]) => string[];

/** The two site scenarios, Spec Bridge and the naive macro side by side. */
export function renderSiteCosts(costs: SiteCostsResult, table: Table): string[] {
  const { coldViews, workingDay } = costs;
  const { pool } = workingDay;
  const sites = (n: number | null) => (n === null ? 'unlimited (0 points)' : n.toLocaleString('en-US'));
  return [
    `5. 1,000 cold views — ${describe(coldViews.shape)} on a fresh install`,
    ...table(['', 'Spec Bridge', 'baseline'], costRows(coldViews.specBridge, coldViews.baseline)),
    '',
    `6. A working day on one site — ${describe(workingDay.shape)}, ${workingDay.shape.notices} change notices (Spec Bridge; the baseline has no push path), then ${workingDay.shape.pageEdits} page edits and ${workingDay.shape.unrelatedPageEdits} edits of ${workingDay.shape.unrelatedPages} pages without a macro (Spec Bridge: the naive macro handles no page event)`,
    ...table(
      ['', 'Spec Bridge', 'baseline'],
      [
        ...costRows(workingDay.specBridge, workingDay.baseline),
        ['REST points per site-hour (day over ' + String(pool.workingDayHours) + ' h)', String(pool.specBridge.pointsPerSiteHour), String(pool.baseline.pointsPerSiteHour)],
        [`sites the ${pool.pointsPerHour.toLocaleString('en-US')}-point pool serves per hour`, sites(pool.specBridge.sitesPerHour), sites(pool.baseline.sitesPerHour)],
        ['… if the whole day fell in one hour', sites(pool.specBridge.sitesPerHourIfDayInOneHour), sites(pool.baseline.sitesPerHourIfDayInOneHour)],
      ],
    ),
    ...renderPageEdits(workingDay.specBridge, table),
    `   Counts are the local platform's cost counters; USD is arithmetic over them at overage prices (${FORGE_PRICES.source}).`,
    `   Cold start: ${COLD_START_SOURCE}. Spec Bridge's views run the UI's own first-paint decision (local/bench/macro-ui-view.ts): a current signed snapshot is painted with no invocation, anything else asks the resolver.`,
  ];
}

/** The working day's page edits (Spec Bridge), in all and per edit; the day's rows above include them. */
function renderPageEdits(sb: SiteCost, table: Table): string[] {
  const batches = [
    ['page edits', sb.pageEdits],
    ['unrelated page edits', sb.unrelatedPageEdits],
  ].filter((batch): batch is [string, PageEditCost] => batch[1] !== null);
  if (batches.length === 0) return [];
  const row = (label: string, pick: (c: PageEditCost) => string) => [label, ...batches.map(([, c]) => pick(c))];
  return [
    '   Page edits (Spec Bridge; v2 page update → updated:page → page-event trigger → documentation notices to the sample engineering system; in the day\'s rows above)',
    ...table(
      ['', ...batches.map(([name, c]) => `${name} (${c.edits}${c.pinToggles > 0 ? `, ${c.pinToggles} pin changes` : ''})`)],
      [
        row('events handled (trigger invocations), per edit', (c) => `${c.eventsHandled}, ${c.perEdit.eventsHandled}`),
        row('documentation notices sent (applied), per edit', (c) => `${c.noticesSent} (${c.noticesApplied}), ${c.perEdit.noticesSent}`),
        row('engineering requests, per edit', (c) => `${c.engineeringRequests}, ${c.perEdit.engineeringRequests}`),
        row('Confluence REST points (requests), per edit', (c) => `${c.restPoints} (${c.confluenceRequests}), ${c.perEdit.restPoints}`),
        row('KVS ops, per edit', (c) => `${c.kvsOperations}, ${c.perEdit.kvsOperations}`),
        row('GB-s, per edit', (c) => `${c.gbSeconds}, ${c.perEdit.gbSeconds}`),
        row('invocations (by function)', (c) => Object.entries(c.invocationsByFunction).map(([k, n]) => `${k} ${n}`).join(', ')),
        row('Forge charge USD (arithmetic)', (c) => c.forgeChargeUsd.toFixed(6)),
      ],
    ),
  ];
}

function describe(shape: SiteShape): string {
  return `${shape.views} views by ${shape.readers} readers of ${shape.pages} pages × ${shape.macrosPerPage} macro(s) over ${shape.specs} specs (${shape.specsPerMacro} per macro)`;
}

function costRows(sb: SiteCost, base: SiteCost): string[][] {
  const row = (label: string, pick: (c: SiteCost) => string) => [label, pick(sb), pick(base)];
  return [
    row('invocations (by function)', (c) => `${c.invocations} (${Object.entries(c.invocationsByFunction).map(([k, n]) => `${k} ${n}`).join(', ')})`),
    row('GB-s', (c) => String(c.gbSeconds)),
    row('KVS KB read / written', (c) => `${c.kvsReadKB} / ${c.kvsWriteKB}`),
    row('log KB', (c) => String(c.logKB)),
    row('Confluence REST points (requests)', (c) => `${c.restPoints} (${c.confluenceRequests})`),
    row('realtime publishes / subscribes', (c) => `${c.realtime.publishes} / ${c.realtime.subscribes}`),
    row('engineering requests', (c) => String(c.engineeringRequests)),
    row('Forge charge USD (arithmetic)', (c) => c.forgeChargeUsd.total.toFixed(6)),
    ...(sb.coldStartSweep.slice(1).map((_, i) => row(`… with ${sb.coldStartSweep[i + 1]?.coldStartMs} ms cold start each`, (c) => (c.coldStartSweep[i + 1]?.usd ?? 0).toFixed(6)))),
    row('getSpecs p50 / p95 / max ms', (c) => ms(c.resolverMs)),
    row('page open p50 / p95 / max ms', (c) => ms(c.pageViewMs)),
    row('macro views painted from a snapshot (no invocation)', (c) => String(c.viewsPaintedFromSnapshot)),
    row('macro views without every record', (c) => String(c.viewsWithoutData)),
  ];
}

function ms(p: Percentiles): string {
  return `${p.p50} / ${p.p95} / ${p.max}`;
}
