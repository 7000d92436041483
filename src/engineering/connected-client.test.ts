import { expect, test } from 'vitest';
import { clientWhenConnected } from './connected-client';
import type { EngineeringClient } from './engineering-client';

const found: EngineeringClient = {
  getSpec: async () => ({ ok: false, error: { kind: 'not_found', id: 'X-1' } }),
  getSpecs: async () => ({ ok: true, value: { found: new Map(), missing: ['X-1'], invalid: new Map() } }),
  getRevision: async () => ({ ok: false, error: { kind: 'not_found', id: 'X-1', revision: 'A' } }),
  search: async () => ({ ok: true, value: [] }),
};

test('an unconnected site fails every call as not_connected, without asking anyone', async () => {
  const client = clientWhenConnected(async () => undefined);
  expect(await client.getSpecs(['X-1'])).toEqual({ ok: false, error: { kind: 'not_connected' } });
  expect(await client.search('x')).toEqual({ ok: false, error: { kind: 'not_connected' } });
});

test('the connection is read once per client, and prepare starts that read before the first call', async () => {
  let reads = 0;
  const client = clientWhenConnected(async () => {
    reads += 1;
    return found;
  });
  client.prepare();
  expect(reads).toBe(1);
  await client.getSpecs(['X-1']);
  await client.getSpec('X-1');
  expect(reads).toBe(1);
});

test('settings that cannot be read fail the call as unavailable, are read again next time, and a prepared failure is no unhandled rejection', async () => {
  let attempt = 0;
  const client = clientWhenConnected(async () => {
    attempt += 1;
    if (attempt === 1) throw new Error('KVS said 503');
    return found;
  });
  client.prepare();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(await client.getSpecs(['X-1'])).toMatchObject({ ok: false, error: { kind: 'unavailable', detail: expect.stringContaining('KVS said 503') } });
  expect(await client.getSpecs(['X-1'])).toMatchObject({ ok: true });
  expect(attempt).toBe(2);
});
