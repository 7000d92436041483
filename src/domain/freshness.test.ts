import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import { classifyEntry } from './freshness';

const policy = { ttlSeconds: 600, maxStaleSeconds: 7 * 86_400, notFoundTtlSeconds: 60 };
const now = Date.parse('2026-06-01T12:00:00Z');
const record = makeSpecRecord();

test.each([
  ['no entry', undefined, 'miss'],
  ['fetched a minute ago', { specId: 'S-1', record, fetchedAt: now - 60_000 }, 'fresh'],
  ['fetched exactly one TTL ago', { specId: 'S-1', record, fetchedAt: now - 600_000 }, 'stale'],
  ['fetched a day ago', { specId: 'S-1', record, fetchedAt: now - 86_400_000 }, 'stale'],
  ['fetched beyond max-stale', { specId: 'S-1', record, fetchedAt: now - 8 * 86_400_000 }, 'miss'],
  ['not found 30 s ago', { specId: 'S-1', fetchedAt: now - 30_000, notFoundAt: now - 30_000 }, 'not_found'],
  ['not found 2 min ago', { specId: 'S-1', fetchedAt: now - 120_000, notFoundAt: now - 120_000 }, 'miss'],
  ['withdrawn 30 s ago', { specId: 'S-1', record, fetchedAt: now - 30_000, notFoundAt: now - 30_000, withdrawn: true }, 'withdrawn'],
  ['withdrawn 2 min ago (asked again: a delete can be undone)', { specId: 'S-1', record, fetchedAt: now - 120_000, notFoundAt: now - 120_000, withdrawn: true }, 'miss'],
  ['withdrawn long ago, without a not-found time', { specId: 'S-1', record, fetchedAt: now - 8 * 86_400_000, withdrawn: true }, 'miss'],
] as const)('an entry %s is %s', (_name, entry, expected) => {
  expect(classifyEntry(entry, now, policy).kind).toBe(expected);
});
