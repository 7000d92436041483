/**
 * The delivery log and the audit trail (src/kvs/delivery-log.ts, src/kvs/audit-log.ts) with the real @forge/kvs against
 * the local platform's KVS: order, filters, limits, validation of what is read back, TTLs, pruning and the refusal cap.
 * An adapter test: it calls no handler (the web trigger's recording is test/integration/delivery-log.test.ts).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import type { DeliveryEntry } from '../../src/shared/admin-contract';

let platform: LocalPlatform;
let deliveries: typeof import('../../src/kvs/delivery-log');
let audit: typeof import('../../src/kvs/audit-log');
let forgeKvs: typeof import('@forge/kvs').kvs;

beforeAll(async () => {
  platform = createLocalPlatform({ env: { ENG_API_ORIGIN: 'http://127.0.0.1' }, queue: { autoStart: false } });
  deliveries = await import('../../src/kvs/delivery-log');
  audit = await import('../../src/kvs/audit-log');
  forgeKvs = (await import('@forge/kvs')).kvs;
});

afterAll(() => {
  platform.close();
});

beforeEach(() => {
  platform.db.prepare('DELETE FROM kvs_entries').run();
});

const T0 = Date.parse('2026-11-30T09:00:00.000Z');

function entry(overrides: Partial<DeliveryEntry> = {}): DeliveryEntry {
  return { at: new Date(T0).toISOString(), direction: 'inbound', webhookId: 'msg_1', specIds: ['SHAFT-1042'], status: 'accepted', httpStatus: 202, ...overrides };
}

function rows(prefix: string): { key: string; created_at: number; expire_at: number | null }[] {
  return platform.db.prepare("SELECT key, created_at, expire_at FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE ? ORDER BY key").all(`${prefix}%`) as never;
}

test('deliveries are listed newest first, each with its own id, whatever order their keys were written in', async () => {
  await deliveries.recordDelivery(entry({ webhookId: 'msg_old' }), T0);
  await deliveries.recordDelivery(entry({ webhookId: 'msg_new' }), T0 + 2_000);
  await deliveries.recordDelivery(entry({ webhookId: 'msg_mid' }), T0 + 1_000);

  const listed = await deliveries.listDeliveries({});

  expect(listed.map((d) => d.webhookId)).toEqual(['msg_new', 'msg_mid', 'msg_old']);
  expect(new Set(listed.map((d) => d.id)).size).toBe(3);
  expect(listed[0]).toEqual({ ...entry({ webhookId: 'msg_new' }), id: expect.any(String) });
});

test('listing filters by status, direction and text in spec ids or webhook-id (case-insensitive)', async () => {
  await deliveries.recordDelivery(entry({ webhookId: 'msg_a', specIds: ['SHAFT-1042'] }), T0);
  await deliveries.recordDelivery(entry({ webhookId: 'msg_b', specIds: ['GEAR-7'], status: 'duplicate', httpStatus: 200 }), T0 + 1);
  await deliveries.recordDelivery(entry({ webhookId: 'evt_c', specIds: [], status: 'refused', httpStatus: 400, reason: 'malformed_json' }), T0 + 2);
  await deliveries.recordDelivery(entry({ webhookId: 'out_d', direction: 'outbound', specIds: ['SHAFT-9'] }), T0 + 3);

  const ids = async (filter: Parameters<typeof deliveries.listDeliveries>[0]) => (await deliveries.listDeliveries(filter)).map((d) => d.webhookId);

  expect(await ids({ status: 'refused' })).toEqual(['evt_c']);
  expect(await ids({ direction: 'outbound' })).toEqual(['out_d']);
  expect(await ids({ text: 'shaft' })).toEqual(['out_d', 'msg_a']);
  expect(await ids({ text: 'MSG_' })).toEqual(['msg_b', 'msg_a']);
  expect(await ids({ text: 'shaft', direction: 'inbound', status: 'accepted' })).toEqual(['msg_a']);
});

test('a malformed stored entry is skipped, not listed or thrown', async () => {
  await deliveries.recordDelivery(entry({ webhookId: 'msg_good' }), T0);
  await forgeKvs.set('delivery-log:0000000000001:bad1', { at: 'yesterday', status: 'accepted' });
  await forgeKvs.set('delivery-log:0000000000002:bad2', 'not an entry');

  expect((await deliveries.listDeliveries({})).map((d) => d.webhookId)).toEqual(['msg_good']);
});

test('listing answers 100 by default and at most 500, from the newest 500; pruning keeps the newest 500', async () => {
  for (let i = 0; i < 620; i += 1) await deliveries.recordDelivery(entry({ webhookId: `msg_${i}` }), T0 + i * 1_000);

  const byDefault = await deliveries.listDeliveries({});
  const asked = await deliveries.listDeliveries({ limit: 10_000 });
  const nonsense = await deliveries.listDeliveries({ limit: -3 });
  while ((await deliveries.pruneDeliveries()) > 0);

  expect(byDefault).toHaveLength(100);
  expect(nonsense).toHaveLength(100);
  expect(asked).toHaveLength(500);
  expect(asked[0]?.webhookId).toBe('msg_619');
  expect(asked.at(-1)?.webhookId).toBe('msg_120');
  expect(rows('delivery-log:')).toHaveLength(500);
  expect((await deliveries.listDeliveries({ limit: 500 })).map((d) => d.webhookId)).toEqual(asked.map((d) => d.webhookId));
});

test('each delivery is kept 30 days (a KVS TTL)', async () => {
  await deliveries.recordDelivery(entry());

  const [row] = rows('delivery-log:');

  expect(row?.expire_at).not.toBeNull();
  expect(((row?.expire_at ?? 0) - (row?.created_at ?? 0)) / 86_400_000).toBeCloseTo(30, 3);
});

test('at most 30 unverified refusals are recorded a minute, even when 100 race; verified refusals and test notices are not capped', async () => {
  const unverified = entry({ status: 'refused', httpStatus: 401, reason: 'no_matching_signature', unverified: true });

  await Promise.all(Array.from({ length: 100 }, (_, i) => deliveries.recordDelivery({ ...unverified, webhookId: `forged_${i}` }, T0 + i)));
  for (let i = 0; i < 5; i += 1) await deliveries.recordDelivery(entry({ status: 'refused', httpStatus: 400, reason: 'malformed_json', webhookId: `signed_${i}` }), T0 + 200 + i);
  for (let i = 0; i < 5; i += 1) await deliveries.recordDelivery({ ...unverified, webhookId: `test_${i}`, test: true }, T0 + 300 + i);
  await deliveries.recordDelivery({ ...unverified, webhookId: 'next_minute' }, T0 + 60_000);

  const listed = await deliveries.listDeliveries({ limit: 500 });

  expect(listed.filter((d) => d.webhookId?.startsWith('forged_'))).toHaveLength(deliveries.REFUSALS_RECORDED_PER_MINUTE);
  expect(listed.filter((d) => d.webhookId?.startsWith('signed_'))).toHaveLength(5);
  expect(listed.filter((d) => d.webhookId?.startsWith('test_'))).toHaveLength(5);
  expect(listed[0]?.webhookId).toBe('next_minute');
  // The slots that enforce the cap expire within minutes.
  expect(rows('delivery-refusals:').every((r) => (r.expire_at ?? Infinity) - r.created_at <= 120_000)).toBe(true);
});

test('audit entries are listed newest first, kept 365 days, and a detail shaped like a secret is stored redacted', async () => {
  const secret = `whsec_${Buffer.from('a-generated-secret-of-32-bytes!!').toString('base64')}`;
  await audit.recordAudit({ accountId: 'admin-1', action: 'connection.saved', detail: 'baseUrl https://plm.example.com/api' }, T0);
  await audit.recordAudit({ accountId: 'admin-2', action: 'secret.created', detail: `inbound ${secret}` }, T0 + 1_000);

  const listed = await audit.listAudit();
  const [row] = rows('audit-log:');

  expect(listed).toEqual([
    { at: new Date(T0 + 1_000).toISOString(), accountId: 'admin-2', action: 'secret.created', detail: 'inbound whsec_[redacted]' },
    { at: new Date(T0).toISOString(), accountId: 'admin-1', action: 'connection.saved', detail: 'baseUrl https://plm.example.com/api' },
  ]);
  expect(JSON.stringify(platform.db.prepare('SELECT value FROM kvs_entries').all())).not.toContain(secret.slice(6, 30));
  expect(((row?.expire_at ?? 0) - (row?.created_at ?? 0)) / 86_400_000).toBeCloseTo(365, 3);
});

test('audit listing answers 100 by default, at most 1,000, skipping malformed entries', async () => {
  for (let i = 0; i < 120; i += 1) await audit.recordAudit({ accountId: 'a', action: 'allowList.saved', detail: `#${i}` }, T0 + i);
  await forgeKvs.set('audit-log:0000000000000:bad', { at: 5 });

  expect(await audit.listAudit()).toHaveLength(100);
  expect(await audit.listAudit(5_000)).toHaveLength(120);
  expect((await audit.listAudit(1))[0]?.detail).toBe('#119');
});
