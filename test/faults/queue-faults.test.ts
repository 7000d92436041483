import { expect, test } from 'vitest';
import type { FaultRule } from '../../local/platform/faults';
import { behindSnapshots, deliverNotice, unclearView, type PlacedMacro } from '../support/fault-kit';
import { expectOk } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';
import { snapshotWrites } from '../../local/bench/write-audit';

const fixture = useAuditedApp({ seed: 14, queue: { concurrency: 4 }, layout: 'table' });
const placed = fixture.placed;

async function viewAll(macros: PlacedMacro[]): Promise<string[]> {
  const unclear: string[] = [];
  for (const macro of macros) unclear.push(...unclearView(await fixture.app.invoke('getSpecs', macro), macro.config.specIds.split(', ')));
  await fixture.app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  return unclear;
}

/** Five revisions of each spec, each followed by its notice, all sent before any is consumed. */
async function burstOfChanges(specIds: string[], tag: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let step = 1; step <= 5; step += 1) {
    for (const specId of specIds) {
      fixture.app.engineering.admin.updateSpec(specId, { revision: `${tag}${step}` });
      statuses.push(await deliverNotice(fixture.app, [specId], `msg_${tag}_${specId}_${step}`));
    }
  }
  return statuses;
}

test('with every delivery duplicated, a burst of changes leaves every snapshot at the newest revision', async () => {
  const macros = [placed(0, 'BRG-3001, BRG-3002'), placed(1, 'BRG-3002, BRG-3003')];
  await viewAll(macros);
  fixture.app.platform.faults.add({ service: 'queue', operation: 'deliver', duplicate: true });
  const before = fixture.app.platform.counters.get('queue.duplicated');

  const statuses = await burstOfChanges(['BRG-3001', 'BRG-3002', 'BRG-3003'], 'D');
  await fixture.app.platform.queue.drain();

  expect(statuses.every((s) => s === 202)).toBe(true);
  expect(fixture.app.platform.counters.get('queue.duplicated')).toBeGreaterThan(before);
  expect(behindSnapshots(fixture.app, macros)).toEqual([]);
  expect(await viewAll(macros)).toEqual([]);
});

/** Pairs of deliveries started in the opposite order to their pushes. */
function inversions(pushOrder: number[]): number {
  let count = 0;
  for (let i = 0; i < pushOrder.length; i += 1) for (let j = i + 1; j < pushOrder.length; j += 1) if ((pushOrder[i] ?? 0) > (pushOrder[j] ?? 0)) count += 1;
  return count;
}

test('with deliveries reordered by up to 100 ms, notices are consumed out of push order and every snapshot still ends at the newest revision', async () => {
  const macros = [placed(0, 'BRG-3001, BRG-3002'), placed(1, 'BRG-3002, BRG-3003')];
  const specIds = ['BRG-3001', 'BRG-3002', 'BRG-3003'];
  await viewAll(macros);
  const queue = fixture.app.platform.queue;
  const logged = queue.deliveries().length;
  fixture.app.platform.faults.add({ service: 'queue', operation: 'deliver', reorderMs: 100_000 });

  const statuses = await burstOfChanges(specIds, 'R');
  await queue.drain();
  // First deliveries only: a redelivery (a consumer asking to be retried) comes late whatever the queue does.
  const burst = queue.deliveries().slice(logged).filter((d) => d.attempt === 0 && String(d.body.noticeId).startsWith('msg_R_'));
  const pushOrder = burst.map((d) => d.pushSeq);

  expect(statuses.every((s) => s === 202)).toBe(true);
  expect(burst).toHaveLength(15);
  expect(inversions(pushOrder), `deliveries started in push order ${pushOrder.join(', ')}`).toBeGreaterThan(0);
  expect(behindSnapshots(fixture.app, macros)).toEqual([]);
  expect(await viewAll(macros)).toEqual([]);
  const shown = await Promise.all(macros.map(async (macro) => expectOk(await fixture.app.invoke('getSpecs', macro)).specs.map((s) => [s.id, s.record?.revision])));
  expect(shown.flat()).toEqual([['BRG-3001', 'R5'], ['BRG-3002', 'R5'], ['BRG-3002', 'R5'], ['BRG-3003', 'R5']]);
});

test.each<[string, number, string, string, FaultRule]>([
  ['a Confluence 500 on the second snapshot write', 2, 'FIT-3101', 'FIT-3102', { service: 'confluence', operation: 'PUT /pages/{page-id}/properties/{property-id}', skip: 1, status: 500, retryAfterSeconds: 30, times: 1 }],
  // The consumer writes the spec's cache entry (one batch set), then the snapshots, then the macro records (one batch set).
  ['a KVS error thrown while recording the macros after their snapshots', 5, 'MAT-3401', 'MAT-3402', { service: 'kvs', operation: 'batch/set', skip: 1, status: 500, times: 3 }],
])('a consumer that stops half-way through its macros (%s) is redelivered and finishes the rest', async (_name, first, changed, other, fault) => {
  const macros = [placed(first, changed), placed(first + 1, `${changed}, ${other}`), placed(first + 2, changed)];
  await viewAll(macros);
  fixture.app.engineering.admin.updateSpec(changed, { revision: `H${first}` });
  fixture.app.platform.faults.add(fault);
  const retriedBefore = fixture.app.platform.counters.get('queue.retried');
  const writesBefore = snapshotWrites(fixture.app.platform.db);

  const status = await deliverNotice(fixture.app, [changed], `msg_halfway_${first}`);
  await fixture.app.platform.queue.drain();

  expect(status).toBe(202);
  expect(fixture.app.platform.counters.get('queue.retried')).toBeGreaterThan(retriedBefore);
  expect(behindSnapshots(fixture.app, macros)).toEqual([]);
  expect(snapshotWrites(fixture.app.platform.db) - writesBefore).toBe(3);
  expect(await viewAll(macros)).toEqual([]);
});

test('a delivery that keeps failing is retried until it succeeds, not dropped', async () => {
  const macro = placed(8, 'SURF-3201');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  await fixture.app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  fixture.app.engineering.admin.updateSpec('SURF-3201', { revision: 'T4' });
  fixture.app.platform.faults.add({ service: 'confluence', operation: 'PUT /pages/{page-id}/properties/{property-id}', status: 503, retryAfterSeconds: 30, times: 6 });
  const retriedBefore = fixture.app.platform.counters.get('queue.retried');

  const status = await deliverNotice(fixture.app, ['SURF-3201'], 'msg_persistent_1');
  await fixture.app.platform.queue.drain();

  expect(status).toBe(202);
  expect(fixture.app.platform.counters.get('queue.retried') - retriedBefore).toBeGreaterThanOrEqual(6);
  expect(fixture.app.platform.counters.get('queue.dropped')).toBe(0);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});
