import type { ConfluenceService } from './confluence';
import type { ConfluencePointsPool } from './confluence/points-pool';
import { restPoints } from './confluence/rest-points';
import type { CostMeter } from './costs';
import { currentInvocation } from './invocation';
import { kvsBytes } from './kvs-metering';
import type { ForgeFetchTarget } from './runtime-host';
import type { PlatformService, Principal, ServiceRequest } from './service';

/** The emulated services `__forge_fetch__` can reach. */
export interface ForgeFetchServices {
  kvs: PlatformService;
  confluence: ConfluenceService;
  realtime: PlatformService;
  queue: PlatformService;
  webTriggerGraphql: (request: ServiceRequest) => Promise<Response>;
  /** Receives KVS bytes and Confluence points of each request, for the invocation making it. */
  costs: CostMeter;
  /** The app's hourly Confluence REST points pool; backend Confluence calls spend it. */
  confluencePoints: ConfluencePointsPool;
}

/**
 * What `__forge_fetch__(target, path, init)` does on Forge's proxy: picks the service from the
 * target (KVS, Confluence as app or user, stargate queue/GraphQL, realtime) and answers with a
 * WHATWG Response. Anything else gets the proxy's error header, as an unsupported call would.
 */
export function createForgeFetchRouter(services: ForgeFetchServices) {
  const { kvs, confluence, realtime, queue, webTriggerGraphql, costs, confluencePoints } = services;

  async function route(target: ForgeFetchTarget, path: string, init: RequestInit | undefined): Promise<Response> {
    const request = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path,
      headers: new Headers(init?.headers),
      body: bodyText(init?.body),
    };
    if (target.type === 'kvs') {
      const response = await kvs.handle({ ...request, principal: { kind: 'app' } });
      const bytes = kvsBytes(path, request.body, response.status, await response.clone().text());
      costs.add('kvsReadBytes', bytes.read);
      costs.add('kvsWriteBytes', bytes.written);
      return response;
    }
    if (target.type === 'realtime') return realtime.handle({ ...request, principal: { kind: 'app' } });
    if (target.type === 'fpp' && target.remote === 'confluence') {
      const principal = principalFor(target);
      // No user, or one who has not granted the app access: Forge's proxy answers so (@forge/api throws NeedsAuthenticationError).
      if (!principal || (principal.kind === 'user' && !confluence.hasUserConsent(principal.accountId))) {
        return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      }
      return spendingPoints(request, () => confluence.handle({ ...request, principal }));
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

  /** A backend Confluence call: refused with 429 while the pool is spent, else answered with its points charged and the quota headers. */
  async function spendingPoints(request: { method: string; path: string }, handle: () => Promise<Response>): Promise<Response> {
    costs.add('confluenceRequests', 1);
    const refusal = confluencePoints.refusal();
    if (refusal) return refusal;
    const response = await handle();
    const points = restPoints(request.method, request.path, response.status, request.method === 'GET' ? await response.clone().text() : '');
    costs.add('confluencePoints', points);
    for (const [name, value] of Object.entries(confluencePoints.charge(points))) response.headers.set(name, value);
    return response;
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
