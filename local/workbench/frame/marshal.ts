/**
 * Turns values that cross the iframe boundary into structured-clone-safe data and back. Functions
 * (ForgeDoc event props, `on` callbacks, `unsubscribe`) become `{ __workbenchFn: id }` markers that
 * the receiving side turns into proxies, the way Forge's bridge passes functions between frames.
 */

/** A function that stayed on the sending side, callable through the endpoint. */
export interface FunctionMarker {
  __workbenchFn: string;
}

const MAX_DEPTH = 64;

/** True for a marker produced by {@link marshal}. */
export function isFunctionMarker(value: unknown): value is FunctionMarker {
  return typeof value === 'object' && value !== null && typeof (value as FunctionMarker).__workbenchFn === 'string';
}

/** Copies `value` with every function replaced by a marker from `register`. */
export function marshal(value: unknown, register: (fn: (...args: unknown[]) => unknown) => string): unknown {
  const seen = new WeakSet<object>();
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'function') return { __workbenchFn: register(item as (...args: unknown[]) => unknown) } satisfies FunctionMarker;
    if (typeof item !== 'object' || item === null) return typeof item === 'bigint' ? String(item) : item;
    if (depth > MAX_DEPTH || seen.has(item)) return '[unserialisable: too deep or circular]';
    if ('$$typeof' in item) return '[unserialisable: React element]';
    if (item instanceof Date) return item.toISOString();
    if (item instanceof Error) return { name: item.name, message: item.message };
    seen.add(item);
    const copy = Array.isArray(item) ? item.map((entry) => walk(entry, depth + 1)) : Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry, depth + 1)]));
    seen.delete(item);
    return copy;
  };
  return walk(value, 0);
}

/** Copies `value` with every marker replaced by `proxy(id)`. */
export function unmarshal(value: unknown, proxy: (id: string) => (...args: unknown[]) => Promise<unknown>): unknown {
  if (isFunctionMarker(value)) return proxy(value.__workbenchFn);
  if (Array.isArray(value)) return value.map((entry) => unmarshal(entry, proxy));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, unmarshal(entry, proxy)]));
}
