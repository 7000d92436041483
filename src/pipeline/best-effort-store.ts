import { errorDetail } from '../domain/error-detail';
import type { Logger, SpecStore, ViewState } from '../domain/ports';

/**
 * The read path's view of the KVS cache. There the cache is an optimisation: when KVS keeps failing
 * after the adapter's own retries, a read finds nothing, a write is skipped and a lease counts as
 * ours (no single flight while KVS is down), so the page view still shows data from the engineering
 * system or the snapshot instead of an error. The push path keeps the throwing store, because its
 * failures must make the queue redeliver.
 */
export function bestEffortStore(store: SpecStore, log: Logger): SpecStore {
  function fallback<T>(operation: string, value: T): (error: unknown) => T {
    return (error) => {
      log.warn('cache unavailable; the view continues without it', { operation, ...errorDetail(error) });
      return value;
    };
  }
  // Without KVS the allow-list is unknown: every spec is refused for this view (fail closed, §29).
  const emptyView = (): ViewState => ({ entries: new Map(), breaker: { consecutiveFailures: 0 }, allowList: { kind: 'unreadable', reason: 'unavailable' } });
  return {
    readView: (specIds, ref) => store.readView(specIds, ref).catch(fallback('readView', emptyView())),
    readEntries: (specIds) => store.readEntries(specIds).catch(fallback('readEntries', new Map())),
    readAllowList: () => store.readAllowList().catch(fallback('readAllowList', { kind: 'unreadable', reason: 'unavailable' } as const)),
    writeEntries: (entries) => store.writeEntries(entries).catch(fallback('writeEntries', undefined)),
    readEntriesClosingLeases: (specIds, leases) => store.readEntriesClosingLeases(specIds, leases).catch(fallback('readEntriesClosingLeases', new Map())),
    writeEntriesReleasing: (entries, leaseOf) => store.writeEntriesReleasing(entries, leaseOf).catch(fallback('writeEntriesReleasing', undefined)),
    createEntriesEndingLeases: (entries, leaseOf) =>
      store.createEntriesEndingLeases(entries, leaseOf).catch(fallback('createEntriesEndingLeases', { created: [], leaseEnded: [] })),
    writeMacro: (record) => store.writeMacro(record).catch(fallback('writeMacro', undefined)),
    writeMacroAndWhereUsed: (ref, record, whereUsed, candidate) => store.writeMacroAndWhereUsed(ref, record, whereUsed, candidate).catch(fallback('writeMacroAndWhereUsed', undefined)),
    deleteMacro: (ref) => store.deleteMacro(ref).catch(fallback('deleteMacro', undefined)),
    readMacros: (refs) => store.readMacros(refs).catch(fallback('readMacros', refs.map(() => undefined))),
    writeMacros: (records) => store.writeMacros(records).catch(fallback('writeMacros', undefined)),
    // Not on a view's path; a failed listing must not pass for "no macros".
    listMacros: () => store.listMacros(),
    recordBreakerFailure: (failure) => store.recordBreakerFailure(failure).catch(fallback('recordBreakerFailure', { consecutiveFailures: 0, lastError: failure.message })),
    resetBreaker: () => store.resetBreaker().catch(fallback('resetBreaker', undefined)),
    tryLease: (name, ttlSeconds) => store.tryLease(name, ttlSeconds).catch(fallback('tryLease', true)),
    leaseAcquiredAt: (name) => store.leaseAcquiredAt(name).catch(fallback('leaseAcquiredAt', undefined)),
    releaseLease: (name) => store.releaseLease(name).catch(fallback('releaseLease', undefined)),
    readRevision: (specId, revision) => store.readRevision(specId, revision).catch(fallback('readRevision', undefined)),
    writeRevision: (record) => store.writeRevision(record).catch(fallback('writeRevision', undefined)),
  };
}
