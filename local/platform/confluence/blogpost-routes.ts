import { jsonResponse } from '../service';
import { confluenceError } from './confluence-error';
import { selectPage, selectSpace } from './confluence-store';
import { pageAccess } from './page-access';
import { parseBodyFormat } from './page-routes';
import { BODY_FORMATS, blogPostJson } from './rest-json';
import type { Route, RouteContext } from './route';

const NUMERIC_ID = /^\d{1,18}$/;

/** GET /blogposts/{id}: a blog post the caller may view, in the body format asked for. */
export const blogPostRoutes: Route[] = [{ method: 'GET', template: '/blogposts/{id}', handler: getBlogPost }];

function getBlogPost(context: RouteContext): Response {
  const id = context.params.id ?? '';
  if (!NUMERIC_ID.test(id)) return confluenceError(400, `Invalid blog post id '${id}'`);
  const format = parseBodyFormat(context.url.searchParams.get('body-format'), BODY_FORMATS);
  if (!format.ok) return format.response;
  const post = selectPage(context.db, id);
  // A blog post the caller may not view answers exactly like a missing one; so does a page's id.
  if (!post || post.type !== 'blogpost' || pageAccess(post, context.principal) === 'none') {
    return confluenceError(404, `Cannot find a blog post with id [${id}]`);
  }
  const json = blogPostJson(post, selectSpace(context.db, post.spaceId), { bodyFormat: format.value });
  return jsonResponse(200, { ...json, _links: { ...(json._links as object), base: context.baseUrl } });
}
