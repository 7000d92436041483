/**
 * The site admin's allow-list in the installation's KVS (plain key `site:allow-list`, docs/decisions.md §29). Read in
 * a view's own batch (spec-store.ts readView) or alone; validated on every read: a stored value that is not a valid
 * list reads as `unreadable`, which refuses every spec (fail closed) until an admin saves a list again.
 */
import { kvs } from '@forge/kvs';
import { NO_RESTRICTION, validateAllowList, type AllowListPolicy, type AllowListProblem } from '../domain/allow-list';
import type { AllowListEntry } from '../shared/admin-contract';
import { KEYS } from './keys';
import { withKvsRetry } from './kvs-calls';

/** What the key holds: the entries, when and by whom they were saved. */
export interface StoredAllowList {
  entries: AllowListEntry[];
  savedAt: number;
  /** accountId of the admin who saved it. */
  savedBy?: string;
}

/** The policy a stored value (or its absence) gives; anything but a valid list is `unreadable` (malformed). */
export function policyFromStored(value: unknown): AllowListPolicy {
  if (value === undefined || value === null) return NO_RESTRICTION;
  const entries = typeof value === 'object' ? (value as { entries?: unknown }).entries : undefined;
  const checked = validateAllowList(entries);
  return checked.ok ? { kind: 'list', entries: checked.entries } : { kind: 'unreadable', reason: 'malformed' };
}

/** The policy alone (one KVS get); throws when KVS keeps failing. */
export async function readAllowListPolicy(): Promise<AllowListPolicy> {
  return policyFromStored(await withKvsRetry(() => kvs.get(KEYS.allowList())));
}

/**
 * For the admin page: the saved entries (empty: no restriction), and `malformed` when the stored value is not a
 * valid list — every spec is refused then, and saving any valid list (an empty one included) replaces it.
 */
export async function readAllowList(): Promise<{ entries: AllowListEntry[]; malformed: boolean; savedAt?: string; savedBy?: string }> {
  const stored = await withKvsRetry(() => kvs.get<StoredAllowList>(KEYS.allowList()));
  const policy = policyFromStored(stored);
  if (policy.kind === 'unreadable') return { entries: [], malformed: true };
  return {
    entries: policy.entries,
    malformed: false,
    ...(stored && typeof stored.savedAt === 'number' ? { savedAt: new Date(stored.savedAt).toISOString() } : {}),
    ...(stored && typeof stored.savedBy === 'string' ? { savedBy: stored.savedBy } : {}),
  };
}

/**
 * Validates and stores a list (an empty list deletes the key: no restriction). Refused input is a value naming each
 * problem, and nothing is stored. This only stores: snapshots painted before the change are invalidated by
 * queueResnapshotOfRefused (src/pipeline/allow-list-change.ts), which the admin save calls next.
 */
export async function writeAllowList(
  entries: unknown,
  by: { accountId?: string; nowMs: number },
): Promise<{ ok: true; entries: AllowListEntry[] } | { ok: false; problems: AllowListProblem[] }> {
  const checked = validateAllowList(entries);
  if (!checked.ok) return checked;
  if (checked.entries.length === 0) {
    await withKvsRetry(() => kvs.delete(KEYS.allowList()));
  } else {
    const stored: StoredAllowList = { entries: checked.entries, savedAt: by.nowMs, ...(by.accountId ? { savedBy: by.accountId } : {}) };
    await withKvsRetry(() => kvs.set(KEYS.allowList(), stored));
  }
  return checked;
}
