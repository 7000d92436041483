import { CONFLUENCE_API_PREFIX } from './confluence-service';
import { CONFLUENCE_V1_API_PREFIX } from './user-routes';

/** Collections whose items are "core objects" (forge-2026-facts §2: page, space, attachment; blog posts count as pages). */
const CORE_COLLECTIONS = new Set(['pages', 'blogposts', 'spaces', 'attachments']);
/** What each identity or permission object in a read answer adds (forge-2026-facts §2). */
const IDENTITY_OBJECT_POINTS = 2;
const USER_READ = new RegExp(`^${CONFLUENCE_V1_API_PREFIX}/user(/current)?/?(\\?|$)`);

/**
 * REST points one answered backend request costs (Confluence points-based quota):
 * - every request: a base of 1 point; writes (POST/PUT/DELETE) cost only that;
 * - reads (GET): +1 per core object in a successful answer: 1 for GET /pages/{id}, /blogposts/{id},
 *   /spaces/{id}; one per item of `results` for GET /pages, /spaces.
 * Content properties are not core objects, and no property answer includes its page, so any
 * property request costs 1; properties embedded by `include-properties` add nothing either.
 * - +2 per identity/permission object: the v1 user reads (GET /wiki/rest/api/user, /user/current)
 *   answer one user, so 3 points; its expanded `operations` are read as part of that one user object.
 */
export function restPoints(method: string, path: string, status: number, responseBody: string): number {
  if (method.toUpperCase() !== 'GET' || status !== 200) return 1;
  if (USER_READ.test(path)) return 1 + IDENTITY_OBJECT_POINTS;
  const pathname = (path.split('?')[0] ?? '').slice(CONFLUENCE_API_PREFIX.length);
  const [collection, id, ...rest] = pathname.split('/').filter(Boolean);
  if (collection === undefined || !CORE_COLLECTIONS.has(collection) || rest.length > 0) return 1;
  if (id !== undefined) return 2;
  try {
    const results = (JSON.parse(responseBody) as { results?: unknown }).results;
    return 1 + (Array.isArray(results) ? results.length : 0);
  } catch {
    return 1;
  }
}
