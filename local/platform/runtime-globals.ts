import { currentInvocation } from './invocation';
import type { ForgeFetchTarget, RuntimeHost } from './runtime-host';

let activeHost: RuntimeHost | undefined;
let installed = false;

/**
 * Installs `__forge_runtime__`, `__forge_fetch__` and an egress-checking `fetch` on globalThis.
 * Must run before any `@forge/*` package is imported: @forge/api captures `fetch` and @forge/kvs
 * captures its transport at import time. The globals are process-wide: a call made inside an invocation
 * is served by that invocation's host (Invocation.host), any other call by the host activated last.
 */
export function activateRuntimeHost(host: RuntimeHost): void {
  activeHost = host;
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  g.__forge_runtime__ = createRuntimeView();
  g.__forge_fetch__ = (target: ForgeFetchTarget, path: string, init?: RequestInit) => requireHost().route(target, path, init);
  const underlyingFetch = globalThis.fetch;
  globalThis.fetch = async function forgeEgressFetch(input: RequestInfo | URL, init?: RequestInit) {
    if (currentInvocation()) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      await requireHost().checkEgress(url);
    }
    return underlyingFetch(input, init);
  };
}

function requireHost(): RuntimeHost {
  const host = currentInvocation()?.host ?? activeHost;
  if (!host) throw new Error('No local Forge platform is active');
  return host;
}

/** A live view: every read reflects the invocation running now and its host (else the host activated last). */
function createRuntimeView(): object {
  const noopTimer = { stop() {} };
  const metrics = {
    counter: () => ({ incr() {}, incrBy() {}, decr() {}, decrBy() {} }),
    timing: () => ({ measure: () => noopTimer }),
    gauge: () => ({ set() {} }),
  };
  return {
    get proxy() {
      return { token: 'local-proxy-token', url: 'http://local-forge-proxy' };
    },
    get contextAri() {
      return requireHost().contextAri;
    },
    container: { region: 'local', runtime: 'nodejs24.x' },
    get appContext() {
      const host = requireHost();
      const invocation = currentInvocation();
      return {
        appId: host.appId,
        appVersion: '1.0.0',
        environmentId: host.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: invocation?.invocationId ?? 'outside-invocation',
        installationId: host.installationId,
        functionKey: invocation?.functionKey ?? '',
        moduleType: invocation?.moduleType ?? '',
        moduleKey: invocation?.moduleKey ?? '',
      };
    },
    get aaid() {
      return currentInvocation()?.accountId;
    },
    get lambdaContext() {
      const invocation = currentInvocation();
      return {
        awsRequestId: invocation?.invocationId ?? 'outside-invocation',
        getRemainingTimeInMillis: () => (invocation ? Math.max(0, invocation.deadline - Date.now()) : 25_000),
      };
    },
    tracing: { traceId: 'local-trace', spanId: 'local-span' },
    realtime: { contextToken: 'local-realtime-context' },
    metrics,
    featureFlags: () => false,
  };
}
