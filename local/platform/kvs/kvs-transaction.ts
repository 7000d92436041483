import { badRequest, ENTITY_NOT_EMULATED, type KvsResult } from './kvs-errors';
import { asRecord, replyEmpty, type KvsHandler } from './kvs-handler';
import { checkKey, KVS_LIMITS, withinPayloadLimit } from './kvs-limits';
import { checkWrite } from './kvs-batch';

type Operation = Record<string, unknown>;

interface TransactionPlan {
  sets: { key: string; json: string; ttlMs: number | undefined }[];
  deletes: string[];
}

/**
 * `/api/v1/transaction`: all `set`/`delete` operations commit together or not at all (KVS
 * transactions docs): 1–25 operations, each key once, ≤ 4 MB. Plain KVS items cannot carry
 * conditions; `check` needs an entity, and entities are not emulated.
 */
export const transactionHandler: KvsHandler = (body, { store, now, rawBody }) => {
  const plan = planTransaction(body, rawBody);
  if (!plan.ok) return plan;
  store.atomically(() => {
    for (const { key, json, ttlMs } of plan.value.sets) {
      store.write('kvs', key, json, ttlMs === undefined ? null : now + ttlMs, now);
    }
    for (const key of plan.value.deletes) store.remove('kvs', key, now);
  });
  return replyEmpty();
};

function planTransaction(body: unknown, rawBody: string): KvsResult<TransactionPlan> {
  const request = asRecord(body);
  if (!request) return badRequest('The transaction must be an object');
  const groups = [request.set, request.delete, request.check].map((group) => group ?? []);
  if (!groups.every((group) => Array.isArray(group))) return badRequest('set, delete and check must be lists');
  const [sets, deletes, checks] = (groups as unknown[][]).map((group) => group.map((op) => asRecord(op) ?? {})) as [
    Operation[],
    Operation[],
    Operation[],
  ];
  const all = [...sets, ...deletes, ...checks];
  if (all.length === 0) return badRequest('The transaction must contain at least one operation');
  if (all.length > KVS_LIMITS.maxTransactionOperations) {
    return badRequest(`The transaction contains ${all.length} operations; the maximum is ${KVS_LIMITS.maxTransactionOperations}`);
  }
  if (!withinPayloadLimit(rawBody)) return badRequest('The transaction payload exceeds 4MB');
  if (all.some((op) => op.entityName !== undefined)) return { ok: false, error: ENTITY_NOT_EMULATED };
  if (checks.length > 0) return badRequest('check operations need a Custom Entity Store entity');
  if (all.some((op) => op.conditions !== undefined)) return badRequest('KVS transaction items cannot carry conditions');
  const keys = all.map((op) => op.key);
  if (new Set(keys).size !== keys.length) return badRequest('Each key can only be used once in a transaction');

  const plan: TransactionPlan = { sets: [], deletes: [] };
  for (const op of sets) {
    const write = checkWrite(op);
    if (!write.ok) return write;
    plan.sets.push(write.value);
  }
  for (const op of deletes) {
    const key = checkKey(op.key);
    if (!key.ok) return key;
    plan.deletes.push(key.value);
  }
  return { ok: true, value: plan };
}
