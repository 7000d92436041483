import api, { NeedsAuthenticationError, route } from '@forge/api';
import { z } from 'zod';
import type { MacroRef } from '../domain/ports';
import { UpstreamError } from '../errors';

/** The most page ids one `GET /pages?id=` takes (the OpenAPI's limit for `id` and `limit`). */
export const MAX_IDS_PER_READ = 250;

const ContentList = z.object({
  results: z.array(z.looseObject({ id: z.string(), title: z.string(), _links: z.looseObject({ webui: z.string().optional() }).optional() })),
  _links: z.looseObject({ base: z.string().optional() }).optional(),
});
const SingleContent = z.looseObject({ id: z.string(), title: z.string(), _links: z.looseObject({ webui: z.string().optional(), base: z.string().optional() }).optional() });

export type VisibleContent = { ok: true; visible: Map<string, { title: string; url: string }>; calls: number } | { ok: false; reason: 'no_consent' };

/**
 * Which of these pages and blog posts the viewing user may see, read as that user: Confluence answers only content
 * they may see. Pages in one `GET /wiki/api/v2/pages?id=…` per 250 ids (1 REST call for a where-used page's part);
 * blog posts, rare here, one `GET /blogposts/{id}` each. A viewer who has not granted the app access gets 'no_consent'.
 */
export async function readVisibleContent(refs: MacroRef[]): Promise<VisibleContent> {
  const visible = new Map<string, { title: string; url: string }>();
  const pageIds = [...new Set(refs.filter((ref) => ref.contentType !== 'blogpost').map((ref) => ref.pageId))];
  const blogpostIds = [...new Set(refs.filter((ref) => ref.contentType === 'blogpost').map((ref) => ref.pageId))];
  let calls = 0;
  try {
    for (let start = 0; start < pageIds.length; start += MAX_IDS_PER_READ) {
      const ids = pageIds.slice(start, start + MAX_IDS_PER_READ).join(',');
      const response = await api.asUser().requestConfluence(route`/wiki/api/v2/pages?id=${ids}&limit=${MAX_IDS_PER_READ}`, { headers: { Accept: 'application/json' } });
      calls += 1;
      if (!response.ok) throw new UpstreamError(`Confluence answered ${response.status} listing pages for the where-used page`, response.status === 429 ? 10 : undefined);
      const list = ContentList.parse(await response.json());
      const base = list._links?.base ?? '';
      for (const page of list.results) visible.set(page.id, { title: page.title, url: `${base}${page._links?.webui ?? ''}` });
    }
    for (const id of blogpostIds) {
      const response = await api.asUser().requestConfluence(route`/wiki/api/v2/blogposts/${id}`, { headers: { Accept: 'application/json' } });
      calls += 1;
      if (response.status === 404 || response.status === 403) continue;
      if (!response.ok) throw new UpstreamError(`Confluence answered ${response.status} reading a blog post for the where-used page`, undefined);
      const post = SingleContent.parse(await response.json());
      visible.set(post.id, { title: post.title, url: `${post._links?.base ?? ''}${post._links?.webui ?? ''}` });
    }
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) return { ok: false, reason: 'no_consent' };
    throw error;
  }
  return { ok: true, visible, calls };
}
