import { randomUUID } from 'node:crypto';
import { kvs, WhereConditions } from '@forge/kvs';
import type { CacheEntry } from '../domain/cache-entry';
import {
  MAX_BREAKER_OPEN_SECONDS,
  type BreakerFailure,
  type BreakerState,
  type CachedToken,
  type Clock,
  type MacroRecord,
  type MacroRef,
  type SpecStore,
  type ViewState,
} from '../domain/ports';
import type { SpecRecord } from '../shared/spec-record';
import { batchDelete, batchRead, batchWrite, isKeyConflict, KVS_BATCH_LIMIT, transactWrite, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';
import { policyFromStored, readAllowListPolicy } from './allow-list';
import { candidateWrite } from './page-index';

/** A lease's value: who holds it (a token unique to one acquisition) and until when. */
interface Lease {
  owner: string;
  acquiredAt: number;
  expiresAt: number;
}

/** One counted breaker failure; `token` lets a retried write recognise itself. */
interface FailureSlot {
  token: string;
  at: number;
}

const DAY = 86_400;
/** How long a macro record outlives the last view or push that wrote it. */
const MACRO_TTL_SECONDS = 365 * DAY;
/** Most failure slots the breaker keeps (thresholds above this are cut to it). */
const BREAKER_MAX_THRESHOLD = 10;
/** How long a releasing owner re-holds its lease between making sure it is still its own and deleting it. */
const RELEASE_HOLD_SECONDS = 30;
/**
 * A lease with at least this long left cannot have been taken over (a takeover needs it expired), and a KVS write issued
 * now lands well within it (3 attempts with backoff take about a second): such a lease is deleted in the write that ends
 * its work, or by a plain delete. Closer to its expiry, releasing it first reads and re-holds it (releaseOwned), and a
 * write that ends it re-holds it with a closing swap.
 */
const UNEXPIRED_MARGIN_MS = 10_000;
/** How long where-used entries live (as in where-used.ts). */
const WHERE_USED_TTL_SECONDS = 365 * DAY;

const seconds = (value: number) => ({ value: Math.max(1, Math.ceil(value)), unit: 'SECONDS' as const });

/** Writes `value` under `key` unless the key exists; answers whether it wrote. */
async function createIfMissing(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
  try {
    await withKvsRetry(() => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ttl: seconds(ttlSeconds) }));
    return true;
  } catch (error) {
    if (isKeyConflict(error)) return false;
    throw error;
  }
}

/**
 * The spec cache and the app's bookkeeping in Forge KVS: one entry per spec, macro records,
 * the circuit breaker and single-flight leases. A view's reads go out as one batch where possible.
 *
 * Untyped KVS has no compare-and-set (transaction conditions need Custom Entity Store entities),
 * so leases are built on the two atomic single-key operations it has: create (`FAIL_IF_EXISTS`)
 * and swap (`OVERRIDE` + `returnValue: 'PREVIOUS'`). Every value carries a fresh owner token.
 * A takeover swaps its lease in and keeps it only if what it displaced is exactly the expired
 * value it read (or nothing); otherwise it puts the displaced lease back and backs off. A release
 * deletes only after a swap showed the lease was still its own. The breaker counts failures in
 * numbered slot keys created with `FAIL_IF_EXISTS`, so N concurrent failures fill N slots.
 */
