/**
 * The snapshot store's merge against what is stored (src/confluence/content-properties.ts), with the real @forge/api
 * against the local platform's Confluence and the development signing key: a snapshot built from an older fetch that
 * is written only after a later fetch's snapshot landed (its writer was held up) must not replace it (§6, §12).
 */
import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../../local/keys/snapshot-signing-dev-key';
import { adfDocument } from '../../local/platform/confluence';
import { createLocalPlatform, LOCAL_CLOUD_ID, type LocalPlatform } from '../../local/platform/platform';
import { buildSnapshot } from '../../src/domain/build-snapshot';
import type { SnapshotStore } from '../../src/domain/ports';
import { makeSpecRecord } from '../support/engineering-client-kit';

let platform: LocalPlatform;
let pageId: string;
let store: SnapshotStore;
let nowMs = 0;

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' } });
  const space = platform.confluence.admin.createSpace({ key: 'ORD', name: 'Ordering' });
  pageId = platform.confluence.admin.createPage({ spaceId: space.id, title: 'Ordering', body: adfDocument() }).id;
  const { createConfluenceSnapshotStore } = await import('../../src/confluence/content-properties');
  store = createConfluenceSnapshotStore({
    sleep: async () => undefined,
    clock: { now: () => nowMs },
    trust: { cloudId: LOCAL_CLOUD_ID, signer: { keyId: 'local-dev-1', privateKey: createPrivateKey(LOCAL_SNAPSHOT_SIGNING_KEY) } },
  });
});

afterAll(() => {
  platform.close();
});

function snapshotOf(localId: string, revision: string, fetchedAtMs: number, builtAtMs: number) {
  const record = makeSpecRecord({ revision });
  return buildSnapshot({
    pageId,
    localId,
    settings: { specIds: [record.id], layout: 'table', columns: ['id', 'title'], ttlSeconds: 600 },
    specs: [{ id: record.id, state: 'fresh', record, fetchedAt: new Date(fetchedAtMs).toISOString() }],
    nowIso: new Date(builtAtMs).toISOString(),
  });
}

function storedRevision(localId: string): unknown {
  const value = platform.confluence.admin.getPropertyByKey(pageId, `spec-bridge.snapshot.${localId}`)?.value as { specs?: { record?: { revision?: string } }[] } | undefined;
  return value?.specs?.[0]?.record?.revision;
}

test('a snapshot built before a later fetch started, written after that fetch\'s snapshot landed, leaves the later one', async () => {
  const start = Date.now();
  // B was fetched and its snapshot built; then its writer was held up while M10 was fetched and written.
  const older = snapshotOf('macro-held-writer', 'B', start, start + 100);
  nowMs = start + 1_500;
  expect(await store.write(snapshotOf('macro-held-writer', 'M10', start + 1_300, start + 1_400))).toBe('written');

  nowMs = start + 3_000;
  const outcome = await store.write(older);

  expect(outcome).toBe('unchanged');
  expect(storedRevision('macro-held-writer')).toBe('M10');
});

test('a stored fetch time after the moment of the merge is not believed: the snapshot being written replaces it', async () => {
  const start = Date.now();
  nowMs = start + 10_000;
  expect(await store.write(snapshotOf('macro-future', 'F', start + 9_000, start + 9_000))).toBe('written');

  nowMs = start + 5_000;
  const outcome = await store.write(snapshotOf('macro-future', 'B', start + 4_000, start + 4_500));

  expect(outcome).toBe('written');
  expect(storedRevision('macro-future')).toBe('B');
});
