import { expect, test } from 'vitest';
import type { SpecStore } from '../domain/ports';
import { bestEffortStore } from './best-effort-store';

function failingStore(): SpecStore {
  const fail = () => Promise.reject(new Error('KVS answered 500'));
  return {
    readView: fail,
    readEntries: fail,
    readAllowList: fail,
    writeEntries: fail,
    readEntriesClosingLeases: fail,
    writeEntriesReleasing: fail,
    createEntriesEndingLeases: fail,
    writeMacro: fail,
    writeMacroAndWhereUsed: fail,
    deleteMacro: fail,
    readMacros: fail,
    writeMacros: fail,
    listMacros: fail,
    recordBreakerFailure: fail,
    resetBreaker: fail,
    tryLease: fail,
    leaseAcquiredAt: fail,
    releaseLease: fail,
    readRevision: fail,
    writeRevision: fail,
  };
}

test('when KVS keeps failing, reads find nothing, writes are skipped and a lease counts as ours', async () => {
  const warnings: string[] = [];
  const store = bestEffortStore(failingStore(), { info: () => undefined, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) });
  const ref = { pageId: '1', localId: 'a' };

  const view = await store.readView(['S-1'], ref);
  const lease = await store.tryLease('fetch:S-1', 15);
  await store.writeEntries([{ specId: 'S-1', fetchedAt: 1 }]);
  await store.releaseLease('fetch:S-1');
  const closingRead = await store.readEntriesClosingLeases(['S-1'], ['fetch:S-1']);
  await store.writeEntriesReleasing([{ specId: 'S-1', fetchedAt: 1 }], new Map([['S-1', 'fetch:S-1']]));
  const created = await store.createEntriesEndingLeases([{ specId: 'S-1', fetchedAt: 1 }], new Map([['S-1', 'fetch:S-1']]));
  await store.writeMacroAndWhereUsed(ref, undefined, { add: ['S-1'], remove: [] });

  expect(closingRead).toEqual(new Map());
  expect(created).toEqual({ created: [], leaseEnded: [] });
  // Without KVS the allow-list is unknown: the view refuses every spec rather than show what it may forbid (§29).
  expect(view).toEqual({ entries: new Map(), breaker: { consecutiveFailures: 0 }, allowList: { kind: 'unreadable', reason: 'unavailable' } });
  expect(await store.readAllowList()).toEqual({ kind: 'unreadable', reason: 'unavailable' });
  await expect(store.listMacros()).rejects.toThrow('KVS answered 500');
  expect(lease).toBe(true);
  expect(await store.readEntries(['S-1'])).toEqual(new Map());
  expect(await store.readRevision('S-1', 'A')).toBeUndefined();
  expect(warnings).toHaveLength(11);
});

test('when KVS answers, its answers pass through unchanged', async () => {
  const entries = new Map([['S-1', { specId: 'S-1', fetchedAt: 5 }]]);
  const working: SpecStore = { ...failingStore(), readEntries: async () => entries, tryLease: async () => false };
  const store = bestEffortStore(working, { info: () => undefined, warn: () => undefined, error: () => undefined });

  expect(await store.readEntries(['S-1'])).toBe(entries);
  expect(await store.tryLease('fetch:S-1', 15)).toBe(false);
});
