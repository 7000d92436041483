import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { systemClock, type Clock } from './clock';
import type { Counters } from './counters';
import { FaultPlan, sleep } from './faults';
import { RealtimeRateWindow } from './realtime-rate';
import { jsonResponse, type PlatformService, type ServiceRequest } from './service';

/** One realtime event as a subscriber receives it. */
export interface RealtimeEvent {
  channel: string;
  isGlobal: boolean;
  /** The JSON string the publisher sent (Forge delivers the payload as a string). */
  payload: string;
  eventId: string;
  eventTimestamp: string;
}

export interface RealtimeSubscription {
  channel: string;
  isGlobal: boolean;
  /** A token from signRealtimeToken; events published with a token reach only subscribers with the same claims. */
  token?: string;
  listener: (event: RealtimeEvent) => void;
  /**
   * Told once when the platform stops serving this subscription because its token is invalid, has expired or was
   * signed with a secret that was rotated away; the subscription is dropped (the frontend sees an error callback).
   */
  onRejected?: (reason: string) => void;
}

/**
 * How long a signed token lives locally. `signRealtimeToken` answers `expiresAt` as epoch seconds
 * (a number), as Forge documents; the lifetime itself is not documented, so one hour here.
 */
export const REALTIME_TOKEN_LIFETIME_SECONDS = 3600;

interface TokenPayload {
  channel: { name: string };
  claims: Record<string, unknown>;
  permissions?: string[];
  exp: number;
  iat: number;
}

/**
 * Forge Realtime: the GraphQL mutations @forge/realtime sends (`publishRealtimeChannel`,
 * `signRealtimeToken`) plus an in-process subscriber list the workbench bridges to browsers.
 * Tokens are HS256 JWTs; a global channel published with a token only reaches subscribers
 * whose token carries the same custom claims (the way Forge secures global channels).
 */
