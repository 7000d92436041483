/**
 * What the admin page's resolver calls for "Restrict what can be embedded" (docs/decisions.md §27): read the list,
 * and save it — validated, stored, then the snapshots that show a now-refused spec queued for rewriting.
 */
import { readConfig } from '../config';
import { createDeps } from '../deps';
import type { AllowListProblem } from '../domain/allow-list';
import { errorDetail } from '../domain/error-detail';
import { readAllowList, writeAllowList } from '../kvs/allow-list';
import { queueResnapshotOfRefused } from '../pipeline/allow-list-change';
import type { AllowListEntry } from '../shared/admin-contract';

export { readAllowList };
export type { AllowListProblem };

export type SaveAllowListResult =
  | {
      ok: true;
      entries: AllowListEntry[];
      /** Snapshots queued for rewriting; `failed`: the list is saved but they were not queued (saving again retries). */
      invalidation: { macros: number; queued: number } | { failed: true };
    }
  | { ok: false; problems: AllowListProblem[] };

/**
 * Saves the site's allow-list (`entries` as the admin page sent it: anything). Refused input is a value listing every
 * problem (path and sentence), and nothing changes. An empty list lifts every restriction.
 */
export async function saveAllowList(entries: unknown, by: { accountId?: string; cloudId?: string }): Promise<SaveAllowListResult> {
  const { pipeline } = createDeps(readConfig(), { ...(by.cloudId ? { cloudId: by.cloudId } : {}), purpose: 'deferrable' });
  const saved = await writeAllowList(entries, { ...(by.accountId ? { accountId: by.accountId } : {}), nowMs: pipeline.clock.now() });
  if (!saved.ok) return saved;
  try {
    const invalidation = await queueResnapshotOfRefused(pipeline, { kind: 'list', entries: saved.entries });
    return { ok: true, entries: saved.entries, invalidation };
  } catch (error) {
    pipeline.log.error('allow-list saved, but the snapshots showing refused specs could not be queued for rewriting', errorDetail(error));
    return { ok: true, entries: saved.entries, invalidation: { failed: true } };
  }
}
