import { renderAdf } from './storage-format';
import type { ConfluencePage, ConfluenceSpace, StoredProperty } from './types';

/** Body formats of PrimaryBodyRepresentationSingle (the `body-format` query parameter of GET /pages/{id}). */
export const BODY_FORMATS = [
  'storage',
  'atlas_doc_format',
  'view',
  'export_view',
  'anonymous_export_view',
  'styled_view',
  'editor',
] as const;

/** One of BODY_FORMATS. */
export type BodyFormat = (typeof BODY_FORMATS)[number];

/** ContentProperty as the v2 API returns it. */
export function propertyJson(property: StoredProperty): Record<string, unknown> {
  return {
    id: property.id,
    key: property.key,
    value: JSON.parse(property.valueJson) as unknown,
    version: { ...property.version },
  };
}

/** The `body` field: `{}` unless a format was asked, then `{[format]: {representation, value}}`. */
export function bodyJson(page: ConfluencePage, format: BodyFormat | undefined): Record<string, unknown> {
  if (format === undefined) return {};
  const value =
    format === 'atlas_doc_format' ? page.body : renderAdf(page.body, format === 'storage' || format === 'editor' ? 'storage' : 'view');
  return { [format]: { representation: format, value } };
}

/** PageSingle / PageBulk fields shared by GET /pages/{id} and GET /pages. */
export function pageJson(
  page: ConfluencePage & { position: number },
  space: ConfluenceSpace | undefined,
  options: { bodyFormat?: BodyFormat; includeVersion?: boolean },
): Record<string, unknown> {
  const spaceKey = space?.key ?? page.spaceId;
  return {
    id: page.id,
    status: page.status ?? 'current',
    title: page.title,
    spaceId: page.spaceId,
    ...(page.parentId === undefined ? {} : { parentId: page.parentId, parentType: 'page' }),
    position: page.position,
    authorId: page.authorId,
    ownerId: page.authorId,
    lastOwnerId: null,
    createdAt: page.createdAt,
    ...(options.includeVersion === false ? {} : { version: { ...page.version } }),
    body: bodyJson(page, options.bodyFormat),
    _links: {
      editui: `/pages/resumedraft.action?draftId=${page.id}`,
      webui: `/spaces/${spaceKey}/pages/${page.id}/${slug(page.title)}`,
      tinyui: `/x/${Buffer.from(page.id).toString('base64url')}`,
    },
  };
}

/** BlogPostSingle (GET /blogposts/{id}): a page's fields without parent and position. */
export function blogPostJson(post: ConfluencePage, space: ConfluenceSpace | undefined, options: { bodyFormat?: BodyFormat }): Record<string, unknown> {
  const spaceKey = space?.key ?? post.spaceId;
  return {
    id: post.id,
    status: post.status ?? 'current',
    title: post.title,
    spaceId: post.spaceId,
    authorId: post.authorId,
    createdAt: post.createdAt,
    version: { ...post.version },
    body: bodyJson(post, options.bodyFormat),
    _links: {
      editui: `/pages/resumedraft.action?draftId=${post.id}`,
      webui: `/spaces/${spaceKey}/blog/${post.createdAt.slice(0, 10).replaceAll('-', '/')}/${post.id}/${slug(post.title)}`,
      tinyui: `/x/${Buffer.from(post.id).toString('base64url')}`,
    },
  };
}

/** SpaceBulk / SpaceSingle. */
export function spaceJson(space: ConfluenceSpace): Record<string, unknown> {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    authorId: space.authorId,
    createdAt: space.createdAt,
    homepageId: space.homepageId,
    _links: { webui: `/spaces/${space.key}` },
  };
}

function slug(title: string): string {
  return encodeURIComponent(title.trim().replace(/\s+/g, '+')).replace(/%2B/g, '+');
}
