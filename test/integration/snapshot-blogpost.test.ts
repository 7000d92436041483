/**
 * A Spec Bridge macro on a blog post (Forge gives `extension.content.type: 'blogpost'`): its snapshot lives in the
 * blog post's content properties (`/wiki/api/v2/blogposts/{blogpost-id}/properties…`), the export renders it, and the
 * push path finds the macro in the blog post and rewrites the snapshot.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

let app: TestApp;
let spaceId: string;

beforeAll(async () => {
  app = await startApp();
  spaceId = app.platform.confluence.admin.getPage(app.pageId)?.spaceId as string;
});

afterAll(async () => {
  await app.close();
});

function blogPostWithMacro(localId: string): string {
  return app.platform.confluence.admin.createBlogPost({
    spaceId,
    title: `Release notes ${localId}`,
    body: adfDocument(forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config: {} })),
  }).id;
}

/** A view, then the queue drained: the view hands its snapshot write to the refresh consumer. */
async function viewOnBlogPost(blogPostId: string, localId: string, specIds: string): Promise<MacroViewModel> {
  const view = expectOk(
    (await app.platform.invokeResolver({
      functionKey: 'getSpecs',
      context: { pageId: blogPostId, contentType: 'blogpost', localId, config: { specIds, layout: 'card' } },
      accountId: 'local-admin',
    })) as ResolverResult<MacroViewModel>,
  );
  await app.platform.queue.drain();
  return view;
}

function snapshotOn(blogPostId: string, localId: string): MacroSnapshot | undefined {
  return app.platform.confluence.admin.getPropertyByKey(blogPostId, snapshotPropertyKey(localId))?.value as MacroSnapshot | undefined;
}

test('a macro on a blog post keeps its snapshot in the blog post’s content properties, and the export renders it', async () => {
  const localId = 'blog-macro-view';
  const blogPostId = blogPostWithMacro(localId);

  const view = await viewOnBlogPost(blogPostId, localId, 'SHAFT-1042');
  const doc = await app.platform.invokeAdfExport({ localId, pageId: blogPostId, contentType: 'blogpost', exportType: 'pdf' });

  expect(snapshotOn(blogPostId, localId)?.specs[0]?.record?.id).toBe('SHAFT-1042');
  expect(JSON.stringify(doc)).toContain(view.specs[0]?.record?.title ?? 'missing title');
});

test('a change notice rewrites the snapshot of a macro on a blog post: the push path finds the macro in the blog post', async () => {
  const localId = 'blog-macro-push';
  const blogPostId = blogPostWithMacro(localId);
  await viewOnBlogPost(blogPostId, localId, 'BOLT-2005');
  app.engineering.admin.updateSpec('BOLT-2005', { revision: 'Q' });

  const answer = await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['BOLT-2005'] }));
  await app.platform.queue.drain();

  expect(answer.statusCode).toBe(202);
  expect(snapshotOn(blogPostId, localId)?.specs[0]?.record?.revision).toBe('Q');
});
