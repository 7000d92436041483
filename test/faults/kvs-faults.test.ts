import { expect, test } from 'vitest';
import { deliverNotice, behindSnapshots, idsOf, unclearView } from '../support/fault-kit';
import { expectOk } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';

const fixture = useAuditedApp({ seed: 11, layout: 'table' });
const placed = fixture.placed;

/** `count` ids under one prefix (created in the engineering system by the test that shows them). */
function bulkIds(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${prefix}-${4001 + i}`).join(', ');
}

// A view reads KVS in batches of at most 25 keys (never with a single `get`), so read faults go to `batch/get`:
// skip 0 fails the view's first read; with 24 specs (27 keys: specs, breaker, token, macro) the read goes out in
// two chunks and skip 1 fails the second chunk only, while the first succeeds.
test.each<[string, number, string, number, number, string]>([
  ['batch/get (the view read)', 429, 'batch/get', 0, 0, 'SHAFT-1042, BOLT-2001'],
  ['batch/get (the view read)', 500, 'batch/get', 0, 1, 'SHAFT-1043, BOLT-2002'],
  ['batch/get (the second chunk of a 27-key view read)', 429, 'batch/get', 1, 2, bulkIds('BULKA', 24)],
  ['batch/get (the second chunk of a 27-key view read)', 500, 'batch/get', 1, 3, bulkIds('BULKB', 24)],
  // A cold view writes the macro record with where-used in a transaction.
  ['transaction (the macro record)', 429, 'transaction', 0, 4, 'SHAFT-1060, BOLT-2005'],
  ['transaction (the macro record)', 500, 'transaction', 0, 5, 'BRG-3001, BOLT-2006'],
  ['set', 429, 'set', 0, 6, 'BRG-3002, NUT-2101'],
  ['set', 500, 'set', 0, 7, 'BRG-3003, FIT-3101'],
  // A cold view creates its records beside one batch delete of its fetch leases; when that delete fails, the records
  // are compared and written again with the leases' delete in a transaction.
  ['batch/delete (the fetch leases)', 429, 'batch/delete', 0, 8, 'BRG-3004, NUT-2102'],
  ['batch/delete (the fetch leases)', 500, 'batch/delete', 0, 9, 'BRG-3005, NUT-2103'],
])('KVS %s answering %i beyond the retry budget still gives a cold view every spec, and the next view is fresh', async (_name, status, operation, skip, index, specIds) => {
  const macro = placed(index, specIds);
  const template = fixture.app.engineering.admin.getSpec('SHAFT-1050');
  for (const id of idsOf(macro)) if (!fixture.app.engineering.admin.getSpec(id)) expect(fixture.app.engineering.admin.createSpec({ ...template, id, url: `https://plm.example.com/specs/${id}` }).ok).toBe(true);
  const faults = fixture.app.platform.faults;
  faults.add({ service: 'kvs', operation, status, times: 6, ...(skip > 0 ? { skip } : {}) });
  const injectedBefore = faults.injectedCount('kvs', operation);

  const during = await fixture.app.invoke('getSpecs', macro);
  const injected = faults.injectedCount('kvs', operation) - injectedBefore;
  faults.clear();
  const after = expectOk(await fixture.app.invoke('getSpecs', macro));

  // The fault reached the code under test: a rule aimed at a call the view never makes would pass vacuously.
  expect(injected).toBeGreaterThan(0);
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
