import api, { NeedsAuthenticationError, type APIResponse } from '@forge/api';
import { mergeSnapshots } from '../domain/build-snapshot';
import type { ContentType, MacroRef, SnapshotStore, SnapshotWrite } from '../domain/ports';
import type { MacroSnapshot } from '../domain/snapshot';
import { signSnapshot, type SnapshotTrust } from '../domain/snapshot-signature';
import { UpstreamError } from '../errors';
import { contentRequests, type ConfluenceProduct, type ContentRequests } from './content-requests';
import type { PointsGovernor } from './points-governor';
import { ContentPropertyList, PageWithBody, type ContentProperty } from './schema';
import { readStoredSnapshot } from './stored-snapshot';

/** Content-property keys live in a global namespace shared by all apps: prefix ours. */
export function snapshotPropertyKey(localId: string): string {
  return `spec-bridge.snapshot.${localId}`;
}

const MAX_ATTEMPTS = 5;

/** Who a Confluence request acts as: the viewing user (asUser) or the app (asApp). */
type Caller = 'viewer' | 'app';

/** What this invocation found out about the viewer and the content: may see it, may not, or could not ask (no consent). */
type ViewerAccess = 'visible' | 'hidden' | 'no_consent';

/** The admin's "remove all snapshots" (content properties outlive an uninstall). */
export interface SnapshotRemover {
  /** Deletes the macro's snapshot property, as the app; 'absent' when there was none. */
  remove(ref: MacroRef): Promise<'removed' | 'absent'>;
}

export interface SnapshotStoreOptions {
  sleep: (ms: number) => Promise<void>;
  /** The time a merge is judged at (a stored fetch time after it is not believed); read after each read of the property. */
  clock: { now(): number };
  trust: SnapshotTrust;
  /**
   * True in a UI-triggered resolver (a page view): the snapshot is read as the viewer, and written as
   * the app only once a read as the viewer showed that they may see the content (docs/decisions.md).
   * False (queue consumer, export): everything as the app, as no user triggered it.
   */
  forViewer?: boolean;
  /** Admits, counts and paces every Confluence call against the REST points budget (§20); none: calls go straight out. */
  governor?: PointsGovernor;
}

/**
 * Snapshots as Confluence content properties of the page or blog post the macro is on, written as the
 * app (viewers may lack edit rights).
 * Updates need `version.number` = current + 1; a 409 means someone else wrote first, so the
 * property is re-read, merged (nothing goes backwards) and written again. The v2 OpenAPI lists no
 * 409 for property writes, so a 400 may also be a stale version (or, on create, a key someone else
 * just created): it is re-read the same way, and if the property did not change meanwhile, nobody
 * else wrote and the 400 is a real error (a bad value), not retried — after the last attempt too.
 * Conflicts are retried after a short jittered backoff (the injected sleep).
 */
