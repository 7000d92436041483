/**
 * The routes of the engineering API contract (docs/engineering-api.openapi.yaml), as
 * `<METHOD> <path pattern>` names used for routing, fault rules and request counters.
 */

/** Every operation the sample engineering system serves, relative to its base path. */
export const ENGINEERING_ROUTES = [
  'GET /specs',
  'GET /specs/{id}',
  'PATCH /specs/{id}',
  'DELETE /specs/{id}',
  'GET /specs/{id}/revisions/{revision}',
  'GET /search',
  'GET /specs/{id}/documentation',
  'POST /documentation-notices',
] as const;

/** Routes authenticated by a Standard Webhooks signature instead of the bearer token. */
export const SIGNED_ROUTES: ReadonlySet<EngineeringRoute> = new Set<EngineeringRoute>(['POST /documentation-notices']);

/** One route name, e.g. `GET /specs/{id}`. */
export type EngineeringRoute = (typeof ENGINEERING_ROUTES)[number];

/** A matched route with its decoded path parameters. */
export interface RouteMatch {
  route: EngineeringRoute;
  params: { id?: string; revision?: string };
}

/** Finds the route for a method and a path relative to the base path (e.g. `/specs/S-1`); undefined when none. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const segments = decodeSegments(path);
  if (segments === undefined) return undefined;
  for (const route of ENGINEERING_ROUTES) {
    const [routeMethod, pattern] = route.split(' ') as [string, string];
    if (routeMethod !== method) continue;
    const params = matchPattern(pattern.split('/').slice(1), segments);
    if (params) return { route, params };
  }
  return undefined;
}

function decodeSegments(path: string): string[] | undefined {
  if (!path.startsWith('/')) return undefined;
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function matchPattern(pattern: string[], segments: string[]): RouteMatch['params'] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] as string;
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
