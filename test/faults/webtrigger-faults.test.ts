import { expect, test } from 'vitest';
import { signedNotice } from '../support/notices';
import { behindSnapshots, deliverNotice, eventually, expireBreaker, unclearView } from '../support/fault-kit';
import { expectOk, TEST_WEBHOOK_SECRET } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';

const TRIGGER = 'spec-change-notice';
const fixture = useAuditedApp({ seed: 15, layout: 'card' });
const placed = fixture.placed;

test('the same notice sent twice at once is queued exactly once and applied', async () => {
  const macro = placed(0, 'PIN-3801');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.engineering.admin.updateSpec('PIN-3801', { revision: 'J' });
  fixture.app.platform.faults.add({ service: 'kvs', operation: 'set', latencyMs: 30 });
  const notice = signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['PIN-3801'], id: 'msg_twice_at_once' });
  const queuedBefore = fixture.app.platform.counters.get('queue.events');

  const answers = await Promise.all([fixture.app.platform.callWebTrigger(TRIGGER, notice), fixture.app.platform.callWebTrigger(TRIGGER, notice)]);
  const senderRetry = await fixture.app.platform.callWebTrigger(TRIGGER, notice);
  await fixture.app.platform.queue.drain();

  // The loser is not acknowledged while the winner is still queueing (503 + Retry-After); its retry is a duplicate.
  expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 503]);
  expect(senderRetry.statusCode).toBe(200);
  expect(fixture.app.platform.counters.get('queue.events') - queuedBefore).toBe(1);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});

test('a notice during an engineering outage is acknowledged, retried while readers keep their data, and converges after it', async () => {
  const macro = placed(1, 'KEY-3802, S-100');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.engineering.admin.updateSpec('KEY-3802', { revision: 'W' });
  fixture.app.engineering.admin.setMode({ failAll: 503 });
  const retriedBefore = fixture.app.platform.counters.get('queue.retried');

  const status = await deliverNotice(fixture.app, ['KEY-3802'], 'msg_outage_1');
  const retried = await eventually(() => (fixture.app.platform.counters.get('queue.retried') - retriedBefore >= 3 ? [] : ['fewer than 3 redeliveries']));
  const duringOutage = await fixture.app.invoke('getSpecs', macro);
  const refreshDuringOutage = await fixture.app.invoke('refresh', macro);
  fixture.app.engineering.admin.setMode({});
  expireBreaker(fixture.app);
  await fixture.app.platform.queue.drain();

  expect(status).toBe(202);
  expect(retried).toEqual([]);
  expect(unclearView(duringOutage, ['KEY-3802', 'S-100'])).toEqual([]);
  expect(unclearView(refreshDuringOutage, ['KEY-3802', 'S-100'])).toEqual([]);
  expect(expectOk(refreshDuringOutage).specs.every((s) => s.record !== undefined)).toBe(true);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
  expect(fixture.app.platform.counters.get('queue.dropped')).toBe(0);
});

test.each([
  ['the delivery-id claim (KVS set) fails', { service: 'kvs' as const, operation: 'set', status: 500, times: 3 }, 2],
  ['the queue push fails', { service: 'queue' as const, operation: 'push', status: 500, times: 1 }, 3],
])('when %s the notice is refused with 503 and the resent notice is applied', async (_name, fault, index) => {
  const macro = placed(index, `CONN-510${index}`);
  expectOk(await fixture.app.invoke('getSpecs', macro));
  await fixture.app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  fixture.app.engineering.admin.updateSpec(`CONN-510${index}`, { revision: 'U2' });
  fixture.app.platform.faults.add(fault);
  const notice = signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [`CONN-510${index}`], id: `msg_refused_${index}` });

  const refused = await fixture.app.platform.callWebTrigger(TRIGGER, notice);
  const resent = await fixture.app.platform.callWebTrigger(TRIGGER, notice);
  await fixture.app.platform.queue.drain();

  expect(refused.statusCode).toBe(503);
  expect(refused.headers?.['Retry-After']).toEqual(['30']);
  expect(resent.statusCode).toBe(202);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});
