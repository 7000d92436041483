/**
 * Scenario 2: a storm of signed change notices (duplicates, out of order) against Spec Bridge's web
 * trigger while the queue reorders and duplicates deliveries; measures the answers, the time until every
 * snapshot shows the engineering system's revision, the engineering reads, and lost updates.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { seededRandom } from '../platform/faults';
import { toWebTriggerRequest } from '../platform/webtriggers';
import { BENCH_WEBHOOK_SECRET, startBenchApp, type BenchApp, type BenchMacro } from './bench-app';
import type { LatencyModel } from './latency-model';
import { mapConcurrent, percentiles, shuffle, type Percentiles } from './stats';
import { recordWrites, regressions, snapshotWrites } from './write-audit';

/** How a sender treats a 503: retry a few times after a pause (Retry-After is seconds; the bench compresses it). */
const SENDER_RETRIES = 5;
const SENDER_RETRY_PAUSE_MS = 200;

/** Size of the storm. */
export interface PushStormShape {
  notices: number;
  specs: number;
  specsPerMacro: number;
  /** Share of notices that repeat an earlier webhook-id. */
  duplicateShare: number;
  senders: number;
  /** Longest wait for convergence before counting what is still behind as lost. */
  timeoutMs: number;
}

/** Scenario 2's result for Spec Bridge (the baseline has no push path). */
export interface PushStormResult {
  shape: PushStormShape & { macros: number };
  webTriggerMs: Percentiles;
  /** Final answer per notice; `retried` counts 503s a sender retried (e.g. two deliveries of one id at once). */
  answers: { accepted: number; duplicate: number; other: number; retried: number };
  /** From the first notice sent until the last notice was answered. */
  lastNoticeAnsweredMs: number;
  /** From the last notice answered until every snapshot was current; null if that never happened. */
  convergedAfterLastNoticeMs: number | null;
  /** From the first notice sent until every snapshot was current. */
  convergedAfterFirstNoticeMs: number | null;
  engineeringRequests: number;
  /** Events pushed, consumer invocations (duplicates and retries included), and what the queue did. */
  queue: { events: number; deliveries: number; duplicatedDeliveries: number; retried: number; dropped: number };
  snapshotWrites: number;
  /** Specs whose snapshot did not reach the engineering system's revision. Must be 0. */
  lostUpdates: number;
  /** Snapshot or cache versions that went back to an older revision. Must be 0. */
  regressions: number;
}

