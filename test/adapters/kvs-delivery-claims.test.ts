/**
 * The KVS adapter for webhook delivery claims (src/kvs/delivery-claims.ts) with the real @forge/kvs
 * against the local platform's KVS. An adapter test: it calls no handler, so it lives outside the
 * suites that must run the Forge-built bundle.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

let platform: LocalPlatform;
let claims: typeof import('../../src/kvs/delivery-claims');

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' } });
  claims = await import('../../src/kvs/delivery-claims');
});

afterAll(() => {
  platform.close();
});

test('a webhook-id is claimed once, in flight while pending, and a duplicate once queued', async () => {
  const t0 = Date.now();

  const first = await claims.claimDeliveryId('msg_a', t0);
  const concurrent = await claims.claimDeliveryId('msg_a', t0 + 1_000);
  await claims.confirmDeliveryId('msg_a', t0 + 2_000);
  const replay = await claims.claimDeliveryId('msg_a', t0 + 3_000);

  expect([first, concurrent, replay]).toEqual(['claimed', 'in_flight', 'duplicate']);
});

test('a pending claim whose delivery died without releasing it is taken over after a minute', async () => {
  const t0 = Date.now();
  await claims.claimDeliveryId('msg_b', t0);

  const soon = await claims.claimDeliveryId('msg_b', t0 + 30_000);
  const later = await claims.claimDeliveryId('msg_b', t0 + 61_000);

  expect(soon).toBe('in_flight');
  expect(later).toBe('claimed');
});

test('a released claim can be claimed again at once', async () => {
  await claims.claimDeliveryId('msg_c');
  await claims.releaseDeliveryId('msg_c');

  expect(await claims.claimDeliveryId('msg_c')).toBe('claimed');
});

test('webhook-ids that differ only in characters outside the KVS key alphabet are claimed separately', async () => {
  const ids = ['evt_2mZ/1', 'evt_2mZ+1', 'evt_2mZ@1', 'evt_2mZ_1', 'evt_2mZ ü1'];

  const claimed = [];
  for (const id of ids) claimed.push(await claims.claimDeliveryId(id));

  expect(claimed).toEqual(ids.map(() => 'claimed'));
});

test('a webhook-id of any length is claimed, confirmed and recognised as a duplicate (its key stays within the 500-character KVS limit)', async () => {
  const long = `msg_${'x'.repeat(2_000)}`;

  const first = await claims.claimDeliveryId(long);
  await claims.confirmDeliveryId(long);
  const replay = await claims.claimDeliveryId(long);

  expect([first, replay]).toEqual(['claimed', 'duplicate']);
});
