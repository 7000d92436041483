/**
 * The admin page's "Restrict what can be embedded" (docs/decisions.md §29): read the site's allow-list, and save it —
 * validated, stored, then the snapshots that show a now-refused spec queued for rewriting (the invalidation).
 */
import { readConfig } from '../config';
import { createDeps } from '../deps';
import type { AllowListProblem } from '../domain/allow-list';
import { errorDetail } from '../domain/error-detail';
import { readAllowList, writeAllowList } from '../kvs/allow-list';
import { queueResnapshotOfRefused } from '../pipeline/allow-list-change';
import type { AllowListEntry } from '../shared/admin-contract';
import { invalidInput, type AdminOutcome } from './admin-outcome';

export { readAllowList };
export type { AllowListProblem };

export interface SavedAllowList {
  entries: AllowListEntry[];
  /** Snapshots queued for rewriting; `failed`: the list is saved but they were not queued (saving again queues them). */
  invalidation: { macros: number; queued: number } | { failed: true };
}

/** A refused list: the admin page's one sentence, and each problem with where it is (`entries[2].patterns[0]`). */
export type RefusedAllowList = ReturnType<typeof invalidInput> & { problems: AllowListProblem[] };

/**
 * Saves the site's allow-list (`entries` as the admin page sent it: anything). Refused input changes nothing and is
 * answered as an `invalid_input` outcome listing every problem. An empty list lifts every restriction.
 */
export async function saveAllowList(entries: unknown, by: { accountId?: string; cloudId?: string }): Promise<AdminOutcome<SavedAllowList> | RefusedAllowList> {
  const { pipeline } = createDeps(readConfig(), { ...(by.cloudId ? { cloudId: by.cloudId } : {}), purpose: 'deferrable' });
  const saved = await writeAllowList(entries, { ...(by.accountId ? { accountId: by.accountId } : {}), nowMs: pipeline.clock.now() });
  if (!saved.ok) {
    const first = saved.problems[0];
    const more = saved.problems.length > 1 ? ` (and ${saved.problems.length - 1} more)` : '';
    return { ...invalidInput(`The allow-list was not saved: ${first?.path}: ${first?.message}${more}`), problems: saved.problems };
  }
  try {
    const invalidation = await queueResnapshotOfRefused(pipeline, { kind: 'list', entries: saved.entries });
    return { ok: true, value: { entries: saved.entries, invalidation } };
  } catch (error) {
    pipeline.log.error('allow-list saved, but the snapshots showing refused specs could not be queued for rewriting', errorDetail(error));
    return { ok: true, value: { entries: saved.entries, invalidation: { failed: true } } };
  }
}
