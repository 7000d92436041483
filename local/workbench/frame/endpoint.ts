/**
 * One side of the postMessage link between the workbench page and a macro iframe. Both sides use
 * it: the frame sends bridge commands (`callBridge(cmd, data)`) and the page answers; either side
 * may call a function the other passed over (a click handler, an `on` callback, `unsubscribe`).
 */
import { marshal, unmarshal } from './marshal';

/** Marks messages of this link among other postMessage traffic. */
export const WIRE_CHANNEL = 'spec-bridge-workbench';

type Request =
  | { type: 'request'; id: number; op: 'bridge'; cmd: string; data: unknown }
  | { type: 'request'; id: number; op: 'fn'; fnId: string; args: unknown[] };
type ReplyBody = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
type Reply = ReplyBody & { type: 'response'; id: number };

/** A message on the link. */
export type WireMessage = (Request | Reply) & { channel: typeof WIRE_CHANNEL; frameId: string };

type AnyFunction = (...args: unknown[]) => unknown;

/** What an endpoint needs: how to post, and (on the page side) how to answer bridge commands. */
export interface EndpointOptions {
  frameId: string;
  post(message: WireMessage): void;
  onBridge?(cmd: string, data: unknown): unknown;
}

/** An endpoint of the link. */
export interface Endpoint {
  /** Feeds a received message in; messages of other links or frames are ignored. */
  receive(message: unknown): void;
  /** Sends a bridge command; `scope` names a tree whose functions replace the previous tree's (ForgeDoc roots). */
  bridge(cmd: string, data: unknown, scope?: string): Promise<unknown>;
  /** Rejects pending calls and forgets every function. */
  dispose(): void;
}

/** Creates an endpoint; see {@link Endpoint}. */
export function createEndpoint(options: EndpointOptions): Endpoint {
  const ids = new WeakMap<AnyFunction, string>();
  const global = new Map<string, AnyFunction>();
  const scoped = new Map<string, { current: Map<string, AnyFunction>; previous: Map<string, AnyFunction> }>();
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let nextFn = 0;

  function idOf(fn: AnyFunction): string {
    let id = ids.get(fn);
    if (!id) ids.set(fn, (id = `${options.frameId}:f${++nextFn}`));
    return id;
  }

  function pack(value: unknown, scope?: string): unknown {
    if (scope === undefined) return marshal(value, (fn) => (global.set(idOf(fn), fn), idOf(fn)));
    const previous = scoped.get(scope)?.current ?? new Map<string, AnyFunction>();
    const current = new Map<string, AnyFunction>();
    scoped.set(scope, { current, previous });
    return marshal(value, (fn) => (current.set(idOf(fn), fn), idOf(fn)));
  }

  function lookup(fnId: string): AnyFunction | undefined {
    if (global.has(fnId)) return global.get(fnId);
    for (const { current, previous } of scoped.values()) {
      const fn = current.get(fnId) ?? previous.get(fnId);
      if (fn) return fn;
    }
    return undefined;
  }

  const proxy = (fnId: string) => (...args: unknown[]) => send({ type: 'request', op: 'fn', fnId, args: pack(args) as unknown[] });

  function send(request: Omit<Extract<Request, { op: 'fn' }>, 'id'> | Omit<Extract<Request, { op: 'bridge' }>, 'id'>): Promise<unknown> {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      options.post({ ...request, id, channel: WIRE_CHANNEL, frameId: options.frameId });
    });
  }

  async function answer(request: Request): Promise<void> {
    const reply = (body: ReplyBody) =>
      options.post({ ...body, type: 'response', id: request.id, channel: WIRE_CHANNEL, frameId: options.frameId });
    try {
      let value: unknown;
      if (request.op === 'fn') {
        const fn = lookup(request.fnId);
        if (!fn) throw new Error(`The function ${request.fnId} is gone (its component re-rendered or unmounted)`);
        value = await fn(...(unmarshal(request.args, proxy) as unknown[]));
      } else {
        if (!options.onBridge) throw new Error('This side does not answer bridge commands');
        value = await options.onBridge(request.cmd, unmarshal(request.data, proxy));
      }
      reply({ ok: true, value: pack(value) });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      reply({ ok: false, error: { name, message } });
    }
  }

  return {
    receive(message) {
      const wire = message as Partial<WireMessage> | null;
      if (wire?.channel !== WIRE_CHANNEL || wire.frameId !== options.frameId) return;
      if (wire.type === 'request') return void answer(wire as Request);
      const reply = wire as Reply;
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(unmarshal(reply.value, proxy));
      else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    },
    bridge: (cmd, data, scope) => send({ type: 'request', op: 'bridge', cmd, data: pack(data, scope) }),
    dispose() {
      for (const waiting of pending.values()) waiting.reject(new Error('The macro frame was closed'));
      pending.clear();
      global.clear();
      scoped.clear();
    },
  };
}
