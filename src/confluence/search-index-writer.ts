import api, { type APIResponse } from '@forge/api';
import { z } from 'zod';
import {
  buildSearchIndexValue,
  SEARCH_INDEX_PROPERTY_KEY,
  type IndexedPageRef,
  type SearchIndexValue,
  type SearchIndexWrite,
  type SearchIndexWriter,
} from '../domain/search-index-property';
import { UpstreamError } from '../errors';
import { contentRequests, type ConfluenceProduct } from './content-requests';
import type { PointsGovernor } from './points-governor';
import { ContentPropertyList, type ContentProperty } from './schema';

const MAX_ATTEMPTS = 5;

/** The part of a stored value the writer compares against; anyone with edit rights may have written anything there. */
const StoredIndexVersion = z.looseObject({ pageVersion: z.number().int() });

export interface SearchIndexWriterOptions {
  sleep: (ms: number) => Promise<void>;
  /** Admits and counts each Confluence call against the REST points budget (decisions §20); none: calls go straight out. */
  governor?: PointsGovernor;
}

/**
 * The page-level search index property (`specbridge_index`) as the app writes it: read by key, then create, or
 * update with `version.number` + 1. A 409, or a 400 (the v2 OpenAPI lists no 409), is re-read and retried after a
 * short jittered backoff; a value built from a newer page version is never overwritten with an older one. The value
 * is state (built from the whole page), so there is nothing to merge: the newest page version wins.
 */
export function createSearchIndexWriter(options: SearchIndexWriterOptions): SearchIndexWriter {
  function product(): ConfluenceProduct {
    const app = api.asApp();
    return options.governor ? options.governor.govern(app) : app;
  }

  async function readProperty(page: IndexedPageRef): Promise<ContentProperty | undefined | 'page_gone'> {
    const response = await contentRequests(page.contentType).propertyByKey(product(), page.pageId, SEARCH_INDEX_PROPERTY_KEY);
    if (response.status === 404) return 'page_gone';
    await throwUnlessOk(response, 'read the search index property');
    return ContentPropertyList.parse(await response.json()).results[0];
  }

  return {
    async writeSearchIndexProperty(page, entry, shown) {
      const value = buildSearchIndexValue(entry, shown);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        const existing = await readProperty(page);
        if (existing === 'page_gone') return 'page_gone';
        const decision = compare(existing, value);
        if (decision !== 'write') return decision;
        const requests = contentRequests(page.contentType);
        const body = JSON.stringify({
          key: SEARCH_INDEX_PROPERTY_KEY,
          value,
          ...(existing ? { version: { number: existing.version.number + 1, message: 'Spec Bridge search index' } } : {}),
        });
        const response = existing
          ? await requests.updateProperty(product(), page.pageId, existing.id, body)
          : await requests.createProperty(product(), page.pageId, body);
        if (response.ok) return 'written';
        if (response.status === 404) return 'page_gone';
        if ((response.status === 409 || response.status === 400) && attempt < MAX_ATTEMPTS) {
          await options.sleep(Math.ceil(Math.random() * 50 * 2 ** (attempt - 1)));
          continue;
        }
        await throwUnlessOk(response, 'write the search index property');
      }
      throw new UpstreamError('Confluence kept refusing the search index property write', 5);
    },

    async removeSearchIndexProperty(page) {
      const existing = await readProperty(page);
      if (existing === 'page_gone' || existing === undefined) return 'absent';
      const response = await contentRequests(page.contentType).deleteProperty(product(), page.pageId, existing.id);
      if (response.status === 404) return 'absent';
      await throwUnlessOk(response, 'delete the search index property');
      return 'removed';
    },
  };
}

/** Whether to write: not over a value from a newer page version, not the same value again. */
function compare(existing: ContentProperty | undefined, value: SearchIndexValue): SearchIndexWrite | 'write' {
  if (!existing) return 'write';
  const stored = StoredIndexVersion.safeParse(existing.value);
  if (stored.success && stored.data.pageVersion > value.pageVersion) return 'stale';
  return JSON.stringify(existing.value) === JSON.stringify(value) ? 'unchanged' : 'write';
}

async function throwUnlessOk(response: APIResponse, what: string): Promise<void> {
  if (response.ok) return;
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryable = response.status === 429 || response.status >= 500;
  throw new UpstreamError(`Confluence answered ${response.status} to ${what}`, retryable ? (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 10) : undefined);
}
