/**
 * Realtime tokens over the lifetime of a local platform: the signing secret lives in the platform's store, so a token
 * the app cached in KVS still works after `npm run dev` restarts; a token that is rejected, expires or was signed with
 * a rotated-away secret ends its subscription with an error the subscriber is told about, never silently.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { Counters } from '../../local/platform/counters';
import { FaultPlan } from '../../local/platform/faults';
import { createRealtimeService, type RealtimeEvent } from '../../local/platform/realtime-service';
import { openStore } from '../../local/platform/store';

type Service = ReturnType<typeof createRealtimeService>;

function startService(options: { storePath?: string; tokenLifetimeSeconds?: number } = {}): Service {
  const db = options.storePath ? openStore(options.storePath) : undefined;
  return createRealtimeService({ db, faults: new FaultPlan(1), counters: new Counters(), tokenLifetimeSeconds: options.tokenLifetimeSeconds });
}

async function graphql(service: Service, query: string, variables: Record<string, unknown>): Promise<{ data: Record<string, Record<string, unknown>> | null; errors?: unknown[] }> {
  const response = await service.handle({ method: 'POST', path: '/graphql', headers: new Headers(), body: JSON.stringify({ query, variables }), principal: { kind: 'app' } as never });
  return (await response.json()) as { data: Record<string, Record<string, unknown>> | null; errors?: unknown[] };
}

const claims = { app: 'spec-bridge' };

async function sign(service: Service, permission: string): Promise<string> {
  const answer = await graphql(service, 'mutation signRealtimeToken', { channelName: 'spec-changes', claims, permissions: [permission] });
  return (answer.data!.ecosystem!.signRealtimeToken as { forgeRealtimeToken: { jwt: string } }).forgeRealtimeToken.jwt;
}

async function publish(service: Service, token?: string): Promise<unknown[] | undefined> {
  const answer = await graphql(service, 'mutation publishRealtimeChannel', { name: 'spec-changes', payload: '{"specIds":["A-1"]}', isGlobal: true, token });
  return answer.errors;
}

function listen(service: Service, token?: string): { events: RealtimeEvent[]; rejections: string[] } {
  const seen = { events: [] as RealtimeEvent[], rejections: [] as string[] };
  service.subscribe({ channel: 'spec-changes', isGlobal: true, token, listener: (event) => seen.events.push(event), onRejected: (reason) => seen.rejections.push(reason) });
  return seen;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

test('a token signed before a restart of a persistent store is still accepted after it', async () => {
  const storePath = join(mkdtempSync(join(tmpdir(), 'spec-bridge-realtime-secret-')), 'platform.sqlite');
  const before = startService({ storePath });
  const subscribeToken = await sign(before, 'subscribe');
  const publishToken = await sign(before, 'publish');

  const after = startService({ storePath });
  const seen = listen(after, subscribeToken);
  expect(await publish(after, publishToken)).toBeUndefined();
  await tick();

  expect(seen.rejections).toEqual([]);
  expect(seen.events).toHaveLength(1);
});

test('rotating the secret rejects open subscriptions with a token and refuses old tokens; token-less ones stay', async () => {
  const service = startService();
  const oldToken = await sign(service, 'subscribe');
  const withToken = listen(service, oldToken);
  const withoutToken = listen(service);

  service.rotateSecret();
  await tick();

  const late = listen(service, oldToken);
  await tick();

  expect(withToken.rejections).toEqual(['Realtime token was signed with a retired secret']);
  expect(late.rejections).toEqual(['Realtime token is invalid or has expired']);
  expect(await publish(service)).toBeUndefined();
  expect(withoutToken.events).toHaveLength(1);
  expect(withToken.events).toHaveLength(0);
  expect(service.subscriberCount()).toBe(1);
});

test('a subscription with an invalid token is rejected, not served token-less events', async () => {
  const service = startService();

  const seen = listen(service, 'not-a-token');
  await tick();
  await publish(service);

  expect(seen.rejections).toEqual(['Realtime token is invalid or has expired']);
  expect(seen.events).toHaveLength(0);
});

test('a subscription is rejected when its token expires while it is open', async () => {
  const service = startService({ tokenLifetimeSeconds: 1 });
  const seen = listen(service, await sign(service, 'subscribe'));
  await tick();
  expect(seen.rejections).toEqual([]);

  await new Promise((resolve) => setTimeout(resolve, 2_100));

  expect(seen.rejections).toEqual(['Realtime token has expired']);
  expect(service.subscriberCount()).toBe(0);
});