/** Runs the storm on a fresh Spec Bridge platform. */
export async function runPushStorm(model: LatencyModel, shape: PushStormShape, log: (line: string) => void): Promise<PushStormResult> {
  const app = await startBenchApp('specBridge', model);
  try {
    recordWrites(app.platform.db, app.engineeringDb);
    const specIds = app.createSpecs('STORM', shape.specs);
    const groups = Array.from({ length: Math.ceil(specIds.length / shape.specsPerMacro) }, (_, i) => specIds.slice(i * shape.specsPerMacro, (i + 1) * shape.specsPerMacro));
    const page = app.createPage(groups);
    for (const macro of page.macros) await app.view(page.pageId, macro);
    await app.platform.queue.drain(60_000);
    app.platform.faults.add({ service: 'queue', operation: 'deliver', rate: 0.1, duplicate: true });
    app.platform.faults.add({ service: 'queue', operation: 'deliver', reorderMs: 300 });
    const sends = planSends(specIds, shape);
    const before = { engineering: app.engineeringCounters.get('engineering.requests'), writes: snapshotWrites(app.platform.db), counters: app.platform.counters.snapshot() };
    log(`push storm: ${sends.length} notices over ${specIds.length} specs, ${shape.senders} senders`);

    const revisionOf = new Map(specIds.map((id) => [id, 0]));
    const startedAt = performance.now();
    const answers = await mapConcurrent(sends, shape.senders, async (send) => {
      if (!send.replay) {
        const revision = (revisionOf.get(send.specId) ?? 0) + 1;
        revisionOf.set(send.specId, revision);
        app.engineering.admin.updateSpec(send.specId, { revision: `R${String(revision).padStart(4, '0')}` });
      }
      // A Standard Webhooks sender retries a 503 with the same webhook-id (here after a short pause).
      let retries = 0;
      for (;;) {
        const sentAt = performance.now();
        const response = await app.platform.callWebTrigger('spec-change-notice', signedNotice(send.specId, send.id));
        const ms = performance.now() - sentAt;
        if (response.statusCode !== 503 || retries >= SENDER_RETRIES) return { status: response.statusCode, ms, retries };
        retries += 1;
        await new Promise((resolve) => setTimeout(resolve, SENDER_RETRY_PAUSE_MS));
      }
    });
    const lastAnsweredAt = performance.now();
    log('push storm: waiting for every snapshot to be current');
    const convergedAt = await waitUntil(() => behind(app, page).length === 0, shape.timeoutMs);
    await app.platform.queue.drain(shape.timeoutMs);
    const counter = (name: string) => app.platform.counters.get(name) - (before.counters[name] ?? 0);

    return {
      shape: { ...shape, macros: page.macros.length },
      webTriggerMs: percentiles(answers.map((a) => a.ms)),
      answers: {
        accepted: answers.filter((a) => a.status === 202).length,
        duplicate: answers.filter((a) => a.status === 200).length,
        other: answers.filter((a) => a.status !== 202 && a.status !== 200).length,
        retried: answers.reduce((sum, a) => sum + a.retries, 0),
      },
      lastNoticeAnsweredMs: Math.round(lastAnsweredAt - startedAt),
      convergedAfterLastNoticeMs: convergedAt === undefined ? null : Math.round(convergedAt - lastAnsweredAt),
      convergedAfterFirstNoticeMs: convergedAt === undefined ? null : Math.round(convergedAt - startedAt),
      engineeringRequests: app.engineeringCounters.get('engineering.requests') - before.engineering,
      queue: {
        events: counter('queue.events'),
        deliveries: counter('invocations.refresh-consumer'),
        duplicatedDeliveries: counter('queue.duplicated'),
        retried: counter('queue.retried'),
        dropped: counter('queue.dropped'),
      },
      snapshotWrites: snapshotWrites(app.platform.db) - before.writes,
      lostUpdates: behind(app, page).length,
      regressions: regressions(app.platform.db, app.engineeringDb).length,
    };
  } finally {
    await app.close(shape.timeoutMs);
  }
}

interface Send {
  specId: string;
  id: string;
  replay: boolean;
}

/** Distinct notices spread over the specs, shuffled, then replays of earlier ids mixed into the second half. */
function planSends(specIds: string[], shape: PushStormShape): Send[] {
  const random = seededRandom(42);
  const replays = Math.round(shape.notices * shape.duplicateShare);
  const distinct = shuffle(
    Array.from({ length: shape.notices - replays }, (_, i) => ({ specId: specIds[(i * 7919) % specIds.length] as string, id: `msg_${randomUUID()}`, replay: false })),
    random,
  );
  const sends = [...distinct];
  for (const original of shuffle(distinct, random).slice(0, replays)) {
    const after = distinct.indexOf(original) + 1;
    const at = after + Math.floor(random() * (sends.length - after + 1));
    sends.splice(at, 0, { ...original, replay: true });
  }
  return sends;
}

/** A Standard Webhooks-signed `spec.updated` notice for one spec, as the engineering system sends it. */
export function signedNotice(specId: string, id: string) {
  const at = new Date();
  const body = JSON.stringify({ type: 'spec.updated', timestamp: at.toISOString(), data: { specIds: [specId] } });
  const headers = new Headers({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(BENCH_WEBHOOK_SECRET).sign(id, at, body),
  });
  return toWebTriggerRequest('POST', new URL('http://127.0.0.1/x/spec-change-notice'), headers, body);
}

/** `<localId>:<specId>` for every spec whose snapshot is not at the engineering system's revision. */
function behind(app: BenchApp, page: { pageId: string; macros: BenchMacro[] }): string[] {
  return page.macros.flatMap((macro) => {
    const snapshot = app.platform.confluence.admin.getPropertyByKey(page.pageId, snapshotPropertyKey(macro.localId))?.value as MacroSnapshot | undefined;
    return macro.config.specIds.split(',').flatMap((id) =>
      snapshot?.specs.find((s) => s.id === id)?.record?.revision === app.engineering.admin.getSpec(id)?.revision ? [] : [`${macro.localId}:${id}`],
    );
  });
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (done()) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}
