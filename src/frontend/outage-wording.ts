/**
 * How the macro says that the engineering system is failing: one calm sentence, once per macro, built from fixed
 * phrases (the problem code, times), never from upstream or backend text, with the next try as a wait a person reads
 * ("retrying in 2 min") rather than a timestamp.
 */
import type { MacroViewModel, SpecProblemCode, SpecView } from '../shared/resolver-contract';
import { formatRelativeTime } from '../shared/format-parameter';
import { formatWait } from './format-wait';

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

/** "in 45 s", "in 3 min"; "now" once the time has come. */
function retryWait(untilMs: number, nowMs: number): string {
  return untilMs <= nowMs ? 'now' : `in ${formatWait((untilMs - nowMs) / 1000)}`;
}

/** When Spec Bridge next asks the engineering system, as the view says it (epoch ms), for the clock. */
export function retryAtMs(view: MacroViewModel | undefined): number | undefined {
  const at = view?.page.retryAt ? Date.parse(view.page.retryAt) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
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
  const retry = Number.isNaN(retryMs) ? '' : `, retrying ${retryWait(retryMs, nowMs)}`;
  return `${phrase}; ${shown}${retry}.`;
}