export function createRealtimeService(options: {
  faults: FaultPlan;
  counters: Counters;
  secret?: string;
  /**
   * Where the signing secret is kept, so tokens the app cached in KVS stay valid across restarts of a persistent
   * store (`npm run dev`); without it (or with `secret`) each start has its own.
   */
  db?: DatabaseSync;
  /** Lifetime of signed tokens (default {@link REALTIME_TOKEN_LIFETIME_SECONDS}); tests make tokens expire mid-page. */
  tokenLifetimeSeconds?: number;
  /** Told of every realtime operation (publish or subscribe), for the cost counters. */
  onOperation?: (operation: 'publish' | 'subscribe') => void;
  /** Time for the per-second operations limit (default: the system clock). */
  clock?: Clock;
  /** Realtime operations (publish + subscribe) per second per installation; publishes past it are refused with 429. */
  operationsPerSecond?: number;
}): PlatformService & RealtimeControl {
  const { faults, counters, onOperation } = options;
  const rate = new RealtimeRateWindow(options.clock ?? systemClock, options.operationsPerSecond);
  let secret = options.secret ?? storedSecret(options.db);
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? REALTIME_TOKEN_LIFETIME_SECONDS;
  const subscriptions = new Set<RealtimeSubscription>();
  const expiryTimers = new Map<RealtimeSubscription, ReturnType<typeof setTimeout>>();

  function drop(subscription: RealtimeSubscription): void {
    subscriptions.delete(subscription);
    clearTimeout(expiryTimers.get(subscription));
    expiryTimers.delete(subscription);
  }

  function reject(subscription: RealtimeSubscription, reason: string): void {
    drop(subscription);
    counters.increment('realtime.subscriptionsRejected');
    subscription.onRejected?.(reason);
  }

  function sign(payload: TokenPayload): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  }

  function verify(token: string | undefined): TokenPayload | undefined {
    if (!token) return undefined;
    const [header, body, signature] = token.split('.');
    if (!header || !body || !signature) return undefined;
    const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenPayload;
    return payload.exp * 1000 > Date.now() ? payload : undefined;
  }

  function claimsOf(token: string | undefined): string {
    return JSON.stringify(verify(token)?.claims ?? null);
  }

  function publish(channel: string, payload: string, isGlobal: boolean, token?: string): RealtimeEvent {
    const event: RealtimeEvent = { channel, isGlobal, payload, eventId: randomUUID(), eventTimestamp: new Date().toISOString() };
    const publisherClaims = claimsOf(token);
    for (const subscription of subscriptions) {
      if (subscription.channel !== channel || subscription.isGlobal !== isGlobal) continue;
      if (claimsOf(subscription.token) !== publisherClaims) continue;
      subscription.listener(event);
    }
    counters.increment('realtime.publishes');
    onOperation?.('publish');
    return event;
  }

  async function handle(request: ServiceRequest): Promise<Response> {
    const decision = faults.decide('realtime', 'graphql');
    await sleep(decision.latencyMs);
    if (decision.status) return new Response(null, { status: decision.status, statusText: decision.status === 429 ? 'Too Many Requests' : 'Error' });
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: Record<string, unknown> };
    if (query.includes('signRealtimeToken')) {
      // Signing is one of the installation's realtime operations, as publishing and subscribing are (forge-facts §8).
      if (!rate.take()) {
        counters.increment('realtime.rateLimited');
        return new Response(null, { status: 429, statusText: 'Too Many Requests' });
      }
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + lifetimeSeconds;
      const jwt = sign({
        channel: { name: String(variables.channelName) },
        claims: (variables.claims ?? {}) as Record<string, unknown>,
        permissions: variables.permissions as string[] | undefined,
        exp,
        iat,
      });
      counters.increment('realtime.tokensSigned');
      // `expiresAt` is epoch seconds, a number (not an ISO string).
      return jsonResponse(200, { data: { ecosystem: { signRealtimeToken: { success: true, errors: null, forgeRealtimeToken: { jwt, expiresAt: exp } } } } });
    }
    if (query.includes('publishRealtimeChannel')) {
      if (!rate.take()) {
        counters.increment('realtime.rateLimited');
        return new Response(null, { status: 429, statusText: 'Too Many Requests' });
      }
      const token = variables.token as string | undefined;
      if (token && !verify(token)) return jsonResponse(200, { data: null, errors: [{ message: 'Invalid realtime token' }] });
      const event = publish(String(variables.name), String(variables.payload), Boolean(variables.isGlobal), token);
      return jsonResponse(200, { data: { ecosystem: { publishRealtimeChannel: { eventId: event.eventId, eventTimestamp: event.eventTimestamp } } } });
    }
    return jsonResponse(400, { errors: [{ message: 'Unsupported realtime operation' }] });
  }

  return {
    handle,
    subscribe(subscription) {
      rate.take();
      onOperation?.('subscribe');
      const claims = subscription.token === undefined ? undefined : verify(subscription.token);
      if (subscription.token !== undefined && !claims) {
        // Told after subscribe returns, as a realtime service would answer on the open connection.
        queueMicrotask(() => reject(subscription, 'Realtime token is invalid or has expired'));
        return () => undefined;
      }
      subscriptions.add(subscription);
      if (claims) {
        const timer = setTimeout(() => reject(subscription, 'Realtime token has expired'), Math.max(0, claims.exp * 1000 - Date.now()));
        timer.unref?.();
        expiryTimers.set(subscription, timer);
      }
      return () => drop(subscription);
    },
    subscriberCount: () => subscriptions.size,
    rotateSecret() {
      secret = randomUUID();
      if (options.db && options.secret === undefined) saveSecret(options.db, secret);
      for (const subscription of [...subscriptions]) if (subscription.token !== undefined) reject(subscription, 'Realtime token was signed with a retired secret');
    },
  };
}

/** The signing secret kept in the platform's store (created on first use), or a fresh one without a store. */
function storedSecret(db: DatabaseSync | undefined): string {
  if (!db) return randomUUID();
  db.exec('CREATE TABLE IF NOT EXISTS realtime_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL)');
  const row = db.prepare('SELECT secret FROM realtime_secret WHERE id = 1').get() as { secret: string } | undefined;
  if (row) return row.secret;
  const secret = randomUUID();
  saveSecret(db, secret);
  return secret;
}

function saveSecret(db: DatabaseSync, secret: string): void {
  db.prepare('INSERT INTO realtime_secret (id, secret) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET secret = excluded.secret').run(secret);
}

export interface RealtimeControl {
  /** Subscribes like a frontend `subscribeGlobal`/`subscribe` would; returns unsubscribe. */
  subscribe(subscription: RealtimeSubscription): () => void;
  subscriberCount(): number;
  /**
   * Signs with a new secret from now on (kept in the store): every token signed before is refused, and open
   * subscriptions with a token are rejected (`onRejected`), as when tokens are revoked while a page is open.
   */
  rotateSecret(): void;
}
