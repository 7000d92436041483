import type { Clock } from './clock';

/** Realtime operations (publish + subscribe) allowed per second per installation (forge-2026-facts, [3P]). */
export const DEFAULT_REALTIME_OPERATIONS_PER_SECOND = 50;

/**
 * Counts realtime operations in fixed one-second windows of the platform clock. Publishes past the
 * limit are refused (Forge answers 429, which @forge/realtime reports as RATE_LIMIT_EXCEEDED);
 * subscribes count towards the window but are never refused locally, since a refused subscribe's
 * shape on the frontend is not documented.
 */
export class RealtimeRateWindow {
  private second = Number.NaN;
  private used = 0;

  constructor(
    private readonly clock: Clock,
    readonly operationsPerSecond = DEFAULT_REALTIME_OPERATIONS_PER_SECOND,
  ) {}

  /** Records one operation; false when it is past this second's limit. */
  take(): boolean {
    const second = Math.floor(this.clock.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.used = 0;
    }
    this.used += 1;
    return this.used <= this.operationsPerSecond;
  }
}
