/** "45 s", "2 min", "1 h 5 min": how long until something happens; counted down by the macro's clock (use-clock.ts). */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Below this wait the clock ticks every second, so a countdown in seconds moves; above, minutes change slowly. */
const SECONDS_COUNTDOWN_MS = 90_000;

/** How often the macro's clock must tick for the nearest of `deadlines` (epoch ms) to count down smoothly. */
export function clockTickMs(nowMs: number, deadlines: (number | undefined)[], slowTickMs: number): number {
  const waits = deadlines.filter((t): t is number => t !== undefined && t > nowMs).map((t) => t - nowMs);
  if (waits.length === 0) return slowTickMs;
  return Math.min(...waits) <= SECONDS_COUNTDOWN_MS ? 1_000 : Math.min(slowTickMs, 15_000);
}
