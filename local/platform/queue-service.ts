import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from './clock';
import type { Counters } from './counters';
import { FaultPlan, sleep } from './faults';
import { jsonResponse, type PlatformService, type ServiceRequest } from './service';

/** What the consumer invocation reported for one delivery. */
export type DeliveryOutcome = { kind: 'done' } | { kind: 'retry'; afterSeconds: number; reason: string; retryData?: unknown };

/** The consumer side: the platform invokes the consumer function declared for the queue. */
export type DeliverEvent = (queueName: string, event: QueuedEventDelivery) => Promise<DeliveryOutcome>;

export interface QueuedEventDelivery {
  body: Record<string, unknown>;
  queueName: string;
  jobId: string;
  eventId: string;
  retryContext?: { retryCount: number; retryReason: string; retryData: unknown; retentionWindow: { startTime: string; remainingTimeMs: number } };
}

export interface QueueServiceOptions {
  db: DatabaseSync;
  clock: Clock;
  faults: FaultPlan;
  counters: Counters;
  deliver: DeliverEvent;
  /** Multiplies every platform delay (retryAfter, backoff, delayInSeconds); < 1 speeds tests up. */
  timeScale?: number;
  /** Consumer invocations running at once. */
  concurrency?: number;
}

const RETENTION_MS = 24 * 60 * 60 * 1000;
/** Deliveries kept in the delivery log (the oldest are forgotten first). */
const DELIVERY_LOG_CAPACITY = 5_000;

/** One consumer invocation as the queue started it, for tests that look at delivery order. */
export interface DeliveryRecord {
  eventId: string;
  /** Position of the event in push order (1 = first event pushed since this service started). */
  pushSeq: number;
  /** 0 for the first delivery, n for the n-th redelivery. */
  attempt: number;
  body: Record<string, unknown>;
  /** The redelivery the consumer asked for (retryAfter in seconds, before the platform's 900 s cap), once it answered. */
  retry?: { afterSeconds: number; reason: string };
}
const MAX_EVENTS_PER_PUSH = 50;
/** Forge redelivers an event at most 900 s after the consumer asked (InvocationError retryAfter ≤ 900). */
const MAX_RETRY_AFTER_SECONDS = 900;
const MAX_PUSH_BYTES = 200 * 1024;

interface EventRow {
  event_id: string;
  queue_name: string;
  job_id: string;
  body: string;
  attempts: number;
  available_at: number;
  first_enqueued_at: number;
  retry_reason: string | null;
  retry_data: string | null;
}

/**
 * Async events (@forge/events) as Forge delivers them: at least once, no ordering guarantee,
 * a thrown error or a returned InvocationError retried later, events kept 24 h. Events live in
 * SQLite, so pending work survives a restart. Faults can duplicate and delay deliveries.
 */
