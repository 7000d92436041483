/**
 * Issue 14's delivery log, from the Forge-built bundle's web trigger: every inbound change notice (accepted, duplicate,
 * refused) is recorded with its status and reason, refusals nobody signed are capped, entries carry a TTL, and a failed
 * record write never changes the answer. Send test notice passes through the same path.
 *
 * The admin resolver that will call listDeliveries and sendTestNotice is not in the bundle yet, so the test calls those
 * (and writes the site's inbound secrets, as the admin page's createSecret would) from src/ against the same platform
 * KVS the bundle's web trigger writes: what is read back is what the deployed code recorded.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { WebTriggerRequest } from '../../local/platform/webtriggers';
import { withNewCurrent, withoutSecret, type WebhookSecretItem } from '../../src/domain/webhook-secret-set';
import type { DeliveryEntry, DeliveryFilter } from '../../src/shared/admin-contract';
import { otherSecret, signedNotice } from '../support/notices';
import { startApp, type TestApp } from '../support/start-app';

let app: TestApp;
let log: typeof import('../../src/kvs/delivery-log');
let settings: typeof import('../../src/kvs/site-settings');

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const FIRST = newSecret();
const SECOND = newSecret();

beforeAll(async () => {
  // The deployment's WEBHOOK_SECRET configures another site only: this one verifies with the secrets its admin creates.
  app = await startApp({ env: { ENV_CONFIG_SITE_IDS: 'another-site' } });
  log = await import('../../src/kvs/delivery-log');
  settings = await import('../../src/kvs/site-settings');
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  app.platform.db.prepare("DELETE FROM kvs_entries WHERE namespace = 'kvs' AND (key LIKE 'delivery-log:%' OR key LIKE 'delivery-refusals:%')").run();
  app.platform.faults.clear();
});

async function setSiteSecrets(items: WebhookSecretItem[]): Promise<WebhookSecretItem[]> {
  await settings.writeWebhookSecretSet(items);
  return items;
}

function addCurrent(items: WebhookSecretItem[], secret: string, keepPreviousDays?: number): WebhookSecretItem[] {
  return withNewCurrent(items, { id: randomBytes(4).toString('hex'), direction: 'inbound', secret, createdAt: Date.now() }, keepPreviousDays, Date.now());
}

async function send(request: WebTriggerRequest): Promise<number> {
  return (await app.platform.callWebTrigger('spec-change-notice', request)).statusCode;
}

/** The admin page's Send test notice, through the bundle's admin resolver (as the site admin). */
async function sendTest(input: { specId?: string; secret?: string } = {}) {
  const answer = await app.invokeAdmin<{ httpStatus: number; delivery: DeliveryEntry }>('sendTestNotice', input);
  if (!answer.ok) throw new Error(`sendTestNotice answered ${answer.code}: ${answer.message}`);
  return answer.value;
}

/** The admin page's Deliveries tab, through the bundle's admin resolver. */
async function deliveries(filter: DeliveryFilter = {}): Promise<DeliveryEntry[]> {
  const answer = await app.invokeAdmin<{ items: DeliveryEntry[] }>('listDeliveries', filter);
  if (!answer.ok) throw new Error(`listDeliveries answered ${answer.code}: ${answer.message}`);
  return answer.value.items;
}

const logRows = () =>
  app.platform.db.prepare("SELECT key, created_at, expire_at FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE 'delivery-log:%'").all() as {
    key: string;
    created_at: number;
    expire_at: number | null;
  }[];

test('a site without an inbound secret answers 503 and records the notice as refused: not_configured', async () => {
  await setSiteSecrets([]);

  const status = await send(signedNotice({ secret: FIRST, specIds: ['SHAFT-1042'], id: 'msg_unconfigured' }));
  const [entry] = await deliveries({});

  expect(status).toBe(503);
  expect(entry).toMatchObject({ direction: 'inbound', webhookId: 'msg_unconfigured', status: 'refused', httpStatus: 503, reason: 'not_configured', specIds: ['SHAFT-1042'], unverified: true });
});

