import { kvs, WhereConditions } from '@forge/kvs';
import type { CacheEntry } from '../domain/cache-entry';
import type { BreakerState, CachedToken, Clock, MacroRecord, MacroRef, SpecStore, ViewState } from '../domain/ports';
import type { SpecRecord } from '../shared/spec-record';
import { batchRead, batchWrite, isKeyConflict, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

interface Lease {
  acquiredAt: number;
  expiresAt: number;
}

const DAY = 86_400;

/**
 * The spec cache and the app's bookkeeping in Forge KVS: one entry per spec, macro records,
 * the circuit breaker and single-flight leases. A view's reads go out as one batch where possible.
 */
export function createKvsSpecStore(options: { clock: Clock; maxStaleSeconds: number }): SpecStore {
  const { clock } = options;
  const entryTtlSeconds = options.maxStaleSeconds + DAY;

  async function tryLease(name: string, ttlSeconds: number): Promise<boolean> {
    const key = KEYS.lease(name);
    const lease: Lease = { acquiredAt: clock.now(), expiresAt: clock.now() + ttlSeconds * 1000 };
    const acquire = () => kvs.set(key, lease, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: ttlSeconds, unit: 'SECONDS' } });
    try {
      await withKvsRetry(acquire);
      return true;
    } catch (error) {
      if (!isKeyConflict(error)) throw error;
    }
    // KVS deletes expired keys lazily (up to 48 h), so an expired lease can still be present.
    const current = await withKvsRetry(() => kvs.get<Lease>(key));
    if (current && current.expiresAt > clock.now()) return false;
    await withKvsRetry(() => kvs.delete(key));
    try {
      await withKvsRetry(acquire);
      return true;
    } catch (error) {
      if (isKeyConflict(error)) return false;
      throw error;
    }
  }

  return {
    async readView(specIds: string[], ref: MacroRef | undefined): Promise<ViewState> {
      const keys = [...specIds.map(KEYS.spec), KEYS.breaker(), KEYS.realtimeToken(), ...(ref ? [KEYS.macro(ref)] : [])];
      const values = await batchRead<unknown>(keys);
      const entries = new Map<string, CacheEntry>();
      for (const id of specIds) {
        const entry = values.get(KEYS.spec(id)) as CacheEntry | undefined;
        if (entry) entries.set(id, entry);
      }
      return {
        entries,
        macro: ref ? (values.get(KEYS.macro(ref)) as MacroRecord | undefined) : undefined,
        breaker: (values.get(KEYS.breaker()) as BreakerState | undefined) ?? { consecutiveFailures: 0 },
        liveToken: values.get(KEYS.realtimeToken()) as CachedToken | undefined,
      };
    },
    async readEntries(specIds) {
      const values = await batchRead<CacheEntry>(specIds.map(KEYS.spec));
      return new Map(specIds.flatMap((id) => {
        const entry = values.get(KEYS.spec(id));
        return entry ? [[id, entry] as const] : [];
      }));
    },
    async writeEntries(entries) {
      await batchWrite(entries.map((entry) => ({ key: KEYS.spec(entry.specId), value: entry })), entryTtlSeconds);
    },
    async readMacro(ref) {
      return withKvsRetry(() => kvs.get<MacroRecord>(KEYS.macro(ref)));
    },
    async writeMacro(record) {
      await withKvsRetry(() => kvs.set(KEYS.macro(record.ref), record, { ttl: { value: 365, unit: 'DAYS' } }));
    },
    async deleteMacro(ref) {
      await withKvsRetry(() => kvs.delete(KEYS.macro(ref)));
    },
    async writeBreaker(state) {
      await withKvsRetry(() => kvs.set(KEYS.breaker(), state, { ttl: { value: 1, unit: 'DAYS' } }));
    },
    tryLease,
    async leaseAcquiredAt(name) {
      const lease = await withKvsRetry(() => kvs.get<Lease>(KEYS.lease(name)));
      return lease && lease.expiresAt > clock.now() ? lease.acquiredAt : undefined;
    },
    async releaseLease(name) {
      await withKvsRetry(() => kvs.delete(KEYS.lease(name)));
    },
    async readRevision(specId, revision) {
      return withKvsRetry(() => kvs.get<SpecRecord>(KEYS.revision(specId, revision)));
    },
    async writeRevision(record) {
      await withKvsRetry(() => kvs.set(KEYS.revision(record.id, record.revision), record, { ttl: { value: 365, unit: 'DAYS' } }));
    },
  };
}

/** Lists keys under a prefix (all pages of the query). */
export async function listKeys<T>(prefix: string): Promise<{ key: string; value: T }[]> {
  const found: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const result = await withKvsRetry(() => query.getMany<T>());
    found.push(...result.results.map((r) => ({ key: r.key, value: r.value })));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return found;
}
