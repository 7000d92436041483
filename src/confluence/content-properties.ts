import api, { route, type APIResponse } from '@forge/api';
import { mergeSnapshots } from '../domain/build-snapshot';
import type { MacroRef, SnapshotStore, SnapshotWrite } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import { signSnapshot, type SnapshotTrust } from '../domain/snapshot-signature';
import { UpstreamError } from '../errors';
import { ContentPropertyList, PageWithBody, type ContentProperty } from './schema';
import { readStoredSnapshot } from './stored-snapshot';

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
 * else wrote and the 400 is a real error (a bad value), not retried — after the last attempt too.
 * Conflicts are retried after a short jittered backoff (the injected sleep).
 */
export function createConfluenceSnapshotStore(options: { sleep: (ms: number) => Promise<void>; trust: SnapshotTrust }): SnapshotStore {

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
      // Only a snapshot the app signed for this macro is merged; anything else is replaced (§13).
      const stored = existing ? readStoredSnapshot(existing.value, ref, options.trust).snapshot : undefined;
      const merged = mergeSnapshots(stored, snapshot);
      if (stored && stored.contentHash === merged.contentHash) return 'unchanged';
      const body = JSON.stringify({
        key: snapshotPropertyKey(ref.localId),
        value: signSnapshot({ ...merged, sequence: (stored?.sequence ?? 0) + 1 }, options.trust),
        ...(existing ? { version: { number: existing.version.number + 1, message: 'Spec Bridge snapshot' } } : {}),
      });
      const response = existing
        ? await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${ref.pageId}/properties/${existing.id}`, { method: 'PUT', body, headers: JSON_HEADERS })
        : await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${ref.pageId}/properties`, { method: 'POST', body, headers: JSON_HEADERS });
      if (response.ok) return 'written';
      if (response.status === 409 || response.status === 400) {
        // A 400 may be a stale version too: the next read tells (nobody else wrote: a real 400).
        if (response.status === 400) rejected = { basedOn: propertyVersion(existing) };
        // Jittered, so writers that collided do not collide again in step.
        if (attempt < MAX_ATTEMPTS) await options.sleep(conflictBackoffMs(attempt));
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
    if (rejected && rejected.basedOn === propertyVersion(await readProperty(ref))) {
      throw new UpstreamError('Confluence answered 400 to write snapshot (not a version conflict: nobody else wrote)', undefined);
    }
    throw new UpstreamError('Confluence kept reporting version conflicts writing a snapshot', 5);
  }

  return {
    async read(ref) {
      const property = await readProperty(ref);
      return property ? readStoredSnapshot(property.value, ref, options.trust).snapshot : undefined;
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

/** Backoff before retrying a version conflict: full jitter up to 50 ms × 2^(attempt−1), so 50–400 ms at most per retry. */
function conflictBackoffMs(attempt: number): number {
  return Math.ceil(Math.random() * 50 * 2 ** (attempt - 1));
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
