/**
 * `requestConfluence` from a macro frame (@forge/bridge's `fetchProduct` command): the product makes
 * the call as the signed-in user, so here it goes to the platform's Confluence as the current
 * workbench user. It is a UI bridge call: metered as `bridgeConfluenceRequests`, no function
 * invocation, no REST points. A user who has not consented to the app gets 401, as Forge refuses it.
 */
import type { LocalPlatform } from '../../platform/platform';
import type { CurrentUser } from './site-routes';
import { badRequest, json, readJsonObject, type Route } from './router';

/** What the frame host forwards: the bridge's fetch payload for product `confluence`. */
interface ProductFetch {
  restPath: string;
  method: string;
  headers: [string, string][];
  body: string | null;
}

function productFetchOf(body: Record<string, unknown> | undefined): ProductFetch | undefined {
  const init = (body?.fetchRequestInit ?? {}) as Record<string, unknown>;
  if (body?.product !== 'confluence' || typeof body.restPath !== 'string' || !body.restPath.startsWith('/wiki/')) return undefined;
  const headers = Array.isArray(init.headers) ? (init.headers as unknown[]).filter((h): h is [string, string] => Array.isArray(h) && h.length === 2) : [];
  return { restPath: body.restPath, method: typeof init.method === 'string' ? init.method.toUpperCase() : 'GET', headers, body: typeof init.body === 'string' ? init.body : null };
}

/** The route for `POST /__workbench/api/product-fetch`. */
export function productFetchRoutes(platform: LocalPlatform, user: CurrentUser): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/__workbench\/api\/product-fetch$/,
      async handle(request) {
        const call = productFetchOf(await readJsonObject(request));
        if (!call) return badRequest('Only requestConfluence to a /wiki/ path is emulated');
        const accountId = user.get();
        platform.costs.add('bridgeConfluenceRequests', 1);
        platform.activity.add('confluence', `bridge ${call.method} ${call.restPath.split('?')[0]} as ${accountId}`);
        const response = platform.confluence.hasUserConsent(accountId)
          ? await platform.confluence.handle({ method: call.method, path: call.restPath, headers: new Headers(call.headers), body: call.body ?? '', principal: { kind: 'user', accountId } })
          : Response.json({ message: `${accountId} has not granted Spec Bridge access` }, { status: 401 });
        return json(200, {
          status: response.status,
          statusText: response.statusText,
          headers: Object.fromEntries(response.headers),
          body: await response.text(),
        });
      },
    },
  ];
}
