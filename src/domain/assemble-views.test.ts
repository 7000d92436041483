import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import { assembleSpecViews } from './assemble-views';
import type { CacheEntry } from './cache-entry';

test('a stale record whose last revalidation failed shows a fixed sentence, never the stored upstream error text', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const fetchedAt = now - 20 * 60_000;
  // An entry written before reader messages were fixed sentences: lastError holds the engineering system's own text.
  const entry: CacheEntry = {
    specId: 'SHAFT-1042',
    record: makeSpecRecord(),
    fetchedAt,
    lastError: { message: 'The engineering system is unavailable (HTTP 503): DB_DOWN: pg-primary-7.plm-internal.corp refused.', at: fetchedAt + 1 },
  };

  const [view] = assembleSpecViews({
    specIds: ['SHAFT-1042'],
    entries: new Map([['SHAFT-1042', entry]]),
    nowMs: now,
    policy: { ttlSeconds: 600, maxStaleSeconds: 86_400, notFoundTtlSeconds: 60 },
    fetchProblems: new Map(),
  });

  expect(view?.state).toBe('degraded');
  expect(view?.problem).toEqual({ code: 'unavailable', message: 'The engineering system did not answer the last refresh; showing the last known data.' });
});
