/**
 * The push path for a spec shown on many macros (src/pipeline/apply-change.ts): macro records read in KVS
 * batches, Confluence calls a bounded few at a time, and the macros split across queue events so no single
 * consumer invocation carries them all; a failed write redelivers only the slice it belongs to.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { MacroRecord, MacroRef, RefreshEvent } from '../../src/domain/ports';
import { applyChange, MACROS_PER_DELIVERY, REVISION_HINT_ATTEMPTS, type ChangeOutcome } from '../../src/pipeline/apply-change';
import { fetchAndStore } from '../../src/pipeline/fetch-specs';
import { createPipelineRig, MemorySnapshots, record, type PipelineRig } from '../support/pipeline-rig';

let rig: PipelineRig;

beforeAll(async () => {
  rig = await createPipelineRig();
});

beforeEach(() => {
  rig.snapshots.failWritesFor.clear();
  rig.snapshots.latencyMs = 0;
  rig.queue.failPushes = false;
});

afterAll(() => rig.close());

/** `count` macros showing `specId` at revision A, 10 to a page, known to the where-used index (as views leave them). */
async function placeMacros(specId: string, count: number): Promise<MacroRef[]> {
  rig.source.serve(record(specId, 'A'));
  const fetched = await fetchAndStore(rig.invocation(), [specId], new Map(), { consecutiveFailures: 0 });
  const entries = fetched.entries;
  const refs: MacroRef[] = Array.from({ length: count }, (_, i) => ({ pageId: `${specId.length}${String(Math.floor(i / 10)).padStart(4, '0')}`, localId: `${specId}-m${i}`, contentType: 'page' }));
  const records: MacroRecord[] = refs.map((ref) => ({ ref, settings: { specIds: [specId], layout: 'table', columns: ['id', 'revision'], ttlSeconds: 600 } }));
  await rig.store().writeMacros(records);
  for (const ref of refs) await rig.whereUsed.add([specId], ref);
  expect(entries.get(specId)?.record?.revision).toBe('A');
  return refs;
}

/** Runs the first delivery of `event`, then every queued event (follow-ups and redeliveries) until none is due. */
async function deliverAll(event: RefreshEvent): Promise<{ first: ChangeOutcome; invocations: number }> {
  await rig.time.advance(100);
  const delivered = rig.queue.delivered;
  const first = await applyChange(rig.invocation(), event, 0);
  for (let round = 0; round < 20 && rig.queue.pending.length > 0; round += 1) {
    await rig.queue.deliverDue((queued, attempt) => applyChange(rig.invocation(), queued, attempt));
    await rig.time.advance(15_000);
  }
  return { first, invocations: 1 + rig.queue.delivered - delivered };
}

const kvsCalls = () => rig.platform.counters.snapshot();

function callsSince(before: Record<string, number>): Record<string, number> {
  const now = kvsCalls();
  return Object.fromEntries(Object.entries(now).filter(([name, n]) => name.startsWith('kvs.') && n !== (before[name] ?? 0)).map(([name, n]) => [name, n - (before[name] ?? 0)]));
}

