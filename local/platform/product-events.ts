import { randomUUID } from 'node:crypto';
import type { Counters } from './counters';
import { type FaultPlan, sleep } from './faults';
import type { TriggerModule } from './manifest';
import type { ConfluenceContentEvent } from './product-event-payload';

/** One trigger invocation the service started, for tests that look at delivery order and copies. */
export interface EventDeliveryRecord {
  eventId: string;
  /** Position of the event in publish order (1 = first published since the service started). */
  publishSeq: number;
  triggerKey: string;
  eventType: string;
  /** 1, or 2 when the fault plan duplicated the delivery. */
  copies: number;
}

export interface ProductEventServiceOptions {
  triggers: TriggerModule[];
  faults: FaultPlan;
  counters: Counters;
  /** The installation's license: `appIsLicensed: true` skips delivery while it is present and inactive. */
  licenseActive: () => boolean;
  /** Invokes the trigger's function with Forge's two arguments (the event, the context). */
  invoke: (trigger: TriggerModule, event: ConfluenceContentEvent) => Promise<void>;
  /** Multiplies injected reorder delays; < 1 speeds tests up (as the queue's timeScale). */
  timeScale?: number;
  /** Trigger invocations running at once. */
  concurrency?: number;
}

interface PendingEvent {
  eventId: string;
  publishSeq: number;
  trigger: TriggerModule;
  event: ConfluenceContentEvent;
}

/**
 * Product events (`trigger` modules) as Forge delivers them: asynchronously after the change, at least once, in no
 * guaranteed order. Each published event goes to every trigger subscribed to its type; `filter.appIsLicensed: true`
 * drops it while the installation's license is inactive. The fault plan (service `events`, operation `deliver`) can
 * duplicate a delivery or delay it by up to `reorderMs`, so later events overtake it. A failed invocation is counted
 * (`events.failed`) and not retried. Pending events live in memory: a restart loses them.
 */
export function createProductEventService(options: ProductEventServiceOptions): ProductEventControl {
  const { faults, counters } = options;
  const timeScale = options.timeScale ?? 1;
  const concurrency = options.concurrency ?? 4;
  const pending: PendingEvent[] = [];
  const deliveries: EventDeliveryRecord[] = [];
  let running = 0;
  let published = 0;
  let paused = false;
  let closed = false;
  const idleWaiters: (() => void)[] = [];

  function pump(): void {
    while (running < concurrency && !paused && !closed) {
      const next = pending.shift();
      if (!next) break;
      running += 1;
      void deliver(next).finally(() => {
        running -= 1;
        pump();
      });
    }
    if (pending.length === 0 && running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  }

  async function deliver(item: PendingEvent): Promise<void> {
    const decision = faults.decide('events', 'deliver');
    await sleep(decision.reorderMs * timeScale + decision.latencyMs);
    const copies = decision.duplicate ? 2 : 1;
    if (decision.duplicate) counters.increment('events.duplicated');
    deliveries.push({ eventId: item.eventId, publishSeq: item.publishSeq, triggerKey: item.trigger.key, eventType: item.event.eventType, copies });
    await Promise.all(
      Array.from({ length: copies }, async () => {
        try {
          await options.invoke(item.trigger, structuredClone(item.event));
          counters.increment('events.delivered');
        } catch {
          counters.increment('events.failed');
        }
      }),
    );
  }

  return {
    publish(event) {
      counters.increment('events.published');
      for (const trigger of options.triggers) {
        const subscription = trigger.events.find((e) => e.eventType === event.eventType);
        if (!subscription) continue;
        if (subscription.filter?.appIsLicensed === true && !options.licenseActive()) {
          counters.increment('events.skippedUnlicensed');
          continue;
        }
        pending.push({ eventId: randomUUID(), publishSeq: ++published, trigger, event });
      }
      // Asynchronous, as on Forge: the write that raised the event answers before any trigger runs.
      setImmediate(pump);
    },
    pending: () => pending.length + running,
    deliveries: () => deliveries.map((record) => ({ ...record })),
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      pump();
    },
    async drain(timeoutMs = 30_000) {
      if (paused) throw new Error('Product events are paused; resume() before drain()');
      const deadline = Date.now() + timeoutMs;
      while (pending.length > 0 || running > 0) {
        if (Date.now() > deadline) throw new Error(`Product events did not drain within ${timeoutMs} ms (${pending.length + running} pending)`);
        await new Promise<void>((resolve) => {
          idleWaiters.push(resolve);
          setTimeout(resolve, 50);
        });
        pump();
      }
    },
    close() {
      closed = true;
      pending.length = 0;
    },
  };
}

/** The platform's product-event controls (`platform.events`). */
export interface ProductEventControl {
  /** Queues `event` for every trigger module subscribed to its `eventType`. */
  publish(event: ConfluenceContentEvent): void;
  /** Events queued or being delivered. */
  pending(): number;
  /** Trigger deliveries in the order they started (after any injected delay). */
  deliveries(): EventDeliveryRecord[];
  /** Holds deliveries (events keep queueing) until resume(). */
  pause(): void;
  resume(): void;
  /** Waits until every queued event was delivered; bounded by timeoutMs. */
  drain(timeoutMs?: number): Promise<void>;
  close(): void;
}
