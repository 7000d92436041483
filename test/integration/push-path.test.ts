import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import type { ActivityEntry } from '../../local/platform/activity-log';
import type { RealtimeEvent } from '../../local/platform/realtime-service';
import { otherSecret, signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_ENG_TOKEN, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

const TRIGGER = 'spec-change-notice';
let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

afterEach(() => {
  delete process.env.WEBHOOK_SECRET_PREVIOUS;
  process.env.WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
  process.env.ENG_API_TOKEN = TEST_ENG_TOKEN;
  app.engineering.admin.setMode({});
  app.platform.faults.clear();
});

function queuedEvents(): number {
  return app.platform.counters.get('queue.events');
}

function snapshotOf(localId: string): MacroSnapshot | undefined {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot | undefined;
}

test('a valid notice is accepted, queued and consumed; snapshots reach the new revision and subscribers hear of it', async () => {
  const localId = app.macroIds[0] as string;
  const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'SHAFT-1050, BOLT-2004', layout: 'table' } }));
  const heard: RealtimeEvent[] = [];
  const unsubscribe = app.platform.realtime.subscribe({ channel: view.live?.channel ?? '', isGlobal: true, token: view.live?.token, listener: (e) => heard.push(e) });
  app.engineering.admin.updateSpec('SHAFT-1050', { revision: 'F' });

  const answer = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1050'] }));
  await app.platform.queue.drain();
  unsubscribe();

  expect(answer.statusCode).toBe(202);
  expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ accepted: true, queued: 1 });
  expect(snapshotOf(localId)?.specs.find((s) => s.id === 'SHAFT-1050')?.record?.revision).toBe('F');
  expect(heard.map((e) => JSON.parse(e.payload))).toContainEqual({ specIds: ['SHAFT-1050'] });
});

test.each([
  ['a tampered body', () => ({ ...signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['BOLT-2005'] }), body: JSON.stringify({ type: 'spec.updated', timestamp: new Date().toISOString(), data: { specIds: ['BOLT-2006'] } }) }), 401],
  ['a wrong secret', () => signedNotice({ secret: otherSecret('wrong'), specIds: ['BOLT-2005'] }), 401],
  ['a timestamp 6 minutes old', () => signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['BOLT-2005'], at: new Date(Date.now() - 6 * 60_000) }), 401],
  ['a non-JSON content type', () => ({ ...signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['BOLT-2005'] }), headers: { ...signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['X-1'] }).headers, 'content-type': ['text/plain'] } }), 415],
  ['malformed JSON', () => signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [], body: '{"type":"spec.updated",' }), 400],
  ['a 300 KB body', () => signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [], body: JSON.stringify({ type: 'spec.updated', timestamp: new Date().toISOString(), data: { specIds: ['BOLT-2005'], note: 'x'.repeat(300 * 1024) } }) }), 413],
  ['a GET', () => ({ ...signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['BOLT-2005'] }), method: 'GET' }), 405],
])('%s gets its documented answer and nothing is queued', async (_name, makeRequest, status) => {
  const before = queuedEvents();

  const answer = await app.platform.callWebTrigger(TRIGGER, makeRequest());

  expect(answer.statusCode).toBe(status);
  expect(queuedEvents()).toBe(before);
});

test('a signature failure says nothing more than 401', async () => {
  const answer = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: otherSecret('quiet'), specIds: ['BOLT-2005'] }));

  expect(answer.statusCode).toBe(401);
  expect(JSON.parse(answer.body ?? '{}')).toEqual({ error: 'unauthorized' });
});

test('a replayed webhook-id is answered as a duplicate and not queued again', async () => {
  const notice = signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['BOLT-2006'], id: 'msg_replay_1' });
  const first = await app.platform.callWebTrigger(TRIGGER, notice);
  const afterFirst = queuedEvents();

  const replay = await app.platform.callWebTrigger(TRIGGER, notice);

  expect(first.statusCode).toBe(202);
  expect(replay.statusCode).toBe(200);
  expect(JSON.parse(replay.body ?? '{}')).toMatchObject({ duplicate: true });
  expect(queuedEvents()).toBe(afterFirst);
});

test('during rotation the previous secret still works and a rotated-out secret does not', async () => {
  const oldSecret = TEST_WEBHOOK_SECRET;
  const retired = otherSecret('retired');
  process.env.WEBHOOK_SECRET = otherSecret('new');
  process.env.WEBHOOK_SECRET_PREVIOUS = oldSecret;

  const withPrevious = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: oldSecret, specIds: ['NUT-2101'] }));
  const withRetired = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: retired, specIds: ['NUT-2101'] }));

  expect(withPrevious.statusCode).toBe(202);
  expect(withRetired.statusCode).toBe(401);
});

