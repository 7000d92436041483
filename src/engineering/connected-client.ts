import type { EngineeringClient } from './engineering-client';

/**
 * An engineering client that finds out which system to call (and with which token) on its first call, so a view served
 * from the cache reads no connection settings. `connect` answers undefined when the site has none: every call then
 * fails with `not_connected`. A `connect` that throws (the settings could not be read) fails that call as
 * `unavailable` and is asked again next time.
 */
export function clientWhenConnected(connect: () => Promise<EngineeringClient | undefined>): EngineeringClient & { prepare(): void } {
  let pending: Promise<EngineeringClient | undefined> | undefined;
  function start(): Promise<EngineeringClient | undefined> {
    if (pending) return pending;
    pending = connect();
    // Handled here so a connect that fails before anyone awaits it is not an unhandled rejection; callers still see it.
    pending.catch(() => undefined);
    return pending;
  }
  async function client(): Promise<EngineeringClient | { failed: string } | undefined> {
    try {
      return await start();
    } catch (error) {
      pending = undefined;
      return { failed: error instanceof Error ? error.message : String(error) };
    }
  }
  async function call<T>(use: (c: EngineeringClient) => Promise<T>): Promise<T> {
    const c = await client();
    if (c === undefined) return { ok: false, error: { kind: 'not_connected' } } as T;
    if ('failed' in c) return { ok: false, error: { kind: 'unavailable', detail: `the site's connection settings could not be read: ${c.failed}` } } as T;
    return use(c);
  }
  return {
    /** Starts reading the connection now, so it overlaps other work before the first call (the fetch leases). */
    prepare: () => void start(),
    getSpec: (id, options) => call((c) => c.getSpec(id, options)),
    getSpecs: (ids) => call((c) => c.getSpecs(ids)),
    getRevision: (id, revision) => call((c) => c.getRevision(id, revision)),
    search: (query, limit) => call((c) => c.search(query, limit)),
  };
}
