/**
 * The page's side of one app frame (a macro, its config dialog or an admin page): answers the bridge commands the app's bundle sends (the
 * product's role in Forge) and hands reconciled trees to the slot. Unknown commands fail loudly.
 */
import { createEndpoint, WIRE_CHANNEL } from '../frame/endpoint';
import type { ForgeDoc } from '../renderer/forge-doc';
import type { FramePermissions } from './egress-consent';
import type { EventBus } from './event-bus';
import { workbenchApi } from './workbench-api';

/** Where a frame's `getContext` and `invoke` go: its macro's (the default) or an admin page's. */
export interface FrameTarget {
  context(): Promise<Record<string, unknown>>;
  invoke(functionKey: string, payload: unknown): Promise<unknown>;
}

/** What one frame host needs to know and tell. */
export interface FrameHostOptions {
  frameId: string;
  /** The macro's localId; for a frame that is not a macro, a name for it (realtime activity lines). */
  localId: string;
  /** Default: the macro `localId` in the edit mode and dialog given here. */
  target?: FrameTarget;
  isEditing: boolean;
  /** The frame is the macro's custom config dialog (Confluence's `extension.macro.isConfiguring`). */
  isConfiguring?: boolean;
  bus: EventBus;
  onTree(doc: ForgeDoc): void;
  onAppError(message: string): void;
  /** Set for a custom config dialog: `view.submit(payload)` (saves `payload.config`) and `view.close()`. Elsewhere both fail as in Forge. */
  dialog?: { submit(payload: unknown): Promise<void>; close(): void };
  /** Set for an admin page: `permissions.egress.set` / `.get` (customer-managed egress). Elsewhere both are not emulated. */
  permissions?: FramePermissions;
}

/** Thrown back into the app for bridge commands the workbench does not emulate. */
export class NotEmulatedError extends Error {
  override name = 'BridgeAPIError';
}

const SUBSCRIBE_TIMEOUT_MS = 5_000;

/**
 * Subscribes through the server's realtime event stream; resolves once the server holds the subscription. After that,
 * a rejected token (the platform's `rejected` event) or a lost connection ends the subscription and reaches the app
 * as the callback's error argument, once: the app decides whether and how to subscribe again.
 */
function subscribeRealtime(localId: string, data: Record<string, unknown>): Promise<{ unsubscribe(): Promise<void> }> {
  const options = (data.options ?? {}) as { token?: string };
  const query = new URLSearchParams({ channel: String(data.channelName), global: String(data.isGlobal === true), localId });
  if (options.token) query.set('token', options.token);
  const source = new EventSource(`/__workbench/events/realtime?${query}`);
  const onEvent = data.onEvent as (payload: unknown, error?: Error) => unknown;
  let opened = false;
  const end = (message: string) => {
    source.close();
    void onEvent(undefined, new Error(message));
  };
  source.onmessage = (message) => void onEvent((JSON.parse(message.data as string) as { payload: string }).payload);
  source.addEventListener('rejected', (message) => end((JSON.parse(message.data as string) as { reason: string }).reason));
  const subscription = { unsubscribe: async () => source.close() };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (source.close(), reject(new Error('Realtime subscription timed out'))), SUBSCRIBE_TIMEOUT_MS);
    source.onopen = () => (clearTimeout(timer), (opened = true), resolve(subscription));
    source.onerror = () => {
      if (opened) return end('Realtime connection lost');
      clearTimeout(timer);
      source.close();
      reject(new Error('Realtime subscription failed'));
    };
  });
}

/** Connects a macro iframe; returns the disconnect function. */
export function connectFrame(iframe: HTMLIFrameElement, options: FrameHostOptions): () => void {
  const { frameId, localId, isEditing, bus } = options;
  const isConfiguring = options.isConfiguring === true;
  const subscriptions = new Set<{ unsubscribe(): Promise<void> }>();
  const target: FrameTarget = options.target ?? {
    context: () => workbenchApi.macroContext(localId, isEditing, isConfiguring),
    invoke: (functionKey, payload) => workbenchApi.invoke(localId, isEditing, functionKey, payload, isConfiguring),
  };

  async function onBridge(cmd: string, raw: unknown): Promise<unknown> {
    const data = (raw ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'getContext':
        // Confluence fills locale and timezone from the reader's profile; the workbench's reader is this browser.
        return { ...(await target.context()), locale: navigator.language, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
      case 'invoke':
        if (data.metadata !== undefined) throw new NotEmulatedError('invoke metadata (rateLimitProperties) is not emulated by the workbench');
        return target.invoke(String(data.functionKey), data.payload);
      case 'fetchProduct':
        if (data.product !== 'confluence') throw new NotEmulatedError(`requests to ${String(data.product)} are not emulated by the workbench`);
        return workbenchApi.fetchProduct(data);
      case 'on':
        return { unsubscribe: bus.on(frameId, String(data.event), data.callback as (payload: unknown) => unknown) };
      case 'emit':
        return void bus.emit(String(data.event), data.payload);
      case 'subscribeRealtimeChannel': {
        const subscription = await subscribeRealtime(localId, data);
        subscriptions.add(subscription);
        return { unsubscribe: () => (subscriptions.delete(subscription), subscription.unsubscribe()) };
      }
      case 'reconcile':
        return void options.onTree(data.forgeDoc as ForgeDoc);
      // @forge/bridge turns `false` into "this resource's view is not submittable/closable", as Forge does outside a dialog.
      case 'submit':
        return options.dialog ? (await options.dialog.submit(raw), true) : false;
      case 'close':
        return options.dialog ? (options.dialog.close(), true) : false;
      case '__permission__egressSet':
      case '__permission__egressGet': {
        if (!options.permissions) throw new NotEmulatedError(`The bridge command '${cmd}' is not emulated by the Spec Bridge workbench outside an admin page`);
        return cmd === '__permission__egressSet' ? options.permissions.egressSet(raw) : options.permissions.egressGet(raw);
      }
      case 'onError':
        return void options.onAppError(String((data.error as { message?: string } | undefined)?.message ?? data.error));
      default:
        throw new NotEmulatedError(`The bridge command '${cmd}' is not emulated by the Spec Bridge workbench`);
    }
  }

  const endpoint = createEndpoint({
    frameId,
    post: (message) => iframe.contentWindow?.postMessage(message, '*'),
    onBridge,
  });
  const listener = (event: MessageEvent) => {
    if (event.source === iframe.contentWindow && (event.data as { channel?: string })?.channel === WIRE_CHANNEL) endpoint.receive(event.data);
  };
  window.addEventListener('message', listener);
  return () => {
    window.removeEventListener('message', listener);
    subscriptions.forEach((subscription) => void subscription.unsubscribe());
    bus.drop(frameId);
    endpoint.dispose();
  };
}
