/**
 * How a macro subscribes again after its realtime subscription failed: waits of 1 s, 2 s, 4 s … capped at a minute,
 * at most 12 failures in a row (about eight minutes), then it stays quiet until the page is opened again — each
 * subscribe is one of the installation's 50 realtime operations a second, so an endless loop per open page is not free.
 */
export const MAX_RESUBSCRIBE_ATTEMPTS = 12;

const FIRST_DELAY_MS = 1_000;
const LONGEST_DELAY_MS = 60_000;

/** The wait before attempt `failures` (1 for the first retry). */
export function resubscribeDelayMs(failures: number): number {
  return Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
}
