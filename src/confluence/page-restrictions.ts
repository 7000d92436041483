/**
 * Whether a page has view restrictions, asked as the app: Confluence's v2 API has no restriction read, so this is the
 * v1 `GET /wiki/rest/api/content/{id}/restriction/byOperation/read` (one call, 1 point: the answer holds no core
 * object). Restricted: any user or group listed. Only the page's own restrictions are listed, not those it inherits
 * from an ancestor page (docs/documentation-notices.md "Privacy").
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ConfluenceProduct } from './content-requests';

const ReadRestriction = z.object({
  restrictions: z.object({
    user: z.object({ results: z.array(z.unknown()).optional(), size: z.number().optional() }).optional(),
    group: z.object({ results: z.array(z.unknown()).optional(), size: z.number().optional() }).optional(),
  }),
});

/** true / false; `gone` when the app cannot see the page (404); undefined when Confluence's answer says nothing usable. */
export type RestrictionAnswer = boolean | 'gone' | undefined;

export async function pageHasViewRestrictions(product: ConfluenceProduct, pageId: string): Promise<RestrictionAnswer> {
  const response = await product.requestConfluence(route`/wiki/rest/api/content/${pageId}/restriction/byOperation/read`, { headers: { Accept: 'application/json' } });
  if (response.status === 404) return 'gone';
  if (response.status !== 200) return undefined;
  const parsed = ReadRestriction.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) return undefined;
  const listed = (list: { results?: unknown[]; size?: number } | undefined) => (list?.results?.length ?? 0) > 0 || (list?.size ?? 0) > 0;
  return listed(parsed.data.restrictions.user) || listed(parsed.data.restrictions.group);
}