export function createQueueService(options: QueueServiceOptions): PlatformService & QueueControl {
  const { db, clock, faults, counters, deliver } = options;
  const timeScale = options.timeScale ?? 1;
  const concurrency = options.concurrency ?? 4;
  db.exec(`CREATE TABLE IF NOT EXISTS queue_events (
    event_id TEXT PRIMARY KEY, queue_name TEXT NOT NULL, job_id TEXT NOT NULL, body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, available_at INTEGER NOT NULL, first_enqueued_at INTEGER NOT NULL,
    retry_reason TEXT, retry_data TEXT, in_flight INTEGER NOT NULL DEFAULT 0)`);
  db.exec('UPDATE queue_events SET in_flight = 0');

  let running = 0;
  let pushed = 0;
  /** Push order of the events pushed since this service started (events left from an earlier run have none). */
  const pushSeqs = new Map<string, number>();
  const deliveryLog: DeliveryRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let paused = false;
  const idleWaiters: (() => void)[] = [];

  function pendingCount(): number {
    return (db.prepare('SELECT COUNT(*) AS n FROM queue_events').get() as { n: number }).n;
  }

  function schedule(): void {
    if (closed || paused) return;
    clearTimeout(timer);
    const next = db.prepare('SELECT MIN(available_at) AS at FROM queue_events WHERE in_flight = 0').get() as { at: number | null };
    if (next.at === null) {
      if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
      return;
    }
    const wait = Math.max(0, next.at - clock.now());
    timer = setTimeout(pump, Math.min(wait, 1_000));
  }

  function pump(): void {
    while (running < concurrency && !closed && !paused) {
      const row = db
        .prepare('SELECT * FROM queue_events WHERE in_flight = 0 AND available_at <= ? ORDER BY available_at LIMIT 1')
        .get(clock.now()) as EventRow | undefined;
      if (!row) break;
      db.prepare('UPDATE queue_events SET in_flight = 1 WHERE event_id = ?').run(row.event_id);
      running += 1;
      void runDelivery(row).finally(() => {
        running -= 1;
        schedule();
      });
    }
    schedule();
  }

  async function runDelivery(row: EventRow): Promise<void> {
    const decision = faults.decide('queue', 'deliver');
    await sleep(decision.reorderMs * timeScale);
    const delivery: QueuedEventDelivery = {
      body: JSON.parse(row.body) as Record<string, unknown>,
      queueName: row.queue_name,
      jobId: row.job_id,
      eventId: row.event_id,
      ...(row.attempts > 0
        ? {
            retryContext: {
              retryCount: row.attempts,
              retryReason: row.retry_reason ?? 'FUNCTION_RETRY_REQUEST',
              retryData: row.retry_data ? JSON.parse(row.retry_data) : undefined,
              retentionWindow: {
                startTime: new Date(row.first_enqueued_at).toISOString(),
                remainingTimeMs: row.first_enqueued_at + RETENTION_MS - clock.now(),
              },
            },
          }
        : {}),
    };
    const logged: DeliveryRecord = { eventId: row.event_id, pushSeq: pushSeqs.get(row.event_id) ?? 0, attempt: row.attempts, body: structuredClone(delivery.body) };
    deliveryLog.push(logged);
    if (deliveryLog.length > DELIVERY_LOG_CAPACITY) deliveryLog.shift();
    const copies = decision.duplicate ? 2 : 1;
    if (decision.duplicate) counters.increment('queue.duplicated');
    const outcomes = await Promise.all(Array.from({ length: copies }, () => deliverSafely(row.queue_name, delivery)));
    const retry = outcomes.find((o): o is Extract<DeliveryOutcome, { kind: 'retry' }> => o.kind === 'retry');
    if (retry) logged.retry = { afterSeconds: retry.afterSeconds, reason: retry.reason };
    if (!retry) {
      counters.increment('queue.delivered');
      db.prepare('DELETE FROM queue_events WHERE event_id = ?').run(row.event_id);
      pushSeqs.delete(row.event_id);
      return;
    }
    if (clock.now() - row.first_enqueued_at > RETENTION_MS) {
      counters.increment('queue.dropped');
      db.prepare('DELETE FROM queue_events WHERE event_id = ?').run(row.event_id);
      pushSeqs.delete(row.event_id);
      return;
    }
    counters.increment('queue.retried');
    db.prepare(
      'UPDATE queue_events SET in_flight = 0, attempts = attempts + 1, available_at = ?, retry_reason = ?, retry_data = ? WHERE event_id = ?',
    ).run(
      clock.now() + Math.min(retry.afterSeconds, MAX_RETRY_AFTER_SECONDS) * 1000 * timeScale,
      retry.reason,
      retry.retryData === undefined ? null : JSON.stringify(retry.retryData),
      row.event_id,
    );
  }

  async function deliverSafely(queueName: string, delivery: QueuedEventDelivery): Promise<DeliveryOutcome> {
    try {
      return await deliver(queueName, delivery);
    } catch {
      const backoff = Math.min(MAX_RETRY_AFTER_SECONDS, 2 ** (delivery.retryContext?.retryCount ?? 0));
      return { kind: 'retry', afterSeconds: backoff, reason: 'FUNCTION_ERROR' };
    }
  }

  async function handle(request: ServiceRequest): Promise<Response> {
    if (request.method !== 'POST' || !request.path.startsWith('/webhook/queue/publish/')) {
      return jsonResponse(404, { message: `No queue route for ${request.method} ${request.path}` });
    }
    const decision = faults.decide('queue', 'push');
    await sleep(decision.latencyMs);
    if (decision.status) return jsonResponse(decision.status, { message: 'Injected queue fault' });
    if (Buffer.byteLength(request.body) > MAX_PUSH_BYTES + 4096) return jsonResponse(413, { errorMessage: 'Payload too big' });
    const push = JSON.parse(request.body) as { queueName: string; jobId: string; payload: { body: unknown; delayInSeconds?: number }[] };
    if (push.payload.length > MAX_EVENTS_PER_PUSH) return jsonResponse(400, { message: 'Too many events' });
    const now = clock.now();
    const insert = db.prepare(
      'INSERT INTO queue_events (event_id, queue_name, job_id, body, available_at, first_enqueued_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const event of push.payload) {
      const eventId = randomUUID();
      pushSeqs.set(eventId, ++pushed);
      insert.run(eventId, push.queueName, push.jobId, JSON.stringify(event.body), now + (event.delayInSeconds ?? 0) * 1000 * timeScale, now);
    }
    counters.increment('queue.pushes');
    counters.increment('queue.events', push.payload.length);
    schedule();
    return jsonResponse(201, {});
  }

  return {
    handle,
    start: () => schedule(),
    pause() {
      paused = true;
      clearTimeout(timer);
    },
    resume() {
      paused = false;
      schedule();
    },
    pending: pendingCount,
    deliveries: () => deliveryLog.map((record) => ({ ...record })),
    async drain(timeoutMs = 30_000) {
      if (paused) throw new Error('Queue is paused; resume() before drain()');
      const deadline = Date.now() + timeoutMs;
      while (pendingCount() > 0 || running > 0) {
        if (Date.now() > deadline) throw new Error(`Queue did not drain within ${timeoutMs} ms (${pendingCount()} pending)`);
        await new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
          setTimeout(resolve, 50);
        });
        schedule();
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}

/** Test and dev controls of the queue. */
export interface QueueControl {
  start(): void;
  /** Holds deliveries (events keep queueing) until resume(); for tests that look between push and delivery. */
  pause(): void;
  resume(): void;
  pending(): number;
  /** Consumer invocations in the order the queue started them (after any injected reorder delay), oldest first. */
  deliveries(): DeliveryRecord[];
  /** Waits until every event is delivered or dropped; bounded by timeoutMs. */
  drain(timeoutMs?: number): Promise<void>;
  close(): void;
}
