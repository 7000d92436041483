/**
 * The snapshot store on the content types a macro can sit on (src/confluence/content-properties.ts), with the real
 * @forge/api against the local platform's Confluence: a ref that names a blog post uses the blog post endpoints, and a
 * ref stored before content types were recorded (no `contentType`) still reaches a blog post.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import { buildSnapshot } from '../../src/domain/build-snapshot';
import type { SnapshotStore } from '../../src/domain/ports';
import { makeSpecRecord } from '../support/engineering-client-kit';

let platform: LocalPlatform;
let blogPostId: string;
let store: SnapshotStore;
let snapshotPropertyKey: (localId: string) => string;

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' } });
  const space = platform.confluence.admin.createSpace({ key: 'BLG', name: 'Blog' });
  const body = adfDocument(forgeMacroNode({ localId: 'macro-in-blog', nodeLocalId: 'node-1', config: {} }));
  blogPostId = platform.confluence.admin.createBlogPost({ spaceId: space.id, title: 'Release notes', body }).id;
  const adapter = await import('../../src/confluence/content-properties');
  snapshotPropertyKey = adapter.snapshotPropertyKey;
  store = adapter.createConfluenceSnapshotStore({ sleep: async () => undefined, clock: { now: () => Date.now() }, trust: {} });
});

afterAll(() => {
  platform.close();
});

function snapshotOf(localId: string) {
  const record = makeSpecRecord({ revision: 'B' });
  return buildSnapshot({
    pageId: blogPostId,
    localId,
    settings: { specIds: [record.id], layout: 'card', columns: ['id', 'title'], ttlSeconds: 600 },
    specs: [{ id: record.id, state: 'fresh', record, fetchedAt: new Date().toISOString() }],
    nowIso: new Date().toISOString(),
  });
}

test('a snapshot of a macro on a blog post is written to the blog post’s content properties', async () => {
  const outcome = await store.write(snapshotOf('macro-in-blog'), { pageId: blogPostId, localId: 'macro-in-blog', contentType: 'blogpost' });

  expect(outcome).toBe('written');
  expect(platform.confluence.admin.getPropertyByKey(blogPostId, snapshotPropertyKey('macro-in-blog'))).toBeDefined();
});

test('a ref stored before content types were recorded (no contentType) still reaches the blog post it names', async () => {
  const legacyRef = { pageId: blogPostId, localId: 'macro-legacy-ref' };

  const outcome = await store.write(snapshotOf('macro-legacy-ref'));
  const read = await store.read(legacyRef);

  expect(outcome).toBe('written');
  expect(platform.confluence.admin.getPropertyByKey(blogPostId, snapshotPropertyKey('macro-legacy-ref'))).toBeDefined();
  // No signing key here: the stored snapshot is read but not trusted, so nothing comes back; the read itself must not fail.
  expect(read).toBeUndefined();
});

test('the push path’s check finds the macro in a blog post, by content type or without one', async () => {
  expect(await store.pageHasMacro({ pageId: blogPostId, localId: 'macro-in-blog', contentType: 'blogpost' })).toBe(true);
  expect(await store.pageHasMacro({ pageId: blogPostId, localId: 'macro-in-blog' })).toBe(true);
  expect(await store.pageHasMacro({ pageId: blogPostId, localId: 'macro-removed', contentType: 'blogpost' })).toBe(false);
  expect(await store.pageHasMacro({ pageId: '99999999', localId: 'macro-in-blog' })).toBe(false);
});
