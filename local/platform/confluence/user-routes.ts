import { jsonResponse } from '../service';
import { selectUser } from './confluence-store';
import type { Route, RouteContext } from './route';
import type { ConfluenceUser } from './types';

/** Prefix of the v1 REST API; only the user operations below are emulated under it. */
export const CONFLUENCE_V1_API_PREFIX = '/wiki/rest/api';

/** The display name of the app's bot account, as `GET /user/current` answers the app. */
const APP_DISPLAY_NAME = 'Spec Bridge';

/**
 * The v1 user API: the documented way to ask whether a user is a Confluence administrator, which no v2
 * endpoint answers. With `expand=operations` the user carries its global operations; `administer` on
 * `application` appears only for Confluence administrators.
 * - `GET /user/current`: the caller (as a user: that user; as the app: the app's bot account).
 * - `GET /user?accountId=<id>`: any user of the site; 404 when the site has no such account.
 */
export const userRoutes: Route[] = [
  { method: 'GET', template: '/user/current', handler: (context) => userAnswer(context, context.principal.kind === 'app' ? undefined : context.actorId) },
  {
    method: 'GET',
    template: '/user',
    handler: (context) => {
      const accountId = context.url.searchParams.get('accountId');
      if (!accountId) return v1Error(400, 'An accountId is required');
      return userAnswer(context, accountId);
    },
  },
];

/** `accountId` undefined: the app's bot account. */
function userAnswer(context: RouteContext, accountId: string | undefined): Response {
  const isApp = accountId === undefined;
  const user: ConfluenceUser | undefined = isApp ? { accountId: context.actorId, displayName: APP_DISPLAY_NAME, isAdmin: false } : selectUser(context.db, accountId);
  if (!user) return v1Error(404, `No user with accountId '${accountId ?? ''}'`);
  const expand = (context.url.searchParams.get('expand') ?? '').split(',').map((part) => part.trim());
  return jsonResponse(200, userJson(user, isApp ? 'app' : 'atlassian', context.baseUrl, expand.includes('operations')));
}

/** A v1 `User`: `operations` only when expanded, otherwise listed under `_expandable` as Confluence does. */
function userJson(user: ConfluenceUser, accountType: 'atlassian' | 'app', baseUrl: string, withOperations: boolean): Record<string, unknown> {
  const operations = [
    { operation: 'use', targetType: 'application' },
    ...(user.isAdmin ? [{ operation: 'administer', targetType: 'application' }] : []),
  ];
  return {
    type: 'known',
    accountId: user.accountId,
    accountType,
    publicName: user.displayName,
    displayName: user.displayName,
    isExternalCollaborator: false,
    ...(withOperations ? { operations } : {}),
    _expandable: withOperations ? { personalSpace: '' } : { operations: '', personalSpace: '' },
    _links: { self: `${baseUrl}/rest/api/user?accountId=${encodeURIComponent(user.accountId)}`, base: baseUrl, context: '/wiki' },
  };
}

/** The v1 error body: `{statusCode, data: {authorized, valid, errors, successful}, message}`. */
function v1Error(status: number, message: string): Response {
  return jsonResponse(status, { statusCode: status, data: { authorized: status !== 401 && status !== 403, valid: status !== 400, errors: [], successful: false }, message });
}
