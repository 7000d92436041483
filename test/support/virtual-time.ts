/**
 * Virtual time for the pipeline tests: one clock every fake invocation reads, and a `sleep` that
 * never waits in real time. In `auto` mode a sleep moves the clock at once (a long scenario runs in
 * milliseconds); in `manual` mode it waits until the test advances the clock past it, so a test can
 * hold a poller at a known point while it arranges what the poller will find.
 */
import type { Clock } from '../../src/domain/ports';

interface Timer {
  dueAt: number;
  resolve: () => void;
}

export class VirtualTime implements Clock {
  private current: number;
  private timers: Timer[] = [];
  /** Every sleep asked for, in ms (a test can bound the waits the code chose). */
  readonly slept: number[] = [];

  constructor(
    start = Date.parse('2026-01-01T00:00:00Z'),
    public mode: 'auto' | 'manual' = 'auto',
  ) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  readonly sleep = (ms: number): Promise<void> => {
    const wait = Math.max(0, ms);
    this.slept.push(wait);
    if (this.mode === 'auto') {
      this.current += wait;
      return settle();
    }
    return new Promise((resolve) => this.timers.push({ dueAt: this.current + wait, resolve }));
  };

  /** Sleeps waiting in manual mode. */
  pendingSleeps(): number {
    return this.timers.length;
  }

  /** Moves the clock by `ms`, waking each sleeper in due order and letting it run before the next. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      this.timers.sort((a, b) => a.dueAt - b.dueAt);
      const next = this.timers[0];
      if (!next || next.dueAt > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.dueAt);
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Lets pending promise chains and in-process I/O (the local KVS answers in-process) run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits, in real time but bounded, until `condition` holds; fails naming `what` otherwise. */
export async function until(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}
