import { refusedSpecs, restricts, type AllowListPolicy } from '../domain/allow-list';
import type { PipelineDeps } from './pipeline-deps';

/**
 * After the allow-list changed (docs/decisions.md §29): every recorded macro that shows a spec the new list refuses in
 * its space gets its snapshot rewritten — a 'macro.remember' event each, which the consumer rebuilds from the cache
 * under the new list, so the refused record leaves the content property and the macro's first paint. A macro whose
 * record does not name its space yet is checked as the strictest space. Throws when the macros cannot be listed or
 * the events cannot be queued (the caller says so; saving the list again queues them again).
 */
export async function queueResnapshotOfRefused(
  deps: Pick<PipelineDeps, 'store' | 'queue' | 'log'>,
  policy: AllowListPolicy,
): Promise<{ macros: number; queued: number }> {
  if (!restricts(policy)) return { macros: 0, queued: 0 };
  const macros = await deps.store.listMacros();
  const affected = macros.filter((macro) => refusedSpecs(policy, macro.spaceKey, macro.settings.specIds).length > 0);
  if (affected.length > 0) await deps.queue.enqueue(affected.map((macro) => ({ type: 'macro.remember' as const, ref: macro.ref })));
  deps.log.info('allow-list changed: snapshots showing refused specs queued for rewriting', { macros: macros.length, queued: affected.length });
  return { macros: macros.length, queued: affected.length };
}
