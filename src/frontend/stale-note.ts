/**
 * What the macro may truthfully say about stale data. A view that served stale data has asked for a check (the
 * resolver queues a revalidation; a snapshot-painted view asks the resolver), but the page is told only when the check
 * finds a change. So "checking" is said for a short while after the view was built, "could not check" when this page
 * knows the engineering system (or Spec Bridge) failed, and afterwards nothing beyond "stale" and the age.
 */
import type { MacroViewModel } from '../shared/resolver-contract';
import { outageSentence } from './outage-wording';

/** How long after a view was built a check it asked for counts as under way. */
export const CHECK_WINDOW_MS = 2 * 60_000;

/** The words after "stale, " for this view, or undefined for a bare "stale". */
export function staleNote(view: MacroViewModel, nowMs: number, failed: boolean): string | undefined {
  if (failed || outageSentence(view, nowMs) !== undefined) return 'could not check for a newer revision';
  const builtAt = Date.parse(view.generatedAt);
  if (!Number.isNaN(builtAt) && nowMs - builtAt < CHECK_WINDOW_MS) return 'checking for a newer revision';
  return undefined;
}