export function createKvsSpecStore(options: { clock: Clock; maxStaleSeconds: number }): SpecStore {
  const { clock } = options;
  const entryTtlSeconds = options.maxStaleSeconds + DAY;
  /** The leases this store holds, by lease name. */
  const held = new Map<string, Lease>();
  /** Held leases a closing swap confirmed are still this store's and re-held: a write's transaction may delete them. */
  const closing = new Set<string>();

  /** Atomically replaces the lease under `key`, answering what it displaced. Not retried: a retry would displace itself. */
  async function swapLease(key: string, lease: Lease): Promise<Lease | undefined> {
    const ttl = seconds((lease.expiresAt - clock.now()) / 1000);
    const result = await kvs.set<Lease>(key, lease, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', ttl });
    return result?.value;
  }

  /** Puts back a lease a swap displaced by mistake (its owner still believes it holds it). */
  async function restoreLease(key: string, lease: Lease): Promise<void> {
    const ttl = seconds((lease.expiresAt - clock.now()) / 1000);
    await withKvsRetry(() => kvs.set(key, lease, { ttl }));
  }

  async function acquire(key: string, mine: Lease): Promise<boolean> {
    if (await createIfMissing(key, mine, (mine.expiresAt - mine.acquiredAt) / 1000)) return true;
    const current = await withKvsRetry(() => kvs.get<Lease>(key));
    // A retry after an ambiguous failure (e.g. a 5xx after the write committed) finds its own write.
    if (current?.owner === mine.owner) return true;
    if (current && current.expiresAt > clock.now()) return false;
    // Expired but not yet deleted (KVS deletes lazily, up to 48 h), or gone since: take it over,
    // keeping it only if the swap displaced exactly what was read.
    let displaced: Lease | undefined;
    try {
      displaced = await swapLease(key, mine);
    } catch (error) {
      // Whether the swap happened, and what it displaced, is unknown: give back what may be ours.
      await releaseOwned(key, mine.owner).catch(() => undefined);
      throw error;
    }
    if (displaced === undefined || sameLease(displaced, current)) return true;
    await restoreLease(key, displaced);
    return false;
  }

  /** Deletes the lease under `key` if `owner` holds it. */
  async function releaseOwned(key: string, owner: string): Promise<void> {
    const current = await withKvsRetry(() => kvs.get<Lease>(key));
    if (current?.owner !== owner) return; // expired and taken over (or gone): not ours to delete
    // A plain delete could land after the lease expired and was taken over. Swap in a fresh copy
    // first: once it displaced our own lease, nobody can take it over before the delete.
    const now = clock.now();
    const closing: Lease = { owner, acquiredAt: current.acquiredAt, expiresAt: now + RELEASE_HOLD_SECONDS * 1000 };
    const displaced = await swapLease(key, closing);
    if (displaced !== undefined && displaced.owner !== owner) {
      await restoreLease(key, displaced);
      return;
    }
    await withKvsRetry(() => kvs.delete(key));
  }

  async function tryLease(name: string, ttlSeconds: number): Promise<boolean> {
    if (held.has(name)) return false;
    const now = clock.now();
    const mine: Lease = { owner: randomUUID(), acquiredAt: now, expiresAt: now + ttlSeconds * 1000 };
    const won = await acquire(KEYS.lease(name), mine);
    if (won) held.set(name, mine);
    return won;
  }

  /**
   * Swaps a closing copy (ours, re-held RELEASE_HOLD_SECONDS) in for a lease we hold, as releaseOwned does before its
   * delete; answers whether it is still ours. A lease found taken over is put back to its owner and forgotten. When the
   * swap's outcome is unknown (it failed), the lease stays held for releaseLease.
   */
  async function closeHeld(name: string): Promise<boolean> {
    const mine = held.get(name);
    if (!mine) return false;
    if (mine.expiresAt - clock.now() >= UNEXPIRED_MARGIN_MS) {
      closing.add(name);
      return true;
    }
    const key = KEYS.lease(name);
    const closingLease: Lease = { owner: mine.owner, acquiredAt: mine.acquiredAt, expiresAt: clock.now() + RELEASE_HOLD_SECONDS * 1000 };
    let displaced: Lease | undefined;
    try {
      displaced = await swapLease(key, closingLease);
    } catch {
      return false;
    }
    if (displaced !== undefined && displaced.owner !== mine.owner) {
      held.delete(name);
      await restoreLease(key, displaced).catch(() => undefined);
      return false;
    }
    held.set(name, closingLease);
    closing.add(name);
    return true;
  }

  const failureSlots = (threshold: number) =>
    Array.from({ length: Math.min(Math.max(1, Math.floor(threshold)), BREAKER_MAX_THRESHOLD) }, (_, i) => KEYS.breakerFailure(i + 1));

  /** Takes the first free failure slot; answers how many slots are now taken (all of them when none was free). */
  async function countFailure(slots: string[], taken: Set<string>, now: number): Promise<number> {
    const mine: FailureSlot = { token: randomUUID(), at: now };
    let count = taken.size;
    for (const key of slots) {
      if (taken.has(key)) continue;
      if (await createIfMissing(key, mine, DAY)) return count + 1;
      // Taken by a concurrent failure, or by this one on an attempt whose answer was lost.
      const holder = await withKvsRetry(() => kvs.get<FailureSlot>(key));
      if (holder?.token === mine.token) return count + 1;
      count += 1;
    }
    return slots.length;
  }

  return {
    async readView(specIds: string[], ref: MacroRef | undefined): Promise<ViewState> {
      // The allow-list rides in the same batch: checking it costs a view no round trip (§29).
      const keys = [...specIds.map(KEYS.spec), KEYS.breaker(), KEYS.realtimeToken(), KEYS.allowList(), ...(ref ? [KEYS.macro(ref)] : [])];
      const values = await batchRead<unknown>(keys);
      const entries = new Map<string, CacheEntry>();
      for (const id of specIds) {
        const entry = values.get(KEYS.spec(id)) as CacheEntry | undefined;
        if (entry) entries.set(id, entry);
      }
      return {
        entries,
        macro: ref ? (values.get(KEYS.macro(ref)) as MacroRecord | undefined) : undefined,
        breaker: capBreaker(values.get(KEYS.breaker()) as BreakerState | undefined, clock.now()),
        liveToken: values.get(KEYS.realtimeToken()) as CachedToken | undefined,
        allowList: policyFromStored(values.get(KEYS.allowList())),
      };
    },
    readAllowList: readAllowListPolicy,
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
    async readEntriesClosingLeases(specIds, leases) {
      const [entries] = await Promise.all([
        batchRead<CacheEntry>(specIds.map(KEYS.spec)),
        Promise.all([...new Set(leases)].map((name) => closeHeld(name))),
      ]);
      return new Map(specIds.flatMap((id) => {
        const entry = entries.get(KEYS.spec(id));
        return entry ? [[id, entry] as const] : [];
      }));
    },
    async writeEntriesReleasing(entries, leaseOf) {
      // One group per spec (its entry, and the delete of its lease when a closing swap confirmed it ours), so a spec's
      // answer and the end of its single flight land together; groups are packed into transactions of at most 25.
      const ids = [...new Set([...entries.map((e) => e.specId), ...leaseOf.keys()])];
      const byId = new Map(entries.map((e) => [e.specId, e]));
      const groups = ids.map((id) => {
        const entry = byId.get(id);
        const lease = leaseOf.get(id);
        return {
          sets: entry ? [{ key: KEYS.spec(id), value: entry, ttlSeconds: entryTtlSeconds }] : [],
          deletes: lease !== undefined && closing.has(lease) ? [lease] : [],
        };
      }).filter((g) => g.sets.length + g.deletes.length > 0);
      const transactions: { sets: { key: string; value: unknown; ttlSeconds: number }[]; deletes: string[] }[] = [];
      for (const group of groups) {
        const last = transactions.at(-1);
        if (last && last.sets.length + last.deletes.length + group.sets.length + group.deletes.length <= KVS_BATCH_LIMIT) {
          last.sets.push(...group.sets);
          last.deletes.push(...group.deletes);
        } else {
          transactions.push({ sets: [...group.sets], deletes: [...group.deletes] });
        }
      }
      await Promise.all(transactions.map(async (t) => {
        await transactWrite(t.sets, t.deletes.map(KEYS.lease));
        for (const name of t.deletes) {
          held.delete(name);
          closing.delete(name);
        }
      }));
    },
    async createEntriesEndingLeases(entries, leaseOf) {
      const now = clock.now();
      const handled = entries.filter((entry) => {
        const name = leaseOf.get(entry.specId);
        const mine = name === undefined ? undefined : held.get(name);
        return mine !== undefined && mine.expiresAt - now >= UNEXPIRED_MARGIN_MS;
      });
      const leases = handled.map((entry) => leaseOf.get(entry.specId) as string);
      // Settled one by one: a failure must not leave the other writes running after the function answers.
      const outcomes = await Promise.allSettled([
        batchDelete(leases.map(KEYS.lease)).then(() => true),
        ...handled.map((entry) => createIfMissing(KEYS.spec(entry.specId), entry, entryTtlSeconds)),
      ]);
      if (outcomes[0]?.status === 'fulfilled') {
        for (const name of leases) {
          held.delete(name);
          closing.delete(name);
        }
      }
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      return {
        created: handled.filter((_, i) => (outcomes[i + 1] as PromiseFulfilledResult<boolean>).value).map((entry) => entry.specId),
        leaseEnded: handled.map((entry) => entry.specId),
      };
    },
    async readMacros(refs) {
      const values = await batchRead<MacroRecord>(refs.map(KEYS.macro));
      return refs.map((ref) => values.get(KEYS.macro(ref)));
    },
    async writeMacros(records) {
      await batchWrite(records.map((record) => ({ key: KEYS.macro(record.ref), value: record })), MACRO_TTL_SECONDS);
    },
    async listMacros() {
      return (await listKeys<MacroRecord>(KEYS.macroPrefix())).map((row) => row.value);
    },
    async writeMacro(record) {
      await withKvsRetry(() => kvs.set(KEYS.macro(record.ref), record, { ttl: seconds(MACRO_TTL_SECONDS) }));
    },
    async writeMacroAndWhereUsed(ref, record, whereUsed, candidate) {
      const sets = [
        ...(record ? [{ key: KEYS.macro(ref), value: record, ttlSeconds: MACRO_TTL_SECONDS }] : []),
        ...whereUsed.add.map((id) => ({ key: KEYS.whereUsed(id, ref), value: ref, ttlSeconds: WHERE_USED_TTL_SECONDS })),
        // The page's candidate mark rides in the same writes: marking costs a view no KVS call of its own.
        ...(candidate ? [candidateWrite(candidate)] : []),
      ];
      const deletes = whereUsed.remove.map((id) => KEYS.whereUsed(id, ref));
      if (sets.length + deletes.length === 0) return;
      if (sets.length + deletes.length <= KVS_BATCH_LIMIT) {
        await transactWrite(sets, deletes);
        return;
      }
      // Too many for one transaction: the record first, so a notice that finds the macro in where-used finds its record.
      if (record) await withKvsRetry(() => kvs.set(KEYS.macro(ref), record, { ttl: seconds(MACRO_TTL_SECONDS) }));
      const adds = [...whereUsed.add.map((id) => ({ key: KEYS.whereUsed(id, ref), value: ref })), ...(candidate ? [candidateWrite(candidate)] : [])];
      if (adds.length > 0) await batchWrite(adds, WHERE_USED_TTL_SECONDS);
      if (deletes.length > 0) await batchDelete(deletes);
    },
    async deleteMacro(ref) {
      await withKvsRetry(() => kvs.delete(KEYS.macro(ref)));
    },
    async recordBreakerFailure(failure: BreakerFailure): Promise<BreakerState> {
      const now = clock.now();
      const slots = failureSlots(failure.threshold);
      const seen = await batchRead<unknown>([KEYS.breaker(), ...slots]);
      const state = seen.get(KEYS.breaker()) as BreakerState | undefined;
      const consecutiveFailures = await countFailure(slots, new Set(slots.filter((key) => seen.has(key))), now);
      const rateLimited = failure.retryAfterSeconds !== undefined;
      if (consecutiveFailures < slots.length && !rateLimited) {
        // Marks that failures are being counted (so the next success resets them); never replaces an open breaker.
        const counting: BreakerState = { consecutiveFailures, lastError: failure.message };
        await createIfMissing(KEYS.breaker(), counting, DAY);
        return counting;
      }
      const cooldown = Math.min(Math.max(1, rateLimited ? (failure.retryAfterSeconds ?? 1) : failure.cooldownSeconds), MAX_BREAKER_OPEN_SECONDS);
      const stillOpen = state?.openUntil !== undefined && state.openUntil > now ? Math.min(state.openUntil, now + MAX_BREAKER_OPEN_SECONDS * 1000) : 0;
      const opened: BreakerState = { consecutiveFailures, lastError: failure.message, openUntil: Math.max(stillOpen, now + cooldown * 1000) };
      await withKvsRetry(() => kvs.set(KEYS.breaker(), opened, { ttl: seconds(DAY) }));
      return opened;
    },
    async resetBreaker() {
      // Slots before the breaker key: a reset that fails half-way leaves the breaker marked, so the next success resets again.
      await batchDelete(failureSlots(BREAKER_MAX_THRESHOLD));
      await batchDelete([KEYS.breaker()]);
    },
    tryLease,
    async leaseAcquiredAt(name) {
      const lease = await withKvsRetry(() => kvs.get<Lease>(KEYS.lease(name)));
      return lease && lease.expiresAt > clock.now() ? lease.acquiredAt : undefined;
    },
    async releaseLease(name) {
      const mine = held.get(name);
      held.delete(name);
      closing.delete(name);
      if (!mine) return;
      const key = KEYS.lease(name);
      if (clock.now() >= mine.expiresAt - UNEXPIRED_MARGIN_MS) {
        await releaseOwned(key, mine.owner);
        return;
      }
      // Far from expiring (a closing swap re-held it, or it is young), the lease cannot have been taken over: ours to delete.
      await withKvsRetry(() => kvs.delete(key));
    },
    async readRevision(specId, revision) {
      return withKvsRetry(() => kvs.get<SpecRecord>(KEYS.revision(specId, revision)));
    },
    async writeRevision(record) {
      await withKvsRetry(() => kvs.set(KEYS.revision(record.id, record.revision), record, { ttl: { value: 365, unit: 'DAYS' } }));
    },
  };
}

function sameLease(a: Lease, b: Lease | undefined): boolean {
  return b !== undefined && a.owner === b.owner && a.acquiredAt === b.acquiredAt && a.expiresAt === b.expiresAt;
}

/** The stored breaker, never open further ahead than MAX_BREAKER_OPEN_SECONDS (also for states written before the cap). */
function capBreaker(state: BreakerState | undefined, now: number): BreakerState {
  if (!state) return { consecutiveFailures: 0 };
  if (state.openUntil === undefined) return state;
  return { ...state, openUntil: Math.min(state.openUntil, now + MAX_BREAKER_OPEN_SECONDS * 1000) };
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

/** The breaker record as the pipeline stored it (undefined: closed, no failures counted). */
export async function readBreakerRecord(): Promise<BreakerState | undefined> {
  return withKvsRetry(() => kvs.get<BreakerState>(KEYS.breaker()));
}
