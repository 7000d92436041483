import { expect, test } from 'vitest';
import { deliverNotice, behindSnapshots, idsOf, unclearView } from '../support/fault-kit';
import { expectOk } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';

const fixture = useAuditedApp({ seed: 11, layout: 'table' });
const placed = fixture.placed;

test.each([
  ['batch/get', 429, 0, 'SHAFT-1042, BOLT-2001'],
  ['batch/get', 500, 1, 'SHAFT-1043, BOLT-2002'],
  ['get', 429, 2, 'SHAFT-1050, BOLT-2003'],
  ['get', 500, 3, 'SHAFT-1051, BOLT-2004'],
  ['batch/set', 429, 4, 'SHAFT-1060, BOLT-2005'],
  ['batch/set', 500, 5, 'BRG-3001, BOLT-2006'],
  ['set', 429, 6, 'BRG-3002, NUT-2101'],
  ['set', 500, 7, 'BRG-3003, FIT-3101'],
  ['delete', 429, 8, 'BRG-3004, FIT-3102'],
  ['delete', 500, 9, 'SURF-3201, SURF-3202'],
])('KVS %s answering %i beyond the retry budget still gives a cold view every spec, and the next view is fresh', async (operation, status, index, specIds) => {
  const macro = placed(index, specIds);
  fixture.app.platform.faults.add({ service: 'kvs', operation, status, times: 6 });

  const during = await fixture.app.invoke('getSpecs', macro);
  fixture.app.platform.faults.clear();
  const after = expectOk(await fixture.app.invoke('getSpecs', macro));

  expect(unclearView(during, idsOf(macro))).toEqual([]);
  expect(after.specs.map((s) => [s.id, s.state, s.record?.revision])).toEqual(
    idsOf(macro).map((id) => [id, 'fresh', fixture.app.engineering.admin.getSpec(id)?.revision]),
  );
});

test('a consumer whose cache writes fail is redelivered and the snapshot reaches the new revision', async () => {
  const macro = placed(10, 'SURF-3203');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.engineering.admin.updateSpec('SURF-3203', { revision: 'K' });
  fixture.app.platform.faults.add({ service: 'kvs', operation: 'batch/set', status: 500, times: 3 });
  const retriedBefore = fixture.app.platform.counters.get('queue.retried');

  const status = await deliverNotice(fixture.app, ['SURF-3203'], 'msg_kvs_consumer_1');
  await fixture.app.platform.queue.drain();

  expect(status).toBe(202);
  expect(fixture.app.platform.counters.get('queue.retried')).toBeGreaterThan(retriedBefore);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});

test('with a seeded mix of KVS 429s and 500s on every operation, every view is clear and every acknowledged notice lands', async () => {
  const macros = [placed(11, 'SPR-3301, SPR-3302, SPR-3303'), placed(0, 'SHAFT-1042, BOLT-2001'), placed(1, 'SHAFT-1043, BOLT-2002')];
  for (const macro of macros) expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.platform.faults.add({ service: 'kvs', rate: 0.15, status: 429 });
  fixture.app.platform.faults.add({ service: 'kvs', rate: 0.15, status: 500 });
  const unclear: string[] = [];
  const statuses: number[] = [];

  for (let round = 0; round < 8; round += 1) {
    const specId = ['SPR-3301', 'SPR-3302', 'SPR-3303', 'BOLT-2001', 'SHAFT-1043'][round % 5] as string;
    fixture.app.engineering.admin.updateSpec(specId, { revision: `M${round + 10}` });
    statuses.push(await deliverNotice(fixture.app, [specId], `msg_kvs_mix_${round}`));
    for (const macro of macros) unclear.push(...unclearView(await fixture.app.invoke('getSpecs', macro), idsOf(macro)));
  }
  fixture.app.platform.faults.clear();
  await fixture.app.platform.queue.drain();

  expect(unclear).toEqual([]);
  expect(statuses.every((s) => s === 202)).toBe(true);
  expect(behindSnapshots(fixture.app, macros)).toEqual([]);
});
