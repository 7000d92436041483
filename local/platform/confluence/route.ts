import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../clock';
import type { Principal } from '../service';
import type { ContentChange } from './content-change';

/** Everything a route handler needs to answer one request. */
export interface RouteContext {
  db: DatabaseSync;
  clock: Clock;
  principal: Principal;
  /** The account written as `version.authorId`: the user's own, or the app's bot account. */
  actorId: string;
  url: URL;
  /** Decoded path parameters named as in the OpenAPI template (`page-id`, `property-id`, `id`). */
  params: Record<string, string>;
  body: string;
  /** Base url of the site (`_links.base`), e.g. `http://localhost:8080/wiki`. */
  baseUrl: string;
  /** Status of the answer to a content-property update with a stale `version.number` (ConfluenceServiceOptions). */
  staleVersionStatus: StaleVersionStatus;
  /** Reports a content change (page writes), which fires the site's product events. */
  emit: (change: ContentChange) => void;
}

/**
 * 409 is what the deprecated v1 API documented for a version not incremented; the v2 OpenAPI lists
 * only 200, 400, 401 and 404 for property updates, so v2 may answer a stale version with 400.
 */
export type StaleVersionStatus = 400 | 409;

/** One operation: the method and the OpenAPI path template under /wiki/api/v2. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  template: string;
  handler: (context: RouteContext) => Response;
}

/** The matched route and its decoded path parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Finds the route for a method and a path relative to /wiki/api/v2 (no query string). */
export function matchRoute(routes: Route[], method: string, path: string): RouteMatch | undefined {
  const segments = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const parts = route.template.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, index) => {
      const segment = segments[index] ?? '';
      if (!part.startsWith('{')) return part === segment;
      params[part.slice(1, -1)] = safeDecode(segment);
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