test('an engineering outage during the consumer is retried and converges after it ends', async () => {
  const localId = app.macroIds[1] as string;
  expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'PIN-3801', layout: 'card' } }));
  app.engineering.admin.updateSpec('PIN-3801', { revision: 'Q' });
  app.engineering.admin.setMode({ failAll: 503 });
  const retriedBefore = app.platform.counters.get('queue.retried');

  const answer = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['PIN-3801'] }));
  for (let i = 0; i < 100 && app.platform.counters.get('queue.retried') === retriedBefore; i += 1) await new Promise((r) => setTimeout(r, 20));
  const duringOutage = snapshotOf(localId)?.specs[0]?.record?.revision;
  app.engineering.admin.setMode({});
  await app.platform.queue.drain();

  expect(answer.statusCode).toBe(202);
  expect(app.platform.counters.get('queue.retried')).toBeGreaterThan(retriedBefore);
  expect(duringOutage).not.toBe('Q');
  expect(snapshotOf(localId)?.specs[0]?.record?.revision).toBe('Q');
});

/** The app's log lines (function logs) written while `work` runs. */
async function appLogsDuring(work: () => Promise<void>): Promise<ActivityEntry[]> {
  const lines: ActivityEntry[] = [];
  const stop = app.platform.activity.subscribe((entry) => {
    if (entry.source === 'app-log') lines.push(entry);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return lines;
}

test('webhook-ids that differ only in /, + or @ are distinct notices: each is queued for its own spec', async () => {
  const before = queuedEvents();
  const ids = ['evt_2mZ/1', 'evt_2mZ+1', 'evt_2mZ@1'];

  const answers = [];
  for (const [i, id] of ids.entries()) {
    answers.push(await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [`SPR-330${i + 1}`], id })));
  }

  expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202]);
  expect(queuedEvents() - before).toBe(3);
});

test('a signed notice with a 500-character webhook-id is refused with a permanent 400, not a 503 forever', async () => {
  const before = queuedEvents();

  const answer = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SPR-3304'], id: `msg_${'x'.repeat(496)}` }));

  expect(answer.statusCode).toBe(400);
  expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: 'invalid_webhook_id' });
  expect(queuedEvents()).toBe(before);
});

test('with a weak WEBHOOK_SECRET (3 bytes) the web trigger answers 503 not_configured, queues nothing, and logs the configuration problem', async () => {
  const weak = 'whsec_AAAA';
  process.env.WEBHOOK_SECRET = weak;
  const before = queuedEvents();

  let answer: Awaited<ReturnType<typeof app.platform.callWebTrigger>> | undefined;
  const logs = await appLogsDuring(async () => {
    answer = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: weak, specIds: ['SURF-3201'] }));
  });

  expect(answer?.statusCode).toBe(503);
  expect(JSON.parse(answer?.body ?? '{}')).toMatchObject({ error: 'not_configured' });
  expect(queuedEvents()).toBe(before);
  expect(logs.some((l) => l.message.startsWith('configuration problem') && /WEBHOOK_SECRET decodes to 3 bytes/.test(String(l.detail?.problem)))).toBe(true);
});

test('a notice the engineering system answers 401 (ENG_API_TOKEN rejected) is redelivered as a configuration problem, never logged as applied, and applied once the token is fixed', async () => {
  await app.platform.queue.drain(); // notices of earlier tests are applied before the token breaks
  const localId = app.macroIds[2] as string;
  expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'SHAFT-1051', layout: 'card' } }));
  app.engineering.admin.updateSpec('SHAFT-1051', { revision: 'T' });
  process.env.ENG_API_TOKEN = 'revoked-engineering-token';
  const retriedBefore = app.platform.counters.get('queue.retried');

  const duringOutage = await appLogsDuring(async () => {
    const answer = await app.platform.callWebTrigger(TRIGGER, signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1051'] }));
    expect(answer.statusCode).toBe(202);
    // Two refused deliveries: fewer than the breaker's threshold, so the fixed token is used at the next one.
    for (let i = 0; i < 200 && app.platform.counters.get('queue.retried') < retriedBefore + 2; i += 1) await new Promise((r) => setTimeout(r, 10));
  });
  const shownWhileRefused = snapshotOf(localId)?.specs[0]?.record?.revision;
  process.env.ENG_API_TOKEN = TEST_ENG_TOKEN;
  const afterFix = await appLogsDuring(() => app.platform.queue.drain());

  expect(app.platform.counters.get('queue.retried') - retriedBefore).toBeGreaterThanOrEqual(2);
  expect(duringOutage.filter((l) => l.message.startsWith('change applied')).map((l) => l.message)).toEqual([]);
  expect(duringOutage.some((l) => l.message.startsWith('configuration problem') && String(l.detail?.problem).includes('ENG_API_TOKEN'))).toBe(true);
  expect(shownWhileRefused).not.toBe('T');
  expect(afterFix.some((l) => l.message.startsWith('change applied'))).toBe(true);
  expect(snapshotOf(localId)?.specs[0]?.record?.revision).toBe('T');
});
