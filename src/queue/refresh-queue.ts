import { Queue } from '@forge/events';
import { chunkForQueue } from '../domain/change-notice';
import type { QueuedEvent, RefreshQueue } from '../domain/ports';

/** The async-events queue the refresh consumer reads (manifest: consumer queue `spec-refresh`). */
export const REFRESH_QUEUE_KEY = 'spec-refresh';

/**
 * Pushes refresh events in pushes that respect Forge's client-side limits (≤ 50 events,
 * ≤ 200 KB each). Throws if any push fails, so callers never acknowledge what was not queued.
 * `delayInSeconds` lets a burst of notices for one spec arrive before the first delivery runs,
 * so one engineering read serves them all.
 */
export function createRefreshQueue(options: { delayInSeconds?: number } = {}): RefreshQueue {
  const queue = new Queue({ key: REFRESH_QUEUE_KEY });
  const delay = options.delayInSeconds ? { delayInSeconds: options.delayInSeconds } : {};
  return {
    async enqueue(events: QueuedEvent[]) {
      for (const push of chunkForQueue(events)) {
        await queue.push(push.map((event) => ({ body: { ...event }, ...delay })));
      }
    },
  };
}