test('a spec on 500 macros: every snapshot reaches the new revision, Confluence calls run at most 6 at a time, macro records are read in batches, and the work is split across queue events', async () => {
  const refs = await placeMacros('FAN-1', 500);
  rig.source.serve(record('FAN-1', 'B'));
  await rig.time.advance(1_000);
  rig.snapshots.resetCounts();
  rig.snapshots.latencyMs = 2;
  const before = kvsCalls();
  const pushed = rig.queue.pushed;
  const startedAt = Date.now();
  const requests = rig.source.requests.length;

  const { first, invocations } = await deliverAll({ type: 'spec.updated', specIds: ['FAN-1'], receivedAt: rig.time.now() });
  const elapsedMs = Date.now() - startedAt;
  const kvs = callsSince(before);

  expect(first).toMatchObject({ kind: 'done', snapshotsWritten: MACROS_PER_DELIVERY, followUpEvents: 4 });
  expect(refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-1') !== 'B')).toEqual([]);
  expect(rig.queue.pushed - pushed).toBe(4);
  expect(rig.source.requests.length - requests).toBe(1);
  expect(invocations).toBe(5);
  // Atlassian asks for 5–10 concurrent product calls: 6 at once, never more.
  expect(rig.snapshots.maxInFlight).toBe(6);
  expect(rig.snapshots.calls).toEqual({ pageReads: 500, propertyReads: 500, propertyWrites: 500 });
  // Before: per macro a record get, an entries batch read and a record set (1500 calls for 500 macros). Now records
  // go 25 to a batch (the most KVS takes) and entries are read once per delivery.
  expect(kvs['kvs.get'] ?? 0).toBeLessThan(10);
  expect(kvs['kvs.set'] ?? 0).toBeLessThan(20);
  expect(kvs['kvs.batch/get']).toBeLessThanOrEqual(5 * (MACROS_PER_DELIVERY / 25 + 2));
  expect(Object.values(kvs).reduce((a, b) => a + b, 0)).toBeLessThan(100);
  console.info('500 macros', JSON.stringify({ invocations, kvs, confluence: rig.snapshots.calls, maxInFlight: rig.snapshots.maxInFlight, elapsedMs }));
});

test('a failed write in a follow-up slice redelivers only that slice, and only its failed macro is written again', async () => {
  const refs = await placeMacros('FAN-2', 250);
  rig.source.serve(record('FAN-2', 'B'));
  await rig.time.advance(1_000);
  const failing = refs[220] as MacroRef;
  rig.snapshots.failWritesFor.add(MemorySnapshots.key(failing));

  const first = await applyChange(rig.invocation(), { type: 'spec.updated', specIds: ['FAN-2'], receivedAt: rig.time.now() }, 0);
  const slices = await rig.queue.deliverDue((event, attempt) => applyChange(rig.invocation(), event, attempt));
  rig.snapshots.failWritesFor.clear();
  rig.snapshots.resetCounts();
  await rig.time.advance(15_000);
  const retried = await rig.queue.deliverDue((event, attempt) => applyChange(rig.invocation(), event, attempt));

  expect(first).toMatchObject({ kind: 'done', followUpEvents: 2 });
  expect(slices.map((o) => (o.kind === 'retry' ? o.reason : o.kind))).toEqual(['done', 'snapshot_write_failed']);
  expect(retried.map((o) => o.kind)).toEqual(['done']);
  expect(rig.snapshots.calls).toEqual({ pageReads: 1, propertyReads: 1, propertyWrites: 1 });
  expect(refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-2') !== 'B')).toEqual([]);
  expect(rig.queue.pending).toEqual([]);
});

test('a failed write in the first delivery of a split spec queues only the failed macro again, not the follow-ups', async () => {
  const refs = await placeMacros('FAN-3', 150);
  rig.source.serve(record('FAN-3', 'B'));
  await rig.time.advance(1_000);
  const failing = refs[7] as MacroRef;
  rig.snapshots.failWritesFor.add(MemorySnapshots.key(failing));
  const pushed = rig.queue.pushed;

  const first = await applyChange(rig.invocation(), { type: 'spec.updated', specIds: ['FAN-3'], receivedAt: rig.time.now() }, 0);
  rig.snapshots.failWritesFor.clear();
  const queued = rig.queue.pending.map((q) => q.event.macros?.length);
  await rig.queue.deliverDue((event, attempt) => applyChange(rig.invocation(), event, attempt));

  expect(first).toMatchObject({ kind: 'done', followUpEvents: 2 });
  expect(queued).toEqual([50, 1]);
  expect(rig.queue.pushed - pushed).toBe(2);
  expect(refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-3') !== 'B')).toEqual([]);
});

test('when the follow-up events cannot be queued the delivery is retried before any snapshot is written', async () => {
  const refs = await placeMacros('FAN-4', 120);
  rig.source.serve(record('FAN-4', 'B'));
  await rig.time.advance(1_000);
  const event: RefreshEvent = { type: 'spec.updated', specIds: ['FAN-4'], receivedAt: rig.time.now() };
  rig.queue.failPushes = true;

  const failed = await applyChange(rig.invocation(), event, 0);
  const writtenWhileFailing = refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-4') === 'B').length;
  rig.queue.failPushes = false;
  const { first: retried } = await deliverAll(event);

  expect(failed).toMatchObject({ kind: 'retry', reason: 'fan_out_failed' });
  expect(writtenWhileFailing).toBe(0);
  expect(retried).toMatchObject({ kind: 'done', followUpEvents: 1 });
  expect(refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-4') !== 'B')).toEqual([]);
});

test('a follow-up slice drops a macro whose record is gone and one no longer on its page, and publishes nothing itself', async () => {
  const refs = await placeMacros('FAN-5', 110);
  rig.source.serve(record('FAN-5', 'B'));
  await rig.time.advance(1_000);
  const noRecord = refs[104] as MacroRef;
  const offPage = refs[105] as MacroRef;
  await rig.store().deleteMacro(noRecord);
  rig.snapshots.removedFromPage.add(MemorySnapshots.key(offPage));
  const published = rig.live.published.length;

  const { first } = await deliverAll({ type: 'spec.updated', specIds: ['FAN-5'], receivedAt: rig.time.now() });
  const listed = (await rig.whereUsed.list('FAN-5')).map((ref) => MemorySnapshots.key(ref));

  expect(first).toMatchObject({ kind: 'done', followUpEvents: 1 });
  expect(listed).toHaveLength(108);
  expect(listed).not.toContain(MemorySnapshots.key(noRecord));
  expect(listed).not.toContain(MemorySnapshots.key(offPage));
  expect((await rig.store().readMacros([offPage]))[0]).toBeUndefined();
  expect(rig.live.published.length - published).toBe(1);
});

test('follow-up events carry no revision hints: a notice applied short of its hint is not held back again in every slice', async () => {
  const refs = await placeMacros('FAN-6', 150);
  rig.source.serve(record('FAN-6', 'B'));
  await rig.time.advance(1_000);
  const event: RefreshEvent = { type: 'spec.updated', specIds: ['FAN-6'], receivedAt: rig.time.now(), revisions: { 'FAN-6': 'C' } };
  await rig.time.advance(100);

  const last = await applyChange(rig.invocation(), event, REVISION_HINT_ATTEMPTS - 1);
  const slices = await rig.queue.deliverDue((queued, attempt) => applyChange(rig.invocation(), queued, attempt));

  expect(last).toMatchObject({ kind: 'done', followUpEvents: 1 });
  expect(slices.map((o) => o.kind)).toEqual(['done']);
  expect(refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-6') !== 'B')).toEqual([]);
});

test('near the Confluence points limit a delivery slows to the concurrency the points governor allows', async () => {
  const refs = await placeMacros('FAN-SLOW', 30);
  rig.source.serve(record('FAN-SLOW', 'B'));
  await rig.time.advance(1_000);
  rig.snapshots.resetCounts();
  rig.snapshots.latencyMs = 2;

  const outcome = await applyChange(rig.invocation({ confluenceConcurrency: async () => 2 }), { type: 'spec.updated', specIds: ['FAN-SLOW'], receivedAt: rig.time.now() }, 0);

  expect(outcome).toMatchObject({ kind: 'done', snapshotsWritten: 30 });
  expect(refs.filter((ref) => rig.snapshots.revisionShown(ref, 'FAN-SLOW') !== 'B')).toEqual([]);
  expect(rig.snapshots.maxInFlight).toBe(2);
});