test('accepted, duplicate and refused notices (bad signature, stale timestamp) appear in the log, newest first, with status and reason', async () => {
  await setSiteSecrets(addCurrent([], FIRST));
  const good = signedNotice({ secret: FIRST, specIds: ['SHAFT-1042', 'PSU-4801'], id: 'msg_good' });

  const statuses = [
    await send(good),
    await send(good),
    await send(signedNotice({ secret: otherSecret('forger'), specIds: ['BOLT-2001'], id: 'msg_forged' })),
    await send(signedNotice({ secret: FIRST, specIds: ['SEAL-3701'], id: 'msg_stale', at: new Date(Date.now() - 3_600_000) })),
    await send(signedNotice({ secret: FIRST, specIds: [], id: 'msg_broken', body: '{"type":"spec.updated","data":' })),
  ];
  const listed = await deliveries({});

  expect(statuses).toEqual([202, 200, 401, 401, 400]);
  expect(listed.map(({ webhookId, status, httpStatus, reason, specIds, unverified }) => ({ webhookId, status, httpStatus, reason, specIds, unverified }))).toEqual([
    { webhookId: 'msg_broken', status: 'refused', httpStatus: 400, reason: 'malformed_json', specIds: [], unverified: undefined },
    { webhookId: 'msg_stale', status: 'refused', httpStatus: 401, reason: 'timestamp_out_of_range', specIds: ['SEAL-3701'], unverified: true },
    { webhookId: 'msg_forged', status: 'refused', httpStatus: 401, reason: 'no_matching_signature', specIds: ['BOLT-2001'], unverified: true },
    { webhookId: 'msg_good', status: 'duplicate', httpStatus: 200, reason: undefined, specIds: ['SHAFT-1042', 'PSU-4801'], unverified: undefined },
    { webhookId: 'msg_good', status: 'accepted', httpStatus: 202, reason: undefined, specIds: ['SHAFT-1042', 'PSU-4801'], unverified: undefined },
  ]);
  expect(await deliveries({ status: 'refused', text: 'bolt' })).toHaveLength(1);
  expect(listed.every((d) => Math.abs(Date.parse(d.at) - Date.now()) < 60_000)).toBe(true);
});

test('every log entry the web trigger writes carries a 30-day KVS TTL', async () => {
  await setSiteSecrets(addCurrent([], FIRST));
  await send(signedNotice({ secret: FIRST, specIds: ['SHAFT-1042'] }));
  await send(signedNotice({ secret: otherSecret('ttl'), specIds: ['SHAFT-1042'] }));

  const rows = logRows();

  expect(rows).toHaveLength(2);
  for (const row of rows) expect(((row.expire_at ?? 0) - row.created_at) / 86_400_000).toBeCloseTo(30, 3);
});

test('100 badly signed notices all get 401, but at most 30 a minute are recorded, at two KVS writes each', async () => {
  await setSiteSecrets(addCurrent([], FIRST));
  const writesBefore = app.platform.counters.get('kvs.set') + app.platform.counters.get('kvs.batch/set') + app.platform.counters.get('kvs.transaction');

  const statuses: number[] = [];
  for (let i = 0; i < 100; i += 1) statuses.push(await send(signedNotice({ secret: otherSecret(`flood-${i}`), specIds: ['SHAFT-1042'], id: `forged_${i}` })));
  const writes = app.platform.counters.get('kvs.set') + app.platform.counters.get('kvs.batch/set') + app.platform.counters.get('kvs.transaction') - writesBefore;
  const recorded = await deliveries({ limit: 500 });
  const perMinute = new Map<string, number>();
  for (const d of recorded) perMinute.set(d.at.slice(0, 16), (perMinute.get(d.at.slice(0, 16)) ?? 0) + 1);

  console.info(`refusal cap: 100 forged notices → ${recorded.length} recorded in ${perMinute.size} minute(s), ${writes} KVS writes`);
  expect(statuses.every((s) => s === 401)).toBe(true);
  expect([...perMinute.values()].every((count) => count <= log.REFUSALS_RECORDED_PER_MINUTE)).toBe(true);
  expect(recorded.length).toBeGreaterThanOrEqual(log.REFUSALS_RECORDED_PER_MINUTE);
  // A slot and an entry per recorded refusal; nothing at all for the refusals past the cap.
  expect(writes).toBe(2 * recorded.length);
});

