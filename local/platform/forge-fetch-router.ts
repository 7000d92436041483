import type { ConfluenceService } from './confluence';
import { currentInvocation } from './invocation';
import type { ForgeFetchTarget } from './runtime-globals';
import type { PlatformService, Principal, ServiceRequest } from './service';

/** The emulated services `__forge_fetch__` can reach. */
export interface ForgeFetchServices {
  kvs: PlatformService;
  confluence: ConfluenceService;
  realtime: PlatformService;
  queue: PlatformService;
  webTriggerGraphql: (request: ServiceRequest) => Promise<Response>;
}

/**
 * What `__forge_fetch__(target, path, init)` does on Forge's proxy: picks the service from the
 * target (KVS, Confluence as app or user, stargate queue/GraphQL, realtime) and answers with a
 * WHATWG Response. Anything else gets the proxy's error header, as an unsupported call would.
 */
export function createForgeFetchRouter(services: ForgeFetchServices) {
  const { kvs, confluence, realtime, queue, webTriggerGraphql } = services;

  async function route(target: ForgeFetchTarget, path: string, init: RequestInit | undefined): Promise<Response> {
    const request = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path,
      headers: new Headers(init?.headers),
      body: bodyText(init?.body),
    };
    if (target.type === 'kvs') return kvs.handle({ ...request, principal: { kind: 'app' } });
    if (target.type === 'realtime') return realtime.handle({ ...request, principal: { kind: 'app' } });
    if (target.type === 'fpp' && target.remote === 'confluence') {
      const principal = principalFor(target);
      // No user, or one who has not granted the app access: Forge's proxy answers so (@forge/api throws NeedsAuthenticationError).
      if (!principal || (principal.kind === 'user' && !confluence.hasUserConsent(principal.accountId))) {
        return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      }
      return confluence.handle({ ...request, principal });
    }
    if (target.type === 'fpp' && target.remote === 'stargate') {
      if (path.startsWith('/webhook/queue/')) return queue.handle({ ...request, principal: { kind: 'app' } });
      if (path.startsWith('/graphql')) return webTriggerGraphql({ ...request, principal: { kind: 'app' } });
    }
    return new Response(JSON.stringify({ message: `The local platform does not emulate ${target.type}/${target.remote ?? ''} ${path}` }), {
      status: 501,
      headers: { 'forge-proxy-error': 'PROXY_ERR', 'content-type': 'application/json' },
    });
  }

  function principalFor(target: ForgeFetchTarget): Principal | undefined {
    if (target.provider === 'app' || target.provider === 'none') return { kind: 'app' };
    const accountId = target.accountId ?? currentInvocation()?.accountId;
    return accountId ? { kind: 'user', accountId } : undefined;
  }

  return route;
}

/**
 * A fetch body as the text the services read. The Forge packages send JSON strings; form bodies
 * (URLSearchParams) are sent as their encoded text, as fetch would.
 */
function bodyText(body: BodyInit | null | undefined): string {
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (!body) return '';
  throw new TypeError('The local Forge platform only supports string and URLSearchParams request bodies');
}
