import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { signedNotice } from '../support/notices';
import { behindSnapshots, deliverNotice, eventually, expireBreaker, unclearView, type PlacedMacro } from '../support/fault-kit';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';
import { recordWrites, regressions } from '../../local/bench/write-audit';

const TRIGGER = 'spec-change-notice';
let app: TestApp;

beforeAll(async () => {
  app = await startApp({ seed: 15 });
  recordWrites(app.platform.db);
});

afterEach(() => {
  app.platform.faults.clear();
  app.engineering.admin.setMode({});
  expect(regressions(app.platform.db)).toEqual([]);
});

afterAll(async () => {
  await app.close();
});

function placed(index: number, specIds: string): PlacedMacro {
  return { localId: app.macroIds[index] as string, config: { specIds, layout: 'card' } };
}

test('the same notice sent twice at once is queued exactly once and applied', async () => {
  const macro = placed(0, 'PIN-3801');
  expectOk(await app.invoke('getSpecs', macro));
  app.engineering.admin.updateSpec('PIN-3801', { revision: 'J' });
  app.platform.faults.add({ service: 'kvs', operation: 'set', latencyMs: 30 });
  const notice = signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['PIN-3801'], id: 'msg_twice_at_once' });
  const queuedBefore = app.platform.counters.get('queue.events');

  const answers = await Promise.all([app.platform.callWebTrigger(TRIGGER, notice), app.platform.callWebTrigger(TRIGGER, notice)]);
  const senderRetry = await app.platform.callWebTrigger(TRIGGER, notice);
  await app.platform.queue.drain();

  // The loser is not acknowledged while the winner is still queueing (503 + Retry-After); its retry is a duplicate.
  expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 503]);
  expect(senderRetry.statusCode).toBe(200);
  expect(app.platform.counters.get('queue.events') - queuedBefore).toBe(1);
  expect(behindSnapshots(app, [macro])).toEqual([]);
});

test('a notice during an engineering outage is acknowledged, retried while readers keep their data, and converges after it', async () => {
  const macro = placed(1, 'KEY-3802, S-100');
  expectOk(await app.invoke('getSpecs', macro));
  app.engineering.admin.updateSpec('KEY-3802', { revision: 'W' });
  app.engineering.admin.setMode({ failAll: 503 });
  const retriedBefore = app.platform.counters.get('queue.retried');

  const status = await deliverNotice(app, ['KEY-3802'], 'msg_outage_1');
  const retried = await eventually(() => (app.platform.counters.get('queue.retried') - retriedBefore >= 3 ? [] : ['fewer than 3 redeliveries']));
  const duringOutage = await app.invoke('getSpecs', macro);
  const refreshDuringOutage = await app.invoke('refresh', macro);
  app.engineering.admin.setMode({});
  expireBreaker(app);
  await app.platform.queue.drain();

  expect(status).toBe(202);
  expect(retried).toEqual([]);
  expect(unclearView(duringOutage, ['KEY-3802', 'S-100'])).toEqual([]);
  expect(unclearView(refreshDuringOutage, ['KEY-3802', 'S-100'])).toEqual([]);
  expect(expectOk(refreshDuringOutage).specs.every((s) => s.record !== undefined)).toBe(true);
  expect(behindSnapshots(app, [macro])).toEqual([]);
  expect(app.platform.counters.get('queue.dropped')).toBe(0);
});

test.each([
  ['the delivery-id claim (KVS set) fails', { service: 'kvs' as const, operation: 'set', status: 500, times: 3 }, 2],
  ['the queue push fails', { service: 'queue' as const, operation: 'push', status: 500, times: 1 }, 3],
])('when %s the notice is refused with 503 and the resent notice is applied', async (_name, fault, index) => {
  const macro = placed(index, `CONN-510${index}`);
  expectOk(await app.invoke('getSpecs', macro));
  app.engineering.admin.updateSpec(`CONN-510${index}`, { revision: 'U2' });
  app.platform.faults.add(fault);
  const notice = signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [`CONN-510${index}`], id: `msg_refused_${index}` });

  const refused = await app.platform.callWebTrigger(TRIGGER, notice);
  const resent = await app.platform.callWebTrigger(TRIGGER, notice);
  await app.platform.queue.drain();

  expect(refused.statusCode).toBe(503);
  expect(refused.headers?.['Retry-After']).toEqual(['30']);
  expect(resent.statusCode).toBe(202);
  expect(behindSnapshots(app, [macro])).toEqual([]);
});
