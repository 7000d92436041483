import api, { route, type APIResponse } from '@forge/api';
import { mergeSnapshots } from '../domain/build-snapshot';
import type { MacroRef, SnapshotStore, SnapshotWrite } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import { UpstreamError } from '../errors';
import { ContentPropertyList, PageWithBody, StoredSnapshot, type ContentProperty } from './schema';

/** Content-property keys live in a global namespace shared by all apps: prefix ours. */
export function snapshotPropertyKey(localId: string): string {
  return `spec-bridge.snapshot.${localId}`;
}

const MAX_ATTEMPTS = 5;

/**
 * Snapshots as Confluence content properties, written as the app (viewers may lack edit rights).
 * Updates need `version.number` = current + 1; a 409 means someone else wrote first, so the
 * property is re-read, merged (nothing goes backwards) and written again. The v2 OpenAPI lists no
 * 409 for property writes, so a 400 may also be a stale version (or, on create, a key someone else
 * just created): it is re-read the same way, and if the property did not change meanwhile, nobody
 * else wrote and the 400 is a real error (a bad value), not retried.
 */
export function createConfluenceSnapshotStore(options: { sleep: (ms: number) => Promise<void> }): SnapshotStore {

  async function readProperty(ref: MacroRef): Promise<ContentProperty | undefined> {
    const response = await api.asApp().requestConfluence(
      route`/wiki/api/v2/pages/${ref.pageId}/properties?key=${snapshotPropertyKey(ref.localId)}`,
      { headers: { Accept: 'application/json' } },
    );
    if (response.status === 404) return undefined;
    await throwUnlessOk(response, 'read snapshot');
    return ContentPropertyList.parse(await response.json()).results[0];
  }

  async function write(snapshot: MacroSnapshot): Promise<SnapshotWrite> {
    const ref = { pageId: snapshot.pageId, localId: snapshot.localId };
    /** The property (id and version; undefined: none) a write was based on when Confluence answered 400. */
    let rejected: { basedOn: string | undefined } | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const existing = await readProperty(ref);
      if (rejected && rejected.basedOn === propertyVersion(existing)) {
        throw new UpstreamError('Confluence answered 400 to write snapshot (not a version conflict: nobody else wrote)', undefined);
      }
      rejected = undefined;
      const stored = existing ? StoredSnapshot.safeParse(existing.value) : undefined;
      const merged = mergeSnapshots(stored?.success ? (stored.data as unknown as MacroSnapshot) : undefined, snapshot);
      if (stored?.success && stored.data.contentHash === merged.contentHash) return 'unchanged';
      const body = JSON.stringify({
        key: snapshotPropertyKey(ref.localId),
        value: merged,
        ...(existing ? { version: { number: existing.version.number + 1, message: 'Spec Bridge snapshot' } } : {}),
      });
      const response = existing
        ? await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${ref.pageId}/properties/${existing.id}`, { method: 'PUT', body, headers: JSON_HEADERS })
        : await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${ref.pageId}/properties`, { method: 'POST', body, headers: JSON_HEADERS });
      if (response.ok) return 'written';
      if (response.status === 409) continue;
      if (response.status === 400) {
        rejected = { basedOn: propertyVersion(existing) };
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        const wait = retryAfterMs(response) ?? 200 * 2 ** attempt;
        if (wait > 5_000 || attempt === MAX_ATTEMPTS) throw new UpstreamError(`Confluence answered ${response.status} writing a snapshot`, Math.ceil(wait / 1000));
        await options.sleep(wait);
        continue;
      }
      await throwUnlessOk(response, 'write snapshot');
    }
    throw new UpstreamError('Confluence kept reporting version conflicts writing a snapshot', 5);
  }

  return {
    async read(ref) {
      const property = await readProperty(ref);
      const parsed = property ? StoredSnapshot.safeParse(property.value) : undefined;
      return parsed?.success ? (parsed.data as unknown as MacroSnapshot) : undefined;
    },
    write,
    async pageHasMacro(ref) {
      const response = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${ref.pageId}?body-format=atlas_doc_format`, {
        headers: { Accept: 'application/json' },
      });
      if (response.status === 404) return false;
      if (!response.ok) return undefined;
      const page = PageWithBody.safeParse(await response.json());
      const body = page.success ? (page.data.body?.atlas_doc_format?.value ?? page.data.body?.storage?.value) : undefined;
      return body === undefined ? undefined : body.includes(ref.localId);
    },
  };
}

/** Which property and version a write starts from; two equal answers mean nobody else wrote in between. */
function propertyVersion(property: ContentProperty | undefined): string | undefined {
  return property && `${property.id}@${property.version.number}`;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

function retryAfterMs(response: APIResponse): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

async function throwUnlessOk(response: APIResponse, what: string): Promise<void> {
  if (response.ok) return;
  throw new UpstreamError(`Confluence answered ${response.status} to ${what}`, response.status === 429 ? 10 : undefined);
}
