import api from '@forge/api';
import { z } from 'zod';
import type { PageReader } from '../domain/ports';
import { UpstreamError } from '../errors';
import { contentRequests } from './content-requests';
import type { PointsGovernor } from './points-governor';

/** The fields of GET /pages/{id} (or /blogposts/{id}) `?body-format=atlas_doc_format` a reconcile reads; nothing else is trusted. */
const PageWithAdf = z.looseObject({
  id: z.string().min(1).max(64),
  status: z.string().max(32),
  title: z.string().max(1_000).optional(),
  version: z.looseObject({ number: z.number().int().min(0) }),
  body: z.looseObject({ atlas_doc_format: z.looseObject({ value: z.string() }).optional() }).optional(),
});

/**
 * Reads page bodies as the app (page events have no viewer), through the invocation's points governor (§20). A failure
 * other than "gone" throws an UpstreamError, so the event's reconcile stops without changing the index.
 */
export function createConfluencePageReader(options: { governor?: PointsGovernor } = {}): PageReader {
  return {
    async read(pageId, contentType) {
      const product = options.governor ? options.governor.govern(api.asApp()) : api.asApp();
      const response = await contentRequests(contentType).bodyAdf(product, pageId);
      if (response.status === 404) return { kind: 'gone' };
      if (!response.ok) {
        const retryAfter = Number(response.headers.get('retry-after'));
        throw new UpstreamError(`Confluence answered ${response.status} to read a page body`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
      }
      const page = PageWithAdf.safeParse(await response.json());
      if (!page.success) throw new UpstreamError('Confluence answered a page without the expected fields', undefined);
      const { status, version, title, body } = page.data;
      if (status !== 'current' && status !== 'archived') return { kind: 'gone' };
      const adf = body?.atlas_doc_format?.value;
      if (adf === undefined) throw new UpstreamError('Confluence answered a page without its atlas_doc_format body', undefined);
      return { kind: 'found', version: version.number, status, ...(title !== undefined ? { title } : {}), adf };
    },
  };
}
