import { currentInvocation } from './invocation';

/** The target object `@forge/*` packages pass as the first argument of `__forge_fetch__`. */
export interface ForgeFetchTarget {
  type: string;
  provider?: 'app' | 'user' | 'none';
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

/** What the active platform supplies to the process-wide globals. */
export interface RuntimeHost {
  appId: string;
  environmentId: string;
  installationId: string;
  contextAri: string;
  route(target: ForgeFetchTarget, path: string, init: RequestInit | undefined): Promise<Response>;
  /** Decides whether function code may fetch `url`; throws the Forge egress error when not. */
  checkEgress(url: string): Promise<void>;
}

let activeHost: RuntimeHost | undefined;
let installed = false;

/**
 * Installs `__forge_runtime__`, `__forge_fetch__` and an egress-checking `fetch` on globalThis.
 * Must run before any `@forge/*` package is imported: @forge/api captures `fetch` and @forge/kvs
 * captures its transport at import time. Process-wide; the last activated host serves requests.
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
  if (!activeHost) throw new Error('No local Forge platform is active');
  return activeHost;
}

/** A live view: every read reflects the active host and the invocation running now. */
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
