import api, { type APIResponse } from '@forge/api';
import type { ContentType, MacroRef } from '../domain/ports';
import type { SnapshotTrust } from '../domain/snapshot-signature';
import type { SnapshotReadingForQuery } from '../domain/where-used-query';
import { UpstreamError } from '../errors';
import { snapshotPropertyKey } from './content-properties';
import { contentRequests } from './content-requests';
import type { PointsGovernor } from './points-governor';
import { ContentPropertyList } from './schema';
import { readStoredSnapshot } from './stored-snapshot';

/**
 * Reads one macro's snapshot property for the where-used query trigger, as the app (no user is involved), and tells a
 * verified snapshot from an untrusted one (§13) and from none. One GET (1 REST point); a ref stored without its content
 * type is tried as a page, then as a blog post. A 404 (or 403) means the content is gone or the app may not read it.
 */
export function createQuerySnapshotReader(options: { trust: SnapshotTrust; governor: PointsGovernor }) {
  const product = options.governor.govern(api.asApp());
  async function get(type: ContentType, ref: MacroRef): Promise<APIResponse> {
    return contentRequests(type).propertyByKey(product, ref.pageId, snapshotPropertyKey(ref.localId));
  }
  return async function readSnapshot(ref: MacroRef): Promise<SnapshotReadingForQuery> {
    let contentType: ContentType = ref.contentType ?? 'page';
    let response = await get(contentType, ref);
    if (response.status === 404 && ref.contentType === undefined) {
      contentType = 'blogpost';
      response = await get(contentType, ref);
    }
    if (response.status === 404 || response.status === 403 || response.status === 401) return { kind: 'unreadable' };
    if (!response.ok) throw new UpstreamError(`Confluence answered ${response.status} to read snapshot`, response.status === 429 ? 10 : undefined);
    const listed = ContentPropertyList.safeParse(await response.json());
    const property = listed.success ? listed.data.results[0] : undefined;
    if (!property) return listed.success ? { kind: 'missing', contentType } : { kind: 'untrusted', contentType };
    const reading = readStoredSnapshot(property.value, ref, options.trust);
    return reading.snapshot ? { kind: 'verified', snapshot: reading.snapshot, contentType } : { kind: 'untrusted', contentType };
  };
}
