import { kvs } from '@forge/kvs';
import type { MacroRef, WhereUsedIndex } from '../domain/ports';
import { batchWrite, chunk, KVS_BATCH_LIMIT, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';
import { listKeys } from './spec-store';

/**
 * Spec id → the macros that show it. One KVS key per (spec, page, macro) pair, so concurrent
 * views never overwrite each other's entries; listing is a `beginsWith` query.
 */
export function createKvsWhereUsedIndex(): WhereUsedIndex {
  return {
    async add(specIds, ref) {
      await batchWrite(specIds.map((id) => ({ key: KEYS.whereUsed(id, ref), value: ref })), 365 * 86_400);
    },
    async remove(specIds, ref) {
      for (const part of chunk(specIds, KVS_BATCH_LIMIT)) {
        await withKvsRetry(() => kvs.batchDelete(part.map((id) => ({ key: KEYS.whereUsed(id, ref) }))));
      }
    },
    async list(specId) {
      const rows = await listKeys<MacroRef>(KEYS.whereUsedPrefix(specId));
      return rows.map((row) => row.value);
    },
  };
}
