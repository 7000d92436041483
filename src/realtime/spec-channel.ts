import { kvs } from '@forge/kvs';
import { publishGlobal, signRealtimeToken } from '@forge/realtime';
import type { CachedToken, Clock, LiveChannel } from '../domain/ports';
import { KEYS } from '../kvs/keys';
import { withKvsRetry } from '../kvs/kvs-calls';
import { SPEC_CHANGES_CHANNEL, type SpecChangesEvent } from '../shared/resolver-contract';

/**
 * Custom claims that secure the global channel: Forge delivers a global event published with a
 * token only to subscribers whose token carries the same claims (forge-facts §8).
 */
const CHANNEL_CLAIMS = { app: 'spec-bridge', purpose: 'spec-changes' };


/**
 * Live updates for open macros over Forge Realtime. Consumers and triggers must use global
 * channels; the payload carries spec ids only, never record data. Subscribe tokens are cached in
 * KVS so page views do not spend the 50 ops/s realtime budget.
 */
export function createSpecChannel(options: { clock: Clock }): LiveChannel {
  /** Tokens are reused until 10 minutes before they expire. */
  const usable = (cached: CachedToken | undefined) => cached !== undefined && cached.expiresAtMs - options.clock.now() > 10 * 60_000;

  async function sign(permission: 'subscribe' | 'publish'): Promise<CachedToken | undefined> {
    const signed = await signRealtimeToken(SPEC_CHANGES_CHANNEL, CHANNEL_CLAIMS, [permission]);
    if (!signed.token) return undefined;
    return { token: signed.token, expiresAtMs: signed.expiresAt ? Date.parse(String(signed.expiresAt)) : options.clock.now() + 3_600_000 };
  }

  return {
    async publish(specIds) {
      const payload: SpecChangesEvent = { specIds };
      const result = await publishGlobal(SPEC_CHANGES_CHANNEL, { ...payload }, { token: (await sign('publish'))?.token });
      const errors = (result.errors ?? []) as { message?: string }[];
      if (errors.length > 0) throw new Error(`Realtime publish failed: ${errors.map((e) => e.message).join('; ')}`);
    },
    async subscribeToken(cached) {
      if (usable(cached)) return cached?.token;
      try {
        const fresh = await sign('subscribe');
        if (fresh) await withKvsRetry(() => kvs.set(KEYS.realtimeToken(), fresh, { ttl: { value: 1, unit: 'HOURS' } }));
        return fresh?.token;
      } catch {
        return undefined;
      }
    },
  };
}
