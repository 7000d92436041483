/**
 * Runs first in each macro iframe, before the app's bundle: installs `window.__bridge` (what
 * @forge/bridge and @forge/react call) and forwards every command to the workbench page over
 * postMessage. Reconciled ForgeDoc trees are sent once per tick, after the last commit.
 */
import { createEndpoint } from './endpoint';

const frameId = new URLSearchParams(location.search).get('frame') ?? 'frame';
const endpoint = createEndpoint({ frameId, post: (message) => window.parent.postMessage(message, '*') });
window.addEventListener('message', (event) => {
  if (event.source === window.parent) endpoint.receive(event.data);
});

const trees = new Map<string, unknown>();
let flushScheduled = false;

function flushTrees(): void {
  flushScheduled = false;
  for (const [type, forgeDoc] of trees) void endpoint.bridge('reconcile', { forgeDoc }, type).catch(() => undefined);
  trees.clear();
}

function callBridge(cmd: string, data?: Record<string, unknown>): Promise<unknown> {
  if (cmd === 'reconcile') {
    const forgeDoc = data?.forgeDoc as { type?: string } | undefined;
    trees.set(forgeDoc?.type ?? 'Root', forgeDoc);
    if (!flushScheduled) {
      flushScheduled = true;
      queueMicrotask(flushTrees);
    }
    return Promise.resolve();
  }
  return endpoint.bridge(cmd, data);
}

(globalThis as unknown as { __bridge: unknown }).__bridge = { callBridge };

window.addEventListener('error', (event) => {
  void endpoint.bridge('onError', { error: { message: event.message, source: 'uncaught' } }).catch(() => undefined);
});
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason instanceof Error ? event.reason.message : String(event.reason);
  void endpoint.bridge('onError', { error: { message: reason, source: 'unhandled rejection' } }).catch(() => undefined);
});
