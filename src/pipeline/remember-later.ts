import { withoutRefused } from '../domain/allow-list';
import { assembleSpecViews } from '../domain/assemble-views';
import type { MacroRef } from '../domain/ports';
import { applyPinnedRevision } from './pinned-revision';
import type { PipelineDeps } from './pipeline-deps';
import { writeSnapshotIfChanged } from './remember-macro';

/** What writing a viewed macro's snapshot came to. */
type RememberOutcome = { kind: 'written' | 'unchanged' | 'no_macro' } | { kind: 'failed'; retryAfterSeconds?: number };

/**
 * The consumer's half of a view's bookkeeping ('macro.remember'): writes the snapshot of what the macro shows, rebuilt
 * from the cache as the push path does, as the app. The view queued it only after a read as the viewer succeeded
 * (docs/decisions.md §17). After a failed write the macro's record keeps the old hash: the consumer asks for a few
 * redeliveries when Confluence said when to try again (429, 5xx, version conflicts; not a plain 400), a view after the
 * coalescing window queues another, and the next change to one of its specs writes it.
 */
export async function rememberLater(deps: PipelineDeps, ref: MacroRef): Promise<RememberOutcome> {
  const [macro] = await deps.store.readMacros([ref]);
  if (!macro) return { kind: 'no_macro' };
  const now = deps.clock.now();
  const [entries, allowList] = await Promise.all([deps.store.readEntries(macro.settings.specIds), deps.store.readAllowList()]);
  const policy = { ttlSeconds: macro.settings.ttlSeconds, maxStaleSeconds: deps.policy.maxStaleSeconds, notFoundTtlSeconds: deps.policy.notFoundTtlSeconds };
  // A spec the allow-list refuses in the macro's space goes into the snapshot as its problem only (§29).
  const latest = withoutRefused(assembleSpecViews({ specIds: macro.settings.specIds, entries, nowMs: now, policy, fetchProblems: new Map() }), allowList, macro.spaceKey);
  const views = await applyPinnedRevision(deps, latest, macro.settings, false);
  const { hash, failed, written, retryAfterSeconds } = await writeSnapshotIfChanged(deps, ref, macro.settings, views, macro.snapshotHash, now);
  if (hash !== macro.snapshotHash) await deps.store.writeMacro({ ...macro, snapshotHash: hash });
  if (failed) return { kind: 'failed', ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  return { kind: written ? 'written' : 'unchanged' };
}
