/** Writing KVS keys behind the app's back, through the platform's KVS service, as @forge/kvs would. */
import { expect } from 'vitest';
import type { TestApp } from './start-app';

/** Writes `value` under `key`, or with `undefined` deletes the key. */
export async function writeKvsKey(app: Pick<TestApp, 'platform'>, key: string, value: unknown): Promise<void> {
  const operation = value === undefined ? 'delete' : 'set';
  const response = await app.platform.kvs.handle({
    method: 'POST',
    path: `/api/v1/${operation}`,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(value === undefined ? { key } : { key, value }),
    principal: { kind: 'app' },
  });
  // Deleting a key that is not there is answered 404: it is absent either way.
  expect(response.ok || (operation === 'delete' && response.status === 404)).toBe(true);
}
