import type { MacroRef, WhereUsedIndex } from '../domain/ports';
import { batchDelete, batchWrite } from './kvs-calls';
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
      await batchDelete(specIds.map((id) => KEYS.whereUsed(id, ref)));
    },
    async list(specId) {
      const rows = await listKeys<MacroRef>(KEYS.whereUsedPrefix(specId));
      return rows.map((row) => row.value);
    },
  };
}
