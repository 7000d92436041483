import { expect, test, vi } from 'vitest';
import { createEndpoint, type Endpoint, type WireMessage } from '../../local/workbench/frame/endpoint';
import { marshal, unmarshal } from '../../local/workbench/frame/marshal';

/** A frame endpoint and a page endpoint wired to each other (messages are structured-cloned, as postMessage does). */
function link(onBridge: (cmd: string, data: unknown) => unknown): { frame: Endpoint; page: Endpoint } {
  const deliver = (to: () => Endpoint) => (message: WireMessage) => void queueMicrotask(() => to().receive(structuredClone(message)));
  const frame: Endpoint = createEndpoint({ frameId: 'f1', post: deliver(() => page) });
  const page: Endpoint = createEndpoint({ frameId: 'f1', post: deliver(() => frame), onBridge });
  return { frame, page };
}

test('replaces functions by markers and back by proxies', async () => {
  const fn = vi.fn((x: unknown) => x);
  const packed = marshal({ props: { onClick: fn, label: 'Go' }, list: [fn] }, () => 'id-1');

  expect(packed).toEqual({ props: { onClick: { __workbenchFn: 'id-1' }, label: 'Go' }, list: [{ __workbenchFn: 'id-1' }] });
  const proxied = unmarshal(packed, (id) => async () => id) as { props: { onClick: () => Promise<string> } };
  await expect(proxied.props.onClick()).resolves.toBe('id-1');
});

test.each([
  ['a circular reference', (() => { const a: Record<string, unknown> = {}; a.self = a; return a; })(), { self: '[unserialisable: too deep or circular]' }],
  ['a React element', { el: { $$typeof: Symbol.for('react.element') } }, { el: '[unserialisable: React element]' }],
  ['a Date', { at: new Date('2026-01-02T03:04:05.000Z') }, { at: '2026-01-02T03:04:05.000Z' }],
])('marshals %s into clonable data', (_name, value, expected) => {
  expect(marshal(value, () => 'x')).toEqual(expected);
});

test('answers bridge commands and lets the page call functions the frame passed', async () => {
  const callback = vi.fn();
  const { frame } = link(async (cmd, data) => {
    const { callback: remote } = data as { callback: (payload: unknown) => Promise<unknown> };
    await remote({ event: cmd });
    return { unsubscribe: () => 'unsubscribed' };
  });

  const answer = (await frame.bridge('on', { event: 'X', callback })) as { unsubscribe: () => Promise<string> };

  expect(callback).toHaveBeenCalledWith({ event: 'on' });
  await expect(answer.unsubscribe()).resolves.toBe('unsubscribed');
});

test('rejects with the name and message of the page’s error', async () => {
  const { frame } = link(() => {
    throw Object.assign(new Error('not emulated'), { name: 'BridgeAPIError' });
  });

  await expect(frame.bridge('showFlag', {})).rejects.toMatchObject({ name: 'BridgeAPIError', message: 'not emulated' });
});

test('keeps the functions of the previous tree of a scope and drops older ones', async () => {
  const trees: { onClick: () => Promise<unknown> }[] = [];
  const { frame } = link((_cmd, data) => void trees.push((data as { forgeDoc: { onClick: () => Promise<unknown> } }).forgeDoc));
  const handlers = [vi.fn(() => 1), vi.fn(() => 2), vi.fn(() => 3)];

  for (const onClick of handlers) await frame.bridge('reconcile', { forgeDoc: { onClick } }, 'Root');

  await expect(trees[1]!.onClick()).resolves.toBe(2);
  await expect(trees[0]!.onClick()).rejects.toThrow(/is gone/);
});

test('ignores messages for another frame', () => {
  const onBridge = vi.fn();
  const page = createEndpoint({ frameId: 'f1', post: () => undefined, onBridge });

  page.receive({ channel: 'spec-bridge-workbench', frameId: 'f2', type: 'request', id: 1, op: 'bridge', cmd: 'getContext', data: {} });

  expect(onBridge).not.toHaveBeenCalled();
});
