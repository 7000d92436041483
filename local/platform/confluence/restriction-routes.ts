import { jsonResponse } from '../service';
import { selectPage, selectUser } from './confluence-store';
import { pageAccess } from './page-access';
import type { Route, RouteContext } from './route';

/**
 * The v1 content restriction read Confluence Cloud documents (v2 has none):
 * `GET /wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}` for `read` or `update`, answering the
 * content's own restrictions as `{operation, restrictions: {user: {results, size}, group: {results, size}}}`. The local
 * site restricts by account only, so `group` is always empty. A page the caller may not see answers 404.
 */
export const restrictionRoutes: Route[] = [{ method: 'GET', template: '/content/{id}/restriction/byOperation/{operationKey}', handler: restrictionsByOperation }];

function restrictionsByOperation(context: RouteContext): Response {
  const id = context.params.id ?? '';
  const operation = context.params.operationKey ?? '';
  if (operation !== 'read' && operation !== 'update') return v1Error(400, `Unknown operation '${operation}'`);
  const page = selectPage(context.db, id);
  if (!page || pageAccess(page, context.principal) === 'none') return v1Error(404, `No content with id ${id}`);
  const accounts = operation === 'read' ? page.restrictions.view : page.restrictions.edit;
  const users = accounts.map((accountId) => ({ type: 'known', accountId, displayName: selectUser(context.db, accountId)?.displayName ?? accountId }));
  return jsonResponse(200, {
    operation,
    restrictions: {
      user: { results: users, start: 0, limit: 200, size: users.length },
      group: { results: [], start: 0, limit: 200, size: 0 },
    },
    _links: { self: `${context.baseUrl}/rest/api/content/${id}/restriction/byOperation/${operation}`, base: context.baseUrl },
  });
}

function v1Error(status: number, message: string): Response {
  return jsonResponse(status, { statusCode: status, data: { authorized: true, valid: status !== 400, errors: [], successful: false }, message });
}
