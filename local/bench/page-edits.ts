/**
 * Page edits in the working day (the two-way bridge, docs/benchmarks.md "6. A working day on one site"): editors
 * update pages through Confluence's v2 page update, the platform raises `avi:confluence:updated:page`, the app's
 * `page-event` trigger reconciles known pages and hands changed page states to the documentation-notice queue, whose
 * consumer signs and POSTs them to the sample engineering system's receiver. Every figure is a counter's difference
 * over the edits, measured once the events and the queue have drained.
 */
import type { AdfDocument } from '../platform/confluence';
import type { CostTotals } from '../platform/costs';
import type { BenchApp } from './bench-app';
import { forgeCharge } from './forge-prices';

/** What a batch of page edits cost, in all and per edit. */
export interface PageEditCost {
  edits: number;
  /** Edits that toggled a revision pin in a macro (what the page shows changed); the others changed text only. */
  pinToggles: number;
  /** Trigger invocations the edits' events started (`events.invocations.*`). */
  eventsHandled: number;
  /** Documentation notices the engineering system's receiver was sent (`POST /documentation-notices`, retries included). */
  noticesSent: number;
  /** Page states the receiver applied (a newer sequence for its page). */
  noticesApplied: number;
  /** Every request the engineering system served meanwhile (the notices, and nothing else when the edits read no record). */
  engineeringRequests: number;
  restPoints: number;
  confluenceRequests: number;
  kvsOperations: number;
  invocationsByFunction: Record<string, number>;
  gbSeconds: number;
  forgeChargeUsd: number;
  perEdit: { eventsHandled: number; noticesSent: number; engineeringRequests: number; restPoints: number; kvsOperations: number; gbSeconds: number };
  wallMs: number;
}

const NOTICE_ROUTE = 'engineering.POST /documentation-notices';

/** Every PIN_EVERY-th edit also pins (or unpins again) a spec in the page's first macro: it changes what the page shows. */
const PIN_EVERY = 4;

/**
 * Edits `edits` pages of `pages` in turn (edit n edits page n mod pages), one after the other as editors would: each
 * adds a paragraph, and every fourth also toggles a revision pin in the page's first macro (none on pages without a
 * macro). Then waits for the triggers and the notice queue. Counters reset by the caller are not touched.
 */
export async function runPageEdits(app: BenchApp, pages: readonly { pageId: string }[], edits: number, label: string): Promise<PageEditCost> {
  await app.platform.events.drain(120_000);
  await app.platform.queue.drain(120_000);
  const countersBefore = app.platform.counters.snapshot();
  const engineeringBefore = app.engineeringCounters.snapshot();
  const costsBefore = app.platform.costs.totals();
  let applied = 0;
  let pinToggles = 0;
  const stopListening = app.engineering.admin.onDocumentation(() => {
    applied += 1;
  });
  const started = performance.now();
  try {
    for (let n = 0; n < edits; n += 1) {
      const page = pages[n % pages.length] as { pageId: string };
      const pin = (n + 1) % PIN_EVERY === 0;
      await app.editPage(page.pageId, `${label} edit ${n + 1}`, (body) => {
        if (pin && togglePin(app, body)) pinToggles += 1;
      });
    }
    // The reconcile pushes notices while it runs: events first, then the queue they fed.
    await app.platform.events.drain(120_000);
    await app.platform.queue.drain(120_000);
  } finally {
    stopListening();
  }
  const wallMs = performance.now() - started;
  const counters = app.platform.counters.snapshot();
  const engineering = app.engineeringCounters.snapshot();
  const costs = difference(app.platform.costs.totals(), costsBefore);
  const diff = (after: Record<string, number>, before: Record<string, number>, name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const sumPrefix = (after: Record<string, number>, before: Record<string, number>, prefix: string) =>
    Object.keys(after)
      .filter((name) => name.startsWith(prefix))
      .reduce((sum, name) => sum + diff(after, before, name), 0);
  const eventsHandled = sumPrefix(counters, countersBefore, 'events.invocations.');
  const noticesSent = diff(engineering, engineeringBefore, NOTICE_ROUTE);
  const engineeringRequests = diff(engineering, engineeringBefore, 'engineering.requests');
  const kvsOperations = sumPrefix(counters, countersBefore, 'kvs.');
  const invocationsByFunction = Object.fromEntries(
    Object.keys(counters)
      .filter((name) => name.startsWith('invocations.') && diff(counters, countersBefore, name) > 0)
      .map((name) => [name.slice('invocations.'.length), diff(counters, countersBefore, name)]),
  );
  const per = (value: number) => (edits === 0 ? 0 : Math.round((value / edits) * 1000) / 1000);
  return {
    edits,
    pinToggles,
    eventsHandled,
    noticesSent,
    noticesApplied: applied,
    engineeringRequests,
    restPoints: costs.confluencePoints,
    confluenceRequests: costs.confluenceRequests,
    kvsOperations,
    invocationsByFunction,
    gbSeconds: round3(costs.gbSeconds),
    forgeChargeUsd: forgeCharge(costs).total,
    perEdit: {
      eventsHandled: per(eventsHandled),
      noticesSent: per(noticesSent),
      engineeringRequests: per(engineeringRequests),
      restPoints: per(costs.confluencePoints),
      kvsOperations: per(kvsOperations),
      gbSeconds: Math.round((edits === 0 ? 0 : costs.gbSeconds / edits) * 1e6) / 1e6,
    },
    wallMs: Math.round(wallMs),
  };
}

/**
 * Pins the first spec of the body's first Spec Bridge macro at its current revision (`SPEC@REV` in `specIds`), or
 * unpins it when pinned. Pages without a macro are left as they are.
 */
function togglePin(app: BenchApp, body: AdfDocument): boolean {
  const macro = body.content.find((node) => node.type === 'extension');
  const params = macro?.attrs?.parameters as { guestParams?: { specIds?: string } } | undefined;
  const specIds = params?.guestParams?.specIds;
  if (!params?.guestParams || !specIds) return false;
  const [first = '', ...rest] = specIds.split(',');
  const [specId = '', pinned] = first.split('@');
  const revision = app.engineering.admin.getSpec(specId)?.revision ?? 'A';
  params.guestParams.specIds = [pinned === undefined ? `${specId}@${revision}` : specId, ...rest].join(',');
  return true;
}

function difference(after: CostTotals, before: CostTotals): CostTotals {
  return Object.fromEntries(Object.entries(after).map(([name, value]) => [name, value - (before[name as keyof CostTotals] ?? 0)])) as CostTotals;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
