/**
 * The snapshot store's version-conflict retries (src/confluence/content-properties.ts) with the real @forge/api against
 * the local platform's Confluence: a conflict is retried after a short jittered backoff (the injected sleep, recorded
 * here instead of waited), and a 400 on the last attempt is checked like any other 400.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { adfDocument } from '../../local/platform/confluence';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import { buildSnapshot } from '../../src/domain/build-snapshot';
import type { SnapshotStore } from '../../src/domain/ports';
import { makeSpecRecord } from '../support/engineering-client-kit';

const PUT = 'PUT /pages/{page-id}/properties/{property-id}';

let platform: LocalPlatform;
let pageId: string;
let store: SnapshotStore;
const sleeps: number[] = [];

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' } });
  const space = platform.confluence.admin.createSpace({ key: 'CNF', name: 'Conflicts' });
  pageId = platform.confluence.admin.createPage({ spaceId: space.id, title: 'Conflicts', body: adfDocument() }).id;
  const { createConfluenceSnapshotStore } = await import('../../src/confluence/content-properties');
  // No signing key: stored snapshots are not merged, which these conflicts do not need.
  store = createConfluenceSnapshotStore({ sleep: async (ms: number) => void sleeps.push(ms), clock: { now: () => Date.now() }, trust: {} });
});

beforeEach(() => {
  platform.faults.clear();
  sleeps.length = 0;
});

afterAll(() => {
  platform.close();
});

function snapshotAt(localId: string, revision: string) {
  const record = makeSpecRecord({ revision });
  return buildSnapshot({
    pageId,
    localId,
    settings: { specIds: [record.id], layout: 'card', columns: ['id', 'title'], ttlSeconds: 600 },
    specs: [{ id: record.id, state: 'fresh', record, fetchedAt: new Date().toISOString() }],
    nowIso: new Date().toISOString(),
  });
}

test('version conflicts are retried after a jittered backoff that grows per attempt, then written', async () => {
  await store.write(snapshotAt('macro-backoff', 'A'));
  platform.faults.add({ service: 'confluence', operation: PUT, status: 409, times: 3 });
  const puts = platform.counters.get('confluence.PUT');

  const outcome = await store.write(snapshotAt('macro-backoff', 'B'));

  expect(outcome).toBe('written');
  expect(platform.counters.get('confluence.PUT') - puts).toBe(4);
  expect(sleeps).toHaveLength(3);
  sleeps.forEach((ms, i) => {
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThanOrEqual(50 * 2 ** i);
  });
});

test('a 400 on the last attempt, with nobody else writing, is reported as a real 400, not as version conflicts', async () => {
  await store.write(snapshotAt('macro-final-400', 'A'));
  platform.faults.add({ service: 'confluence', operation: PUT, status: 409, times: 4 });
  platform.faults.add({ service: 'confluence', operation: PUT, status: 400, skip: 4, times: 1 });
  const puts = platform.counters.get('confluence.PUT');

  const failure = store.write(snapshotAt('macro-final-400', 'B'));

  await expect(failure).rejects.toThrow(/answered 400 .*nobody else wrote/);
  expect(platform.counters.get('confluence.PUT') - puts).toBe(5);
});

test('409s on every attempt are reported as version conflicts', async () => {
  await store.write(snapshotAt('macro-409s', 'A'));
  platform.faults.add({ service: 'confluence', operation: PUT, status: 409, times: 5 });

  await expect(store.write(snapshotAt('macro-409s', 'B'))).rejects.toThrow(/kept reporting version conflicts/);
  expect(sleeps).toHaveLength(4);
});
