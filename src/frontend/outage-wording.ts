/**
 * How the macro says that the engineering system is failing: one calm sentence, once per macro, built from fixed
 * phrases (the problem code, times), never from upstream or backend text, with the next try as a wait a person reads
 * ("retrying in 2 min") rather than a timestamp.
 */
import type { MacroViewModel, SpecProblemCode, SpecView } from '../shared/resolver-contract';
import { formatRelativeTime } from '../shared/format-parameter';

/** Problems that are the engineering system failing as a whole, not something about one record. */
const OUTAGE_PHRASES: Partial<Record<SpecProblemCode, string>> = {
  unavailable: 'The engineering system is not answering',
  rate_limited: 'The engineering system is busy',
  unauthorized: 'The engineering system did not accept Spec Bridge (an admin needs to check its API token)',
};

/** True when `spec` shows data while the engineering system fails as a whole: the outage sentence covers it. */
export function isOutageCovered(spec: SpecView): boolean {
  return spec.record !== undefined && spec.problem !== undefined && OUTAGE_PHRASES[spec.problem.code] !== undefined;
}

/** "in under a minute", "in 3 min", "in about 2 h"; "now" once the time has come. */
export function formatWait(untilMs: number, nowMs: number): string {
  const seconds = Math.ceil((untilMs - nowMs) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return 'in under a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `in ${minutes} min`;
  return `in about ${Math.round(minutes / 60)} h`;
}

/** The sentence for a view with data shown while the engineering system fails; undefined when it is not failing. */
export function outageSentence(view: MacroViewModel, nowMs: number): string | undefined {
  const covered = view.specs.filter(isOutageCovered);
  if (covered.length === 0) return undefined;
  const phrase = OUTAGE_PHRASES[covered[0]!.problem!.code]!;
  const checked = view.page.lastGoodAt ?? covered.map((s) => s.fetchedAt).filter((t): t is string => Boolean(t)).sort()[0];
  const retryAt = view.page.retryAt ?? covered.map((s) => s.problem?.retryAt).filter((t): t is string => Boolean(t)).sort()[0];
  const shown = checked ? `showing the data checked ${formatRelativeTime(checked, nowMs)}` : 'showing the last known data';
  const retryMs = retryAt ? Date.parse(retryAt) : Number.NaN;
  const retry = Number.isNaN(retryMs) ? '' : `, retrying ${formatWait(retryMs, nowMs)}`;
  return `${phrase}; ${shown}${retry}.`;
}