test('a notice is answered as always when its record cannot be written, and the failure is logged', async () => {
  await setSiteSecrets(addCurrent([], FIRST));
  // The claim and confirm writes pass; the delivery log's write then fails, retries included.
  app.platform.faults.add({ service: 'kvs', operation: 'set', skip: 2, status: 500 });
  const logged: string[] = [];
  const unsubscribe = app.platform.activity.subscribe((entry) => entry.source === 'app-log' && logged.push(entry.message));

  const status = await send(signedNotice({ secret: FIRST, specIds: ['SHAFT-1042'], id: 'msg_unrecorded' }));
  app.platform.faults.clear();
  unsubscribe();

  expect(status).toBe(202);
  expect(logRows()).toHaveLength(0);
  expect(logged.some((line) => line.includes('delivery log write failed'))).toBe(true);
});

test('Send test notice is accepted with the current secret, recorded as a test, and queues nothing', async () => {
  await setSiteSecrets(addCurrent([], FIRST));
  const pushes = app.platform.counters.get('queue.pushes');

  const result = await sendTest({ specId: 'SHAFT-1042' });
  const [first] = await deliveries({});

  expect(result.httpStatus).toBe(202);
  expect(result.delivery).toMatchObject({ status: 'accepted', httpStatus: 202, specIds: ['SHAFT-1042'], test: true, webhookId: expect.stringMatching(/^test_/) });
  expect(first).toEqual({ ...result.delivery, id: expect.any(String) });
  expect(app.platform.counters.get('queue.pushes')).toBe(pushes);
});

test('after a rotation the old secret works until removed; then it is refused (401) for a real and a test notice, and both are logged', async () => {
  const rotated = await setSiteSecrets(addCurrent(addCurrent([], FIRST), SECOND));
  const whileRotating = [
    await send(signedNotice({ secret: FIRST, specIds: ['PSU-4801'], id: 'msg_old_before' })),
    (await sendTest({ secret: FIRST })).httpStatus,
    (await sendTest()).httpStatus,
  ];
  const old = rotated.find((item) => item.secret === FIRST);
  await setSiteSecrets(withoutSecret(rotated, old?.id ?? '', Date.now()));

  const real = await send(signedNotice({ secret: FIRST, specIds: ['PSU-4801'], id: 'msg_old_after' }));
  const test = await sendTest({ secret: FIRST });
  const current = await sendTest();
  const refused = await deliveries({ status: 'refused' });

  expect(whileRotating).toEqual([202, 202, 202]);
  expect([real, test.httpStatus, current.httpStatus]).toEqual([401, 401, 202]);
  expect(refused.map((d) => [d.webhookId?.startsWith('test_') ? 'test' : d.webhookId, d.httpStatus, d.reason, d.test])).toEqual([
    ['test', 401, 'no_matching_signature', true],
    ['msg_old_after', 401, 'no_matching_signature', undefined],
  ]);
});

test('Send test notice on a site without an inbound secret answers what a real notice gets: 503 not_configured, recorded', async () => {
  await setSiteSecrets([]);

  const result = await sendTest();

  expect(result.httpStatus).toBe(503);
  expect(result.delivery).toMatchObject({ status: 'refused', reason: 'not_configured', test: true });
  expect(await deliveries({ status: 'refused' })).toEqual([{ ...result.delivery, id: expect.any(String) }]);
});
