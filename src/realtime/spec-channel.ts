import { kvs } from '@forge/kvs';
import { publishGlobal, signRealtimeToken } from '@forge/realtime';
import type { CachedToken, Clock, LiveChannel } from '../domain/ports';
import { KEYS } from '../kvs/keys';
import { withKvsRetry } from '../kvs/kvs-calls';
import { SPEC_CHANGES_CHANNEL, type SpecChangesEvent } from '../shared/resolver-contract';
import { isReusable, tokenExpiresAtMs } from './token-expiry';

/**
 * Custom claims that secure the global channel: Forge delivers a global event published with a
 * token only to subscribers whose token carries the same claims (forge-facts §8).
 */
const CHANNEL_CLAIMS = { app: 'spec-bridge', purpose: 'spec-changes' };


/**
 * Live updates for open macros over Forge Realtime. Consumers and triggers must use global
 * channels; the payload carries spec ids only, never record data. Subscribe tokens are cached in
 * KVS (read in the view's batch) until 10 minutes before they expire, so page views do not spend
 * the 50 ops/s realtime budget.
 */
export function createSpecChannel(options: { clock: Clock }): LiveChannel {
  async function sign(permission: 'subscribe' | 'publish'): Promise<CachedToken | undefined> {
    const signed = await signRealtimeToken(SPEC_CHANGES_CHANNEL, CHANNEL_CLAIMS, [permission]);
    if (typeof signed.token !== 'string' || !signed.token) return undefined;
    // `expiresAt` is epoch seconds; an unreadable one gets a short assumed lifetime (token-expiry.ts).
    return { token: signed.token, expiresAtMs: tokenExpiresAtMs(signed.expiresAt, options.clock.now()) };
  }

  /**
   * The publish token, signed once and kept in KVS like the subscribe token: signing is one of the installation's 50
   * realtime operations a second, so signing per change would make each change cost three.
   */
  async function publishToken(): Promise<string | undefined> {
    const cached = await withKvsRetry(() => kvs.get<CachedToken>(KEYS.realtimePublishToken()));
    if (isReusable(cached, options.clock.now())) return cached.token;
    const fresh = await sign('publish');
    if (fresh) {
      const ttlSeconds = Math.max(1, Math.ceil((fresh.expiresAtMs - options.clock.now()) / 1000));
      await withKvsRetry(() => kvs.set(KEYS.realtimePublishToken(), fresh, { ttl: { value: ttlSeconds, unit: 'SECONDS' } }));
    }
    return fresh?.token;
  }

  return {
    async publish(specIds) {
      const payload: SpecChangesEvent = { specIds };
      // Twice: once for macros that subscribed with a token from a resolver answer, once without a token for macros
      // painted from their snapshot with no function call (decisions §19). The payload is spec ids only.
      const results = [
        await publishGlobal(SPEC_CHANGES_CHANNEL, { ...payload }, { token: await publishToken() }),
        await publishGlobal(SPEC_CHANGES_CHANNEL, { ...payload }),
      ];
      const errors = results.flatMap((result) => (result.errors ?? []) as { message?: string }[]);
      if (errors.length > 0) throw new Error(`Realtime publish failed: ${errors.map((e) => e.message).join('; ')}`);
    },
    async subscribeToken(cached) {
      if (isReusable(cached, options.clock.now())) return cached.token;
      try {
        const fresh = await sign('subscribe');
        if (fresh) {
          const ttlSeconds = Math.max(1, Math.ceil((fresh.expiresAtMs - options.clock.now()) / 1000));
          await withKvsRetry(() => kvs.set(KEYS.realtimeToken(), fresh, { ttl: { value: ttlSeconds, unit: 'SECONDS' } }));
        }
        return fresh?.token;
      } catch {
        return undefined;
      }
    },
  };
}
