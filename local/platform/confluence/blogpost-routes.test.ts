import { expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from './adf-builders';
import { createOpenApiValidator } from './openapi-validator';
import { asUser, createTestConfluence } from './test-confluence';

const openApi = createOpenApiValidator();

function siteWithBlogPost(restrictions = {}) {
  const site = createTestConfluence();
  site.admin.createUser({ accountId: 'alice', displayName: 'Alice' });
  site.admin.createUser({ accountId: 'bob', displayName: 'Bob' });
  const space = site.admin.createSpace({ key: 'ENG', name: 'Engineering' });
  const body = adfDocument(forgeMacroNode({ localId: 'macro-on-blog', nodeLocalId: 'node-1', config: {} }));
  const blogPost = site.admin.createBlogPost({ spaceId: space.id, title: 'Release notes', body, restrictions });
  return { ...site, blogPostId: blogPost.id, homepageId: space.homepageId };
}

test('GET /blogposts/{id} answers a BlogPostSingle with the ADF body asked for', async () => {
  const { call, blogPostId } = siteWithBlogPost();

  const response = await call('GET', `/blogposts/${blogPostId}?body-format=atlas_doc_format`);

  expect(response.status).toBe(200);
  expect(openApi.responseErrors('/blogposts/{id}', 'get', '200', response.json, { closed: true })).toEqual([]);
  expect(JSON.stringify(response.json)).toContain('macro-on-blog');
});

test('a blog post id is not a page and a page id is not a blog post: each answers 404 on the other’s paths', async () => {
  const { call, blogPostId, homepageId } = siteWithBlogPost();

  expect((await call('GET', `/pages/${blogPostId}`)).status).toBe(404);
  expect((await call('GET', `/blogposts/${homepageId}`)).status).toBe(404);
  expect((await call('GET', `/pages/${blogPostId}/properties`)).status).toBe(404);
  expect((await call('GET', `/blogposts/${homepageId}/properties`)).status).toBe(404);
  expect((await call('GET', '/pages')).json).not.toMatchObject({ results: expect.arrayContaining([expect.objectContaining({ id: blogPostId })]) });
});

test('blog post content properties are created, read and updated like a page’s, shaped as the official ContentProperty', async () => {
  const { call, blogPostId } = siteWithBlogPost();
  const LIST = '/blogposts/{blogpost-id}/properties';
  const SINGLE = '/blogposts/{blogpost-id}/properties/{property-id}';

  const created = await call('POST', `/blogposts/${blogPostId}/properties`, { body: { key: 'spec-bridge.snapshot.a', value: { n: 1 } } });
  const id = (created.json as { id: string }).id;
  const updated = await call('PUT', `/blogposts/${blogPostId}/properties/${id}`, {
    body: { key: 'spec-bridge.snapshot.a', value: { n: 2 }, version: { number: 2 } },
  });
  const listed = await call('GET', `/blogposts/${blogPostId}/properties?key=spec-bridge.snapshot.a`);

  expect(created.status).toBe(200);
  expect(openApi.responseErrors(LIST, 'post', '200', created.json, { closed: true })).toEqual([]);
  expect(updated.status).toBe(200);
  expect(openApi.responseErrors(SINGLE, 'put', '200', updated.json, { closed: true })).toEqual([]);
  expect(openApi.responseErrors(LIST, 'get', '200', listed.json, { closed: true })).toEqual([]);
  expect(listed.json).toMatchObject({ results: [{ id, value: { n: 2 }, version: { number: 2 } }] });
});

test('blog post restrictions apply: a user outside the edit list gets 403 on writes, an account the site does not know 401', async () => {
  const { call, blogPostId } = siteWithBlogPost({ view: ['alice', 'bob'], edit: ['alice'] });

  expect((await call('GET', `/blogposts/${blogPostId}`, { as: asUser('mallory') })).status).toBe(401);
  expect((await call('GET', `/blogposts/${blogPostId}`, { as: asUser('bob') })).status).toBe(200);
  const bobWrite = await call('POST', `/blogposts/${blogPostId}/properties`, { body: { key: 'k', value: 1 }, as: asUser('bob') });
  const aliceWrite = await call('POST', `/blogposts/${blogPostId}/properties`, { body: { key: 'k', value: 1 }, as: asUser('alice') });

  expect(bobWrite.status).toBe(403);
  expect(aliceWrite.status).toBe(200);
});

test('a blog post hidden from a user answers 404 to them, like a missing one', async () => {
  const { call, admin, blogPostId } = siteWithBlogPost({ view: ['alice'] });
  admin.createUser({ accountId: 'carol', displayName: 'Carol' });

  expect((await call('GET', `/blogposts/${blogPostId}`, { as: asUser('carol') })).status).toBe(404);
  expect((await call('GET', `/blogposts/${blogPostId}/properties`, { as: asUser('carol') })).status).toBe(404);
});
