import { expect, test } from 'vitest';
import type { FaultRule } from '../../local/platform/faults';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import { behindSnapshots, deliverNotice, idsOf, storedSnapshot, unclearView } from '../support/fault-kit';
import { expectOk } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';
import { withConcurrentSnapshotWrite } from '../support/concurrent-writer';

const PUT = 'PUT /pages/{page-id}/properties/{property-id}';
const POST = 'POST /pages/{page-id}/properties';
const fixture = useAuditedApp({ seed: 12, layout: 'card' });
const placed = fixture.placed;

test.each<[string, number, string, Omit<FaultRule, 'service' | 'operation'>]>([
  ['409 version conflicts', 0, 'SPR-3301', { status: 409, times: 3 }],
  ['a 429 with Retry-After 1 s', 1, 'SPR-3302', { status: 429, retryAfterSeconds: 1, times: 1 }],
  ['429s with Retry-After 10 s', 2, 'SPR-3303', { status: 429, retryAfterSeconds: 10, times: 2 }],
  ['a 500', 3, 'SPR-3304', { status: 500, times: 1 }],
  ['500s with Retry-After 30 s', 4, 'MAT-3401', { status: 500, retryAfterSeconds: 30, times: 3 }],
  ['a 400 that is not a version conflict', 9, 'CONN-5101', { status: 400, times: 1 }],
])('%s on the snapshot write of the consumer end with the snapshot at the new revision', async (_name, index, specId, fault) => {
  const macro = placed(index, specId);
  expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.engineering.admin.updateSpec(specId, { revision: 'N7' });
  fixture.app.platform.faults.add({ service: 'confluence', operation: PUT, ...fault });

  const status = await deliverNotice(fixture.app, [specId], `msg_confluence_${index}`);
  await fixture.app.platform.queue.drain();

  expect(status).toBe(202);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
  expect(unclearView(await fixture.app.invoke('getSpecs', macro), [specId])).toEqual([]);
});

test.each<[string, number, string, string, Omit<FaultRule, 'service' | 'operation'>]>([
  ['creating', 5, 'MAT-3402', POST, { status: 500, retryAfterSeconds: 30 }],
  ['creating', 6, 'MAT-3403', POST, { status: 429, retryAfterSeconds: 60 }],
  ['updating', 7, 'MAT-3404', PUT, { status: 500, retryAfterSeconds: 30 }],
  ['updating', 8, 'HSG-3501', PUT, { status: 409 }],
])('a view whose snapshot fails %s still shows the spec, and the snapshot is written once Confluence answers again', async (what, index, specId, operation, fault) => {
  const macro = placed(index, specId);
  if (what === 'updating') {
    expectOk(await fixture.app.invoke('getSpecs', macro));
    fixture.app.engineering.admin.updateSpec(specId, { revision: 'P2' });
  }
  fixture.app.platform.faults.add({ service: 'confluence', operation, ...fault });

  const during = await fixture.app.invoke(what === 'updating' ? 'refresh' : 'getSpecs', macro);
  const notYet = storedSnapshot(fixture.app, macro.localId)?.specs[0]?.record?.revision;
  fixture.app.platform.faults.clear();
  await fixture.app.platform.queue.drain(); // the view queued the write; the consumer redelivers it
  const later = expectOk(await fixture.app.invoke('getSpecs', macro));

  expect(unclearView(during, idsOf(macro))).toEqual([]);
  expect(expectOk(during).specs[0]?.record?.revision).toBe(fixture.app.engineering.admin.getSpec(specId)?.revision);
  expect(notYet).not.toBe(fixture.app.engineering.admin.getSpec(specId)?.revision);
  expect(later.specs[0]?.state).toBe('fresh');
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});

test.each([
  { status: 409 as const, index: 10, specId: 'CONN-5102' },
  { status: 400 as const, index: 11, specId: 'CBL-5201' },
])('another user writing first makes the consumer\'s update stale (answered $status): it merges, retries and ends at the new revision', async ({ status, index, specId }) => {
  const macro = placed(index, specId);
  expectOk(await fixture.app.invoke('getSpecs', macro));
  await fixture.app.platform.queue.drain(); // the view's own snapshot write ('macro.remember') is not the delivery counted here
  fixture.app.engineering.admin.updateSpec(specId, { revision: 'N8' });
  fixture.app.platform.confluence.setStaleVersionStatus(status);
  const deliveries = () => fixture.app.platform.counters.get('invocations.refresh-consumer');
  const deliveriesBefore = deliveries();

  try {
    const answer = await withConcurrentSnapshotWrite(fixture.app, macro.localId, async () => {
      const delivered = await deliverNotice(fixture.app, [specId], `msg_stale_${status}`);
      await fixture.app.platform.queue.drain();
      return delivered;
    });
    expect(answer).toBe(202);
  } finally {
    fixture.app.platform.confluence.setStaleVersionStatus(409);
  }

  // Merged and retried within the one delivery, not left to a queue redelivery.
  expect(deliveries() - deliveriesBefore).toBe(1);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
  const property = fixture.app.platform.confluence.admin.getPropertyByKey(fixture.app.pageId, snapshotPropertyKey(macro.localId));
  expect(property?.version).toMatchObject({ number: 3, authorId: 'app-spec-bridge' });
  expect(unclearView(await fixture.app.invoke('getSpecs', macro), [specId])).toEqual([]);
});
