import './atlaskit-in-node';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { LocalPlatform } from '../../local/platform/platform';
import { createEndpoint, type Endpoint, type WireMessage } from '../../local/workbench/frame/endpoint';
import { EgressConsentDialog } from '../../local/workbench/host/egress-consent-dialog';
import { egressPermissions, type EgressConsentRequest } from '../../local/workbench/host/egress-consent';
import { createEventBus } from '../../local/workbench/host/event-bus';
import { connectFrame } from '../../local/workbench/host/frame-host';
import { workbenchApi } from '../../local/workbench/host/workbench-api';
import { egressWorkbench, engineeringGroup, ORIGIN } from './egress-workbench';

/**
 * `permissions.egress.set` / `.get` from an app frame, end to end without a browser: the frame's bridge call crosses the
 * postMessage link to the frame host, which asks in the consent dialog (here a stand-in that answers) and goes to the
 * workbench server (the real routes, through the page's `workbenchApi`) and the local platform.
 */
let platform: LocalPlatform | undefined;
let disconnect: (() => void) | undefined;

beforeEach(() => {
  // The host page's `window`, where the frame's messages arrive.
  vi.stubGlobal('window', new EventTarget());
});
afterEach(() => {
  disconnect?.();
  disconnect = undefined;
  platform?.close();
  platform = undefined;
  vi.unstubAllGlobals();
});

/** An app frame connected to a frame host; `answer` is the admin's click in the dialog (undefined: no dialog expected). */
function appFrame(options: { configurable?: boolean; permissions: boolean; answer?: boolean }) {
  const workbench = egressWorkbench(options.configurable ?? true);
  platform = workbench.platform;
  vi.stubGlobal('fetch', (path: string, init?: RequestInit) => workbench.handle(new Request(new URL(path, ORIGIN), init)));
  const asked: EgressConsentRequest[] = [];
  const ask = async (request: EgressConsentRequest) => {
    asked.push(request);
    if (options.answer === undefined) throw new Error('No dialog was expected');
    return options.answer;
  };
  const frameWindow = {
    postMessage: (message: WireMessage) => queueMicrotask(() => frame.receive(structuredClone(message))),
  };
  const frame: Endpoint = createEndpoint({
    frameId: 'settings-1',
    post: (message) => queueMicrotask(() => window.dispatchEvent(Object.assign(new Event('message'), { data: structuredClone(message), source: frameWindow }))),
  });
  disconnect = connectFrame({ contentWindow: frameWindow } as unknown as HTMLIFrameElement, {
    frameId: 'settings-1',
    localId: 'spec-bridge-settings',
    isEditing: false,
    bus: createEventBus(),
    onTree: () => undefined,
    onAppError: () => undefined,
    ...(options.permissions ? { permissions: egressPermissions(workbenchApi, ask) } : {}),
  });
  return { frame, asked, call: workbench.call };
}

test('"Allow" in the dialog resolves the app\'s set with the saved groups, which get then lists', async () => {
  const { frame, asked } = appFrame({ permissions: true, answer: true });

  const answer = await frame.bridge('__permission__egressSet', engineeringGroup());

  expect(asked).toEqual([{ consentId: expect.any(String), egresses: engineeringGroup().egresses }]);
  expect(answer).toEqual({ results: engineeringGroup().egresses });
  expect(await frame.bridge('__permission__egressGet', { keys: ['engineering-api'] })).toEqual({ results: engineeringGroup().egresses });
});

test('"Don\'t allow" rejects the app\'s set with a BridgeAPIError and saves nothing', async () => {
  const { frame, asked } = appFrame({ permissions: true, answer: false });

  await expect(frame.bridge('__permission__egressSet', engineeringGroup())).rejects.toMatchObject({ name: 'BridgeAPIError', message: 'The administrator declined the egress request' });
  expect(asked).toHaveLength(1);
  expect(platform!.customerEgress.pending()).toEqual([]);
  expect(await frame.bridge('__permission__egressGet', {})).toEqual({ results: [] });
});

test('a non-admin\'s set rejects without a dialog', async () => {
  const { frame, asked, call } = appFrame({ permissions: true });
  await call('/__workbench/api/user', { accountId: 'alice' });

  await expect(frame.bridge('__permission__egressSet', engineeringGroup())).rejects.toMatchObject({ name: 'BridgeAPIError', message: "Only a site administrator can change the app's egress" });
  expect(asked).toEqual([]);
  expect(platform!.customerEgress.pending()).toEqual([]);
});

test('without configurable egress in the manifest, set and get reject without a dialog', async () => {
  const { frame, asked } = appFrame({ configurable: false, permissions: true });

  await expect(frame.bridge('__permission__egressSet', engineeringGroup())).rejects.toMatchObject({ name: 'BridgeAPIError', message: expect.stringMatching(/not enabled/) });
  await expect(frame.bridge('__permission__egressGet', {})).rejects.toMatchObject({ name: 'BridgeAPIError', message: expect.stringMatching(/not enabled/) });
  expect(asked).toEqual([]);
});

test('a frame without permissions (a macro) is told the egress commands are not emulated', async () => {
  const { frame } = appFrame({ permissions: false });

  await expect(frame.bridge('__permission__egressSet', engineeringGroup())).rejects.toMatchObject({ name: 'BridgeAPIError', message: expect.stringMatching(/'__permission__egressSet' is not emulated/) });
  await expect(frame.bridge('__permission__egressGet', {})).rejects.toMatchObject({ name: 'BridgeAPIError', message: expect.stringMatching(/not emulated/) });
  expect(platform!.customerEgress.pending()).toEqual([]);
});

test('the dialog names the app, each group, its domains and egress types, with "Allow" and "Don\'t allow"', () => {
  const markup = renderToStaticMarkup(
    <EgressConsentDialog
      appName="Spec Bridge"
      egresses={[
        ...engineeringGroup().egresses,
        { key: 'drawings', description: 'Drawing previews', configured: [{ domain: '*.cdn.customer.example', type: ['IMAGES', 'FETCH_CLIENT_SIDE'] }] },
      ]}
      onAnswer={() => undefined}
    />,
  );
  const text = markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  expect(markup).toContain('aria-modal="true"');
  expect(text).toContain('Allow Spec Bridge to connect to external domains?');
  expect(text).toContain('Your engineering system API plm.customer.example — Backend fetch');
  expect(text).toContain('Drawing previews *.cdn.customer.example — Images, Frontend fetch');
  expect(text).toMatch(/Don’t allow .*Allow/);
});
