/**
 * A headless UI Kit host for tests. It installs `globalThis.__bridge` (before @forge/react and
 * @forge/bridge are imported, which capture it at load) and answers the bridge commands the macro
 * uses: getContext, invoke, on, subscribeRealtimeChannel, reconcile, and the admin page's permissions.egress set/get
 * (answered by `egressConsent` and `egressGroups`). Tests script resolver answers,
 * fire product events and realtime messages, and read the reconciled ForgeDoc trees.
 *
 * Node caches node_modules across vi.resetModules, so one bridge object serves the whole file and
 * delegates to the current harness state; `reset()` drops everything an earlier mount registered.
 */
import type { ForgeDoc } from './forge-doc';
import { fireFunctionProp } from './forge-doc';

export interface Invocation {
  functionKey: string;
  payload: unknown;
}

export interface RealtimeSubscription {
  channel: string;
  isGlobal: boolean;
  options: unknown;
  onEvent: (payload: unknown, error?: Error) => unknown;
  active: boolean;
}

/** Answers one invoke: a value, or a promise of one. */
type Resolver = (functionKey: string, payload: unknown) => unknown;

/** One `requestConfluence` call (bridge command fetchProduct). */
export interface ProductFetch {
  product: string;
  restPath: string;
  method: string;
}

/** Answers one product fetch as the bridge does: status and text body (throw to fail the bridge call). */
type ProductFetcher = (call: ProductFetch) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

/** The macro extension context the host returns from getContext. */
export function makeMacroContext(config: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    localId: 'macro-local-1',
    moduleKey: 'spec-bridge',
    cloudId: 'cloud-1',
    environmentType: 'DEVELOPMENT',
    locale: 'en-US',
    timezone: 'UTC',
    siteUrl: 'https://example.atlassian.net',
    extension: { type: 'macro', content: { id: '12345', type: 'page' }, space: { id: '1', key: 'ENG' }, isEditing: false, config },
  };
}

export class BridgeHarness {
  context: Record<string, unknown> = makeMacroContext(undefined);
  resolver: Resolver = () => {
    throw new Error('no resolver answer scripted for this test');
  };
  readonly invocations: Invocation[] = [];
  /** Unset: product fetches fail, as on a host without the command, and the macro falls back to its resolver. */
  productFetcher: ProductFetcher | undefined;
  readonly productFetches: ProductFetch[] = [];
  readonly subscriptions: RealtimeSubscription[] = [];
  /** How many of the next subscribe calls fail (the bridge call rejects), as when the realtime service is unreachable. */
  failingSubscribes = 0;
  /** When each subscribe call arrived (ms since epoch), failed or not. */
  readonly subscribeTimes: number[] = [];
  readonly listeners = new Map<string, Set<(payload: unknown) => unknown>>();
  readonly commands: string[] = [];
  /** What a custom config dialog passed to `view.submit`, in order; `closes` counts `view.close()` calls. */
  readonly submissions: unknown[] = [];
  closes = 0;
  /**
   * How Atlassian's consent dialog answers `permissions.egress.set` (bridge command __permission__egressSet): approve
   * saves the groups into `egressGroups` and resolves `{ results }`; decline rejects, as for a non-admin.
   */
  egressConsent: 'approve' | 'decline' = 'decline';
  /** The payload of each `permissions.egress.set`, in order. */
  readonly egressRequests: unknown[] = [];
  /** The installation's admin-approved egress groups, which `permissions.egress.get` answers. */
  egressGroups: { key: string; description: string; configured: { domain: string; type: string[] }[] }[] = [];
  configDoc: ForgeDoc | undefined;
  private rootDoc: ForgeDoc | undefined;
  private acceptNextRoot = false;
  private readonly seenRoots = new WeakSet<object>();
  private generation = 0;

  /** Forgets the previous mount: its listeners, subscriptions, pending calls and tree. */
  reset(): void {
    this.generation += 1;
    this.invocations.length = 0;
    this.productFetcher = undefined;
    this.productFetches.length = 0;
    this.subscriptions.length = 0;
    this.failingSubscribes = 0;
    this.subscribeTimes.length = 0;
    this.listeners.clear();
    this.commands.length = 0;
    this.submissions.length = 0;
    this.closes = 0;
    this.egressConsent = 'decline';
    this.egressRequests.length = 0;
    this.egressGroups = [];
    this.configDoc = undefined;
    this.rootDoc = undefined;
    this.acceptNextRoot = false;
  }

  /** The next Root tree not seen before belongs to the mount that follows. */
  expectNewRoot(): void {
    this.rootDoc = undefined;
    this.acceptNextRoot = true;
  }

  get root(): ForgeDoc | undefined {
    return this.rootDoc;
  }