export function createConfluenceSnapshotStore(options: SnapshotStoreOptions): SnapshotStore & SnapshotRemover {
  /** Content types found by asking (refs stored before blog posts were supported carry none). */
  const learnedTypes = new Map<string, ContentType>();
  const viewerAccess = new Map<string, ViewerAccess>();

  /**
   * One request to the macro's content. A ref without a content type is tried as a page first and,
   * when Confluence has no such page, as a blog post (content ids are unique across both).
   */
  async function request(
    caller: Caller,
    ref: MacroRef,
    call: (requests: ContentRequests, product: ConfluenceProduct) => Promise<APIResponse>,
  ): Promise<APIResponse> {
    const direct = caller === 'viewer' ? api.asUser() : api.asApp();
    const product = options.governor ? options.governor.govern(direct) : direct;
    const known = ref.contentType ?? learnedTypes.get(ref.pageId);
    if (known) return call(contentRequests(known), product);
    const asPage = await call(contentRequests('page'), product);
    if (asPage.status !== 404) {
      learnedTypes.set(ref.pageId, 'page');
      return asPage;
    }
    const asBlogpost = await call(contentRequests('blogpost'), product);
    if (asBlogpost.status === 404) return asPage;
    learnedTypes.set(ref.pageId, 'blogpost');
    return asBlogpost;
  }

  async function readProperty(caller: Caller, ref: MacroRef): Promise<ContentProperty | undefined> {
    const response = await request(caller, ref, (requests, product) => requests.propertyByKey(product, ref.pageId, snapshotPropertyKey(ref.localId)));
    if (response.status === 404) return undefined;
    await throwUnlessOk(response, 'read snapshot');
    return ContentPropertyList.parse(await response.json()).results[0];
  }

  /**
   * Reads the property as the viewer: Confluence answers only when they may see the content, so a
   * success is the authorization check the app's write relies on. A viewer who has not granted the
   * app access (Forge's NeedsAuthenticationError: the consent prompt does not render inside macros)
   * gets the property read as the app instead: it holds only this macro's signed snapshot of what the
   * resolver shows anyway, and the app then does not write for them.
   */
  async function readAsViewer(ref: MacroRef): Promise<ContentProperty | undefined> {
    let response: APIResponse;
    try {
      response = await request('viewer', ref, (requests, product) => requests.propertyByKey(product, ref.pageId, snapshotPropertyKey(ref.localId)));
    } catch (error) {
      if (!(error instanceof NeedsAuthenticationError)) throw error;
      viewerAccess.set(ref.pageId, 'no_consent');
      return readProperty('app', ref);
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      viewerAccess.set(ref.pageId, 'hidden');
      return undefined;
    }
    await throwUnlessOk(response, 'read snapshot');
    viewerAccess.set(ref.pageId, 'visible');
    return ContentPropertyList.parse(await response.json()).results[0];
  }

  /**
   * Before the app writes for a viewer: throws unless a read as the viewer succeeded (one read per invocation).
   * When it reads now, it answers what it read, so the write need not read the property again.
   */
  async function requireViewerMaySee(ref: MacroRef): Promise<{ property: ContentProperty | undefined } | undefined> {
    const fresh = viewerAccess.has(ref.pageId) ? undefined : { property: await readAsViewer(ref) };
    const access = viewerAccess.get(ref.pageId);
    if (access === 'visible') return fresh;
    throw new UpstreamError(
      access === 'no_consent'
        ? 'The viewer has not granted Spec Bridge access, so Confluence could not confirm they may see this content; the snapshot is not written for them'
        : 'Confluence does not let the viewer see this content; the snapshot is not written for them',
      undefined,
    );
  }

  async function write(snapshot: MacroSnapshot, macro?: MacroRef): Promise<SnapshotWrite> {
    const ref: MacroRef = { pageId: snapshot.pageId, localId: snapshot.localId, ...(macro?.contentType ? { contentType: macro.contentType } : {}) };
    let readForViewer = options.forViewer ? await requireViewerMaySee(ref) : undefined;
    /** The property (id and version; undefined: none) a write was based on when Confluence answered 400. */
    let rejected: { basedOn: string | undefined } | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const existing = readForViewer ? readForViewer.property : await readProperty('app', ref);
      readForViewer = undefined;
      if (rejected && rejected.basedOn === propertyVersion(existing)) {
        throw new UpstreamError('Confluence answered 400 to write snapshot (not a version conflict: nobody else wrote)', undefined);
      }
      rejected = undefined;
      // Only a snapshot the app signed for this macro is merged; anything else is replaced (§13).
      const stored = existing ? readStoredSnapshot(existing.value, ref, options.trust).snapshot : undefined;
      const merged = mergeSnapshots(stored, snapshot, options.clock.now());
      if (stored && stored.contentHash === merged.contentHash) return 'unchanged';
      const body = JSON.stringify({
        key: snapshotPropertyKey(ref.localId),
        value: signSnapshot({ ...merged, sequence: (stored?.sequence ?? 0) + 1 }, options.trust),
        ...(existing ? { version: { number: existing.version.number + 1, message: 'Spec Bridge snapshot' } } : {}),
      });
      const response = existing
        ? await request('app', ref, (requests, product) => requests.updateProperty(product, ref.pageId, existing.id, body))
        : await request('app', ref, (requests, product) => requests.createProperty(product, ref.pageId, body));
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
    if (rejected && rejected.basedOn === propertyVersion(await readProperty('app', ref))) {
      throw new UpstreamError('Confluence answered 400 to write snapshot (not a version conflict: nobody else wrote)', undefined);
    }
    throw new UpstreamError('Confluence kept reporting version conflicts writing a snapshot', 5);
  }

  async function remove(ref: MacroRef): Promise<'removed' | 'absent'> {
    const existing = await readProperty('app', ref);
    if (!existing) return 'absent';
    const response = await request('app', ref, (requests, product) => requests.deleteProperty(product, ref.pageId, existing.id));
    if (response.status === 404) return 'absent';
    if (response.status === 429 || response.status >= 500) {
      const wait = retryAfterMs(response);
      throw new UpstreamError(`Confluence answered ${response.status} deleting a snapshot`, Math.max(1, Math.ceil((wait ?? 10_000) / 1000)));
    }
    await throwUnlessOk(response, 'delete snapshot');
    return 'removed';
  }

  return {
    remove,
    async read(ref) {
      const property = options.forViewer ? await readAsViewer(ref) : await readProperty('app', ref);
      return property ? readStoredSnapshot(property.value, ref, options.trust).snapshot : undefined;
    },
    write,
    async viewerMaySee(ref) {
      if (!options.forViewer) return true;
      if (!viewerAccess.has(ref.pageId)) await readAsViewer(ref);
      return viewerAccess.get(ref.pageId) === 'visible';
    },
    async prepareViewerCheck() {
      if (options.forViewer) await options.governor?.prepare();
    },
    // Only the queue consumer asks (no user triggered it), so as the app.
    async pageHasMacro(ref) {
      const response = await request('app', ref, (requests, product) => requests.bodyAdf(product, ref.pageId));
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
