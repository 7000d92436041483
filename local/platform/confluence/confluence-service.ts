import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../clock';
import type { Counters } from '../counters';
import { type FaultPlan, sleep } from '../faults';
import type { PlatformService, ServiceRequest } from '../service';
import { type ConfluenceAdmin, createConfluenceAdmin } from './confluence-admin';
import { confluenceError } from './confluence-error';
import { migrateConfluenceSchema, selectUser } from './confluence-store';
import { blogPostRoutes } from './blogpost-routes';
import type { ContentChange, ContentChangeListener } from './content-change';
import { pageRoutes } from './page-routes';
import { pageWriteRoutes } from './page-write-routes';
import { propertyRoutes } from './property-routes';
import { matchRoute, type Route, type StaleVersionStatus } from './route';
import type { ContentPropertyIndex } from '../search-modules';
import { searchRoutes } from './search-routes';
import { LOCAL_APP_ACCOUNT_ID } from './site-accounts';
import { restrictionRoutes } from './restriction-routes';
import { CONFLUENCE_V1_API_PREFIX, userRoutes } from './user-routes';

/** The v2 REST API's prefix; the service also answers the v1 user operations (user-routes.ts). */
export const CONFLUENCE_API_PREFIX = '/wiki/api/v2';

/** Dependencies and settings of createConfluenceService. */
export interface ConfluenceServiceOptions {
  /** The platform store (openStore); the service creates its `confluence_*` tables if missing. */
  db: DatabaseSync;
  clock: Clock;
  /**
   * Consulted per request with operation `<METHOD> <OpenAPI template>`, e.g. `PUT /pages/{page-id}/properties/{property-id}`
   * (v2, relative to /wiki/api/v2) or `GET /wiki/rest/api/user/current` (v1, whose OpenAPI paths are absolute).
   */
  faults?: FaultPlan;
  /** Incremented per request as `confluence.<METHOD>`. */
  counters?: Counters;
  /** `_links.base` and the `rel="base"` link; default `http://localhost/wiki`. */
  baseUrl?: string;
  /** The account id the app principal writes as (version.authorId). */
  appAccountId?: string;
  /**
   * How a content-property update with a stale `version.number` is answered: 409 (default, as the
   * v1 API documented) or 400 (the v2 OpenAPI lists no 409 for it). Also settable later.
   */
  staleVersionStatus?: StaleVersionStatus;
  /** The app's `confluence:contentProperty` modules: what `GET /wiki/rest/api/search` finds by CQL (search-routes.ts). */
  contentPropertyIndexes?: ContentPropertyIndex[];
}

/** The emulated Confluence Cloud REST v2 service plus its seed/inspection API. */
export type ConfluenceService = PlatformService & {
  admin: ConfluenceAdmin;
  /** Answers stale content-property versions with 400 or 409 from now on (tests run the conflict both ways). */
  setStaleVersionStatus(status: StaleVersionStatus): void;
  /**
   * Whether a user has granted the app access (Forge's per-user consent for `asUser()` calls); every
   * user has until withheld here. Forge's proxy refuses `asUser()` calls of a user who has not.
   */
  hasUserConsent(accountId: string): boolean;
  setUserConsent(accountId: string, granted: boolean): void;
  /** Calls `listener` after every content change (REST page writes, admin edits and lifecycle changes); returns an unsubscribe. */
  onContentChange(listener: ContentChangeListener): () => void;
};

/** The emulated APIs: routes matched relative to `prefix`; fault operations name `operationPrefix` + template. */
function emulatedApis(indexes: ContentPropertyIndex[]): { prefix: string; operationPrefix: string; routes: Route[] }[] {
  return [
    { prefix: CONFLUENCE_API_PREFIX, operationPrefix: '', routes: [...propertyRoutes, ...pageRoutes, ...pageWriteRoutes, ...blogPostRoutes] },
    { prefix: CONFLUENCE_V1_API_PREFIX, operationPrefix: CONFLUENCE_V1_API_PREFIX, routes: [...userRoutes, ...restrictionRoutes, ...searchRoutes(indexes)] },
  ];
}

/** Creates the emulated Confluence REST v2 service (pages, spaces, restrictions, page content properties) and the v1 user API. */
export function createConfluenceService(options: ConfluenceServiceOptions): ConfluenceService {
  const { db, clock, faults, counters } = options;
  const baseUrl = options.baseUrl ?? 'http://localhost/wiki';
  const appAccountId = options.appAccountId ?? LOCAL_APP_ACCOUNT_ID;
  let staleVersionStatus: StaleVersionStatus = options.staleVersionStatus ?? 409;
  const consentWithheld = new Set<string>();
  const listeners = new Set<ContentChangeListener>();
  const emit = (change: ContentChange) => {
    for (const listener of listeners) listener(change);
  };
  migrateConfluenceSchema(db);
  const APIS = emulatedApis(options.contentPropertyIndexes ?? []);

  async function handle(request: ServiceRequest): Promise<Response> {
    const method = (request.method || 'GET').toUpperCase();
    counters?.increment(`confluence.${method}`);
    const url = new URL(request.path, 'http://confluence.local');
    const api = APIS.find((candidate) => url.pathname.startsWith(`${candidate.prefix}/`));
    const match = api && matchRoute(api.routes, method, url.pathname.slice(api.prefix.length));
    if (!api || !match) return unknownRoute(method, url);
    const operation = `${api.operationPrefix}${match.route.template}`;

    const decision = faults?.decide('confluence', `${method} ${operation}`);
    if (decision) {
      await sleep(decision.latencyMs);
      if (decision.status !== undefined) {
        const retryAfter = decision.retryAfterSeconds;
        return confluenceError(
          decision.status,
          'Injected fault',
          `The local platform's fault plan answered ${method} ${operation}`,
          retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
        );
      }
    }

    const { principal } = request;
    if (principal.kind === 'user' && !selectUser(db, principal.accountId)) {
      return confluenceError(401, 'Unauthorized', `Unknown user account '${principal.accountId}'`);
    }
    try {
      return match.route.handler({
        db,
        clock,
        principal,
        actorId: principal.kind === 'app' ? appAccountId : principal.accountId,
        url,
        params: match.params,
        body: request.body,
        baseUrl,
        staleVersionStatus,
        emit,
      });
    } catch (error) {
      return confluenceError(500, 'Internal server error', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    handle,
    admin: createConfluenceAdmin(db, clock, emit),
    setStaleVersionStatus(status) {
      staleVersionStatus = status;
    },
    onContentChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hasUserConsent: (accountId) => !consentWithheld.has(accountId),
    setUserConsent(accountId, granted) {
      if (granted) consentWithheld.delete(accountId);
      else consentWithheld.add(accountId);
    },
  };
}

function unknownRoute(method: string, url: URL): Response {
  return confluenceError(404, 'Not Found', `No emulated Confluence REST operation for ${method} ${url.pathname}`);
}