  async handle(cmd: string, data: Record<string, unknown> | undefined): Promise<unknown> {
    this.commands.push(cmd);
    const generation = this.generation;
    switch (cmd) {
      case 'reconcile':
        return this.reconcile(data?.forgeDoc as ForgeDoc);
      case 'getContext':
        return structuredClone(this.context);
      case 'invoke': {
        const call = { functionKey: String(data?.functionKey), payload: data?.payload };
        this.invocations.push(call);
        const answer = await this.resolver(call.functionKey, call.payload);
        // A call from an earlier mount never answers: its component is gone.
        return generation === this.generation ? structuredClone(answer) : new Promise(() => undefined);
      }
      case 'fetchProduct': {
        const init = (data?.fetchRequestInit ?? {}) as { method?: string };
        const call = { product: String(data?.product), restPath: String(data?.restPath), method: init.method ?? 'GET' };
        this.productFetches.push(call);
        if (!this.productFetcher) throw new Error('the test host does not support bridge command fetchProduct');
        const { status, body } = await this.productFetcher(call);
        return { status, statusText: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      }
      case 'on': {
        const event = String(data?.event);
        const callback = data?.callback as (payload: unknown) => unknown;
        const set = this.listeners.get(event) ?? new Set();
        set.add(callback);
        this.listeners.set(event, set);
        return { unsubscribe: async () => void set.delete(callback) };
      }
      case 'subscribeRealtimeChannel': {
        this.subscribeTimes.push(Date.now());
        if (this.failingSubscribes > 0) {
          this.failingSubscribes -= 1;
          throw new Error('Realtime subscription failed');
        }
        const subscription: RealtimeSubscription = {
          channel: String(data?.channelName),
          isGlobal: data?.isGlobal === true,
          options: data?.options,
          onEvent: data?.onEvent as RealtimeSubscription['onEvent'],
          active: true,
        };
        this.subscriptions.push(subscription);
        return {
          unsubscribe: async () => {
            subscription.active = false;
          },
        };
      }
      case 'submit':
        this.submissions.push(structuredClone(data));
        return true;
      case 'close':
        this.closes += 1;
        return true;
      case '__permission__egressSet': {
        this.egressRequests.push(structuredClone(data));
        if (this.egressConsent === 'decline') throw new Error('The egress request was declined');
        const groups = structuredClone((data as { egresses: BridgeHarness['egressGroups'] }).egresses);
        this.egressGroups = [...this.egressGroups.filter((g) => !groups.some((n) => n.key === g.key)), ...groups];
        return { results: groups };
      }
      case '__permission__egressGet': {
        const keys = (data as { keys?: string[] } | undefined)?.keys;
        return { results: structuredClone(this.egressGroups.filter((g) => !keys || keys.includes(g.key))) };
      }
      default:
        throw new Error(`the test host does not support bridge command ${cmd}`);
    }
  }

  private reconcile(doc: ForgeDoc): void {
    if (doc.type === 'MacroConfig') this.configDoc = doc;
    if (doc.type !== 'Root') return;
    if (doc === this.rootDoc) return;
    if (this.acceptNextRoot && !this.seenRoots.has(doc)) {
      this.rootDoc = doc;
      this.acceptNextRoot = false;
    }
    this.seenRoots.add(doc);
  }

  /** Fires a product event (e.g. FORGE_CORE_MACRO_CONFIG_CHANGED) to the `on` listeners. */
  fireEvent(event: string, payload?: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  /** Delivers a realtime message to the active subscriptions of `channel`; returns how many got it. */
  publish(channel: string, payload: unknown): number {
    const targets = this.subscriptions.filter((s) => s.active && s.channel === channel);
    targets.forEach((s) => s.onEvent(payload));
    return targets.length;
  }

  /**
   * Ends every active subscription with an error callback, as the platform does when their token is rejected or
   * expires (or the connection is lost); returns how many were told.
   */
  rejectSubscriptions(reason = 'Realtime token has expired'): number {
    const targets = this.subscriptions.filter((s) => s.active);
    for (const subscription of targets) {
      subscription.active = false;
      subscription.onEvent(undefined, new Error(reason));
    }
    return targets.length;
  }

  /** Calls a function prop of the current Root tree by its id, as the host does for clicks. */
  fire(id: string, ...args: unknown[]): unknown {
    return fireFunctionProp(this.rootDoc, id, ...args);
  }

  /** Count of invokes of one resolver key. */
  invokeCount(functionKey: string): number {
    return this.invocations.filter((i) => i.functionKey === functionKey).length;
  }
}

/**
 * In a frame, `new Request('')` resolves against the document's URL; @forge/bridge's requestConfluence
 * builds one that way. Node has no document, so relative URLs resolve against a stand-in frame URL.
 */
function installDocumentBaseUrl(): void {
  const NodeRequest = globalThis.Request;
  const base = 'https://macro-frame.invalid/';
  globalThis.Request = class FrameRequest extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(input) ? new URL(input, base) : input, init);
    }
  };
}

/** Installs the bridge once per test file and returns the harness behind it. */
export function installBridge(): BridgeHarness {
  const g = globalThis as unknown as { self?: unknown; __bridge?: { callBridge: unknown }; __specBridgeHarness?: BridgeHarness };
  if (!g.__specBridgeHarness) {
    const harness = new BridgeHarness();
    installDocumentBaseUrl();
    g.self = globalThis;
    g.__bridge = { callBridge: (cmd: string, data?: Record<string, unknown>) => harness.handle(cmd, data) };
    g.__specBridgeHarness = harness;
  }
  return g.__specBridgeHarness;
}

/** Polls until `check` passes (or throws its last error after `timeoutMs`). */
export async function waitFor<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
