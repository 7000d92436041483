/**
 * The push path's work for one queued notice (src/pipeline/apply-change.ts) with real KVS leases on
 * virtual time: what it re-reads, when it waits for another invocation's fetch, when it asks to be
 * redelivered, and what it writes and publishes.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { RefreshEvent } from '../../src/domain/ports';
import { applyChange, MAX_IN_FLIGHT_DEFERRALS, MAX_RETRY_AFTER_SECONDS, REVISION_HINT_ATTEMPTS, type ChangeOutcome } from '../../src/pipeline/apply-change';
import { fetchAndStore } from '../../src/pipeline/fetch-specs';
import { loadView } from '../../src/pipeline/load-view';
import { rememberLater } from '../../src/pipeline/remember-later';
import type { MacroSettings } from '../../src/shared/resolver-contract';
import { createPipelineRig, MemorySnapshots, record, type PipelineRig } from '../support/pipeline-rig';
import { until } from '../support/virtual-time';

let rig: PipelineRig;

beforeAll(async () => {
  rig = await createPipelineRig();
});

beforeEach(async () => {
  rig.source.failure = undefined;
  rig.snapshots.failWrites = false;
  rig.time.mode = 'auto';
  await rig.store().resetBreaker();
});

afterAll(() => rig.close());

/** A macro on page 200 showing `specIds`, viewed once (and its snapshot written by the consumer) so the app knows where it is used. */
async function placeMacro(localId: string, ...specIds: string[]) {
  const ref = { pageId: '200', localId };
  const settings: MacroSettings = { specIds, layout: 'table', columns: ['id', 'title', 'revision'], ttlSeconds: 600 };
  await loadView(rig.invocation(), { ref, settings, configProblems: [] });
  await rig.queue.deliverRemembered((event) => rememberLater(rig.invocation(), event.ref));
  return ref;
}

/** A notice the web trigger accepted now. */
function notice(type: RefreshEvent['type'], specIds: string[], extra: Partial<RefreshEvent> = {}): RefreshEvent {
  return { type, specIds, receivedAt: rig.time.now(), ...extra };
}

const requestsFor = (id: string) => rig.source.requests.filter((ids) => ids.includes(id)).length;

test('a change re-reads the spec, updates every snapshot that shows it, and tells open pages', async () => {
  rig.source.serve(record('PUSH-1', 'A'), record('PUSH-2', 'A'));
  const one = await placeMacro('m-1', 'PUSH-1');
  const both = await placeMacro('m-2', 'PUSH-1', 'PUSH-2');
  rig.source.serve(record('PUSH-1', 'B'));
  await rig.time.advance(1_000);

  const outcome = await applyChange(rig.invocation(), notice('spec.updated', ['PUSH-1']));

  expect(outcome).toMatchObject({ kind: 'done', fetchedSpecs: 1, snapshotsWritten: 2 });
  expect([rig.snapshots.revisionShown(one, 'PUSH-1'), rig.snapshots.revisionShown(both, 'PUSH-1')]).toEqual(['B', 'B']);
  expect(rig.live.published.at(-1)).toEqual(['PUSH-1']);
});

test('a notice accepted before the spec was last fetched is not fetched again', async () => {
  rig.source.serve(record('PUSH-3', 'A'));
  const accepted = notice('spec.updated', ['PUSH-3']);
  await rig.time.advance(1_000);
  await placeMacro('m-3', 'PUSH-3');
  const before = requestsFor('PUSH-3');

  const outcome = await applyChange(rig.invocation(), accepted);

  expect(outcome).toMatchObject({ kind: 'done', fetchedSpecs: 0 });
  expect(requestsFor('PUSH-3') - before).toBe(0);
});

test(`a notice naming a revision the engineering system does not serve yet is redelivered, and after ${REVISION_HINT_ATTEMPTS} deliveries applied with what it serves`, async () => {
  rig.source.serve(record('PUSH-4', 'A'));
  const ref = await placeMacro('m-4', 'PUSH-4');
  const event = notice('spec.updated', ['PUSH-4'], { revisions: { 'PUSH-4': 'B' } });
  const outcomes = [];

  for (let attempt = 0; attempt < REVISION_HINT_ATTEMPTS; attempt += 1) {
    outcomes.push(await applyChange(rig.invocation(), event, attempt));
    await rig.time.advance(5_000);
  }

  expect(outcomes.map((o) => (o.kind === 'retry' ? o.reason : o.kind))).toEqual([
    ...Array.from({ length: REVISION_HINT_ATTEMPTS - 1 }, () => 'revision_not_reached'),
    'done',
  ]);
  expect(requestsFor('PUSH-4')).toBe(1 + REVISION_HINT_ATTEMPTS);
  expect(rig.snapshots.revisionShown(ref, 'PUSH-4')).toBe('A');
  expect(rig.logs.some((l) => l.level === 'warn' && /still serves another revision/.test(l.message))).toBe(true);
});

test('a notice naming a revision the replica has caught up with by the second delivery is applied then', async () => {
  rig.source.serve(record('PUSH-5', 'A'));
  const ref = await placeMacro('m-5', 'PUSH-5');
  const event = notice('spec.updated', ['PUSH-5'], { revisions: { 'PUSH-5': 'B' } });

  const first = await applyChange(rig.invocation(), event, 0);
  rig.source.serve(record('PUSH-5', 'B'));
  await rig.time.advance(5_000);
  const second = await applyChange(rig.invocation(), event, 1);

  expect([first.kind, second.kind]).toEqual(['retry', 'done']);
  expect(rig.snapshots.revisionShown(ref, 'PUSH-5')).toBe('B');
});

test('a delete notice for a spec the engineering system still serves leaves it live', async () => {
  rig.source.serve(record('DEL-1', 'A'));
  const ref = await placeMacro('m-6', 'DEL-1');
  rig.source.serve(record('DEL-1', 'B'));
  await rig.time.advance(1_000);

  expect((await applyChange(rig.invocation(), notice('spec.deleted', ['DEL-1']))).kind).toBe('done');

  expect(await rig.entry('DEL-1')).toMatchObject({ record: { revision: 'B' } });
  expect((await rig.entry('DEL-1'))?.withdrawn).toBeUndefined();
  expect(rig.snapshots.stored.get(MemorySnapshots.key(ref))?.specs[0]).toMatchObject({ record: { revision: 'B' } });
});

test('a delete notice for a spec the engineering system no longer has withdraws it and keeps its last record', async () => {
  rig.source.serve(record('DEL-2', 'A'));
  const ref = await placeMacro('m-7', 'DEL-2');
  rig.source.current.delete('DEL-2');
  await rig.time.advance(1_000);

  await applyChange(rig.invocation(), notice('spec.deleted', ['DEL-2']));

  expect(await rig.entry('DEL-2')).toMatchObject({ withdrawn: true, record: { revision: 'A' } });
  expect(rig.snapshots.stored.get(MemorySnapshots.key(ref))?.specs[0]).toMatchObject({ withdrawn: true, problem: { code: 'withdrawn' } });
});

test('an update notice for a spec the engineering system no longer has does not withdraw it', async () => {
  rig.source.serve(record('DEL-3', 'A'));
  await placeMacro('m-8', 'DEL-3');
  rig.source.current.delete('DEL-3');
  await rig.time.advance(1_000);

  await applyChange(rig.invocation(), notice('spec.updated', ['DEL-3']));

  expect((await rig.entry('DEL-3'))?.withdrawn).toBeUndefined();
});

test('a fetch another invocation began after the notice arrived is awaited, not repeated', async () => {
  rig.source.serve(record('WAIT-1', 'A'));
  const ref = await placeMacro('m-9', 'WAIT-1');
  rig.source.serve(record('WAIT-1', 'B'));
  const event = notice('spec.updated', ['WAIT-1']);
  await rig.time.advance(1_000);
  rig.time.mode = 'manual';
  const other = rig.invocation();
  expect(await other.store.tryLease('fetch:WAIT-1', 60)).toBe(true);
  rig.source.hold();
  const running = fetchAndStore(other, ['WAIT-1'], new Map(), { consecutiveFailures: 0 });
  const before = requestsFor('WAIT-1');

  const applying = applyChange(rig.invocation(), event, 0);
  await until(() => rig.time.pendingSleeps() === 1, 'the notice waits for the other fetch');
  rig.source.releaseHeld();
  await running;
  await other.store.releaseLease('fetch:WAIT-1');
  await rig.time.advance(rig.policy.followerPollMs);
  const outcome = await applying;

  expect(outcome).toMatchObject({ kind: 'done', fetchedSpecs: 0 });
  expect(requestsFor('WAIT-1') - before).toBe(0);
  expect(rig.snapshots.revisionShown(ref, 'WAIT-1')).toBe('B');
});

test(`a fetch in flight since before the notice makes the delivery retry, and delivery ${MAX_IN_FLIGHT_DEFERRALS + 1} fetches anyway`, async () => {
  rig.source.serve(record('WAIT-2', 'A'));
  const ref = await placeMacro('m-10', 'WAIT-2');
  // A holder that began before the notice and never finished (its invocation died; the lease lasts 150 s).
  expect(await rig.invocation().store.tryLease('fetch:WAIT-2', 150)).toBe(true);
  await rig.time.advance(1_000);
  rig.source.serve(record('WAIT-2', 'B'));
  const event = notice('spec.updated', ['WAIT-2']);
  const kinds: string[] = [];

  for (let attempt = 0; attempt <= MAX_IN_FLIGHT_DEFERRALS; attempt += 1) {
    const outcome = await applyChange(rig.invocation(), event, attempt);
    kinds.push(outcome.kind === 'retry' ? outcome.reason : outcome.kind);
    await rig.time.advance(2_000);
  }

  expect(kinds).toEqual([...Array.from({ length: MAX_IN_FLIGHT_DEFERRALS }, () => 'fetch_in_flight'), 'done']);
  expect(rig.snapshots.revisionShown(ref, 'WAIT-2')).toBe('B');
});

test('a snapshot that cannot be written makes the delivery retry; open pages are told at once (the cache has the change) and again once it is written', async () => {
  rig.source.serve(record('SNAP-1', 'A'));
  const ref = await placeMacro('m-11', 'SNAP-1');
  rig.source.serve(record('SNAP-1', 'B'));
  await rig.time.advance(1_000);
  const event = notice('spec.updated', ['SNAP-1']);
  const published = rig.live.published.length;
  rig.snapshots.failWrites = true;

  const failed = await applyChange(rig.invocation(), event, 0);
  rig.snapshots.failWrites = false;
  const retried = await applyChange(rig.invocation(), event, 1);

  expect(failed).toMatchObject({ kind: 'retry', reason: 'snapshot_write_failed' });
  expect(retried.kind).toBe('done');
  expect(rig.live.published.slice(published)).toEqual([['SNAP-1'], ['SNAP-1']]);
  expect(rig.snapshots.revisionShown(ref, 'SNAP-1')).toBe('B');
});

test('a change whose realtime publish is refused is redelivered within 3 s to publish again, without fetching again, and after 5 deliveries left to the TTL', async () => {
  rig.source.serve(record('TELL-1', 'A'));
  await placeMacro('m-tell', 'TELL-1');
  rig.source.serve(record('TELL-1', 'B'));
  await rig.time.advance(1_000);
  const event = notice('spec.updated', ['TELL-1']);
  await rig.time.advance(1_000);
  const published = rig.live.published.length;
  rig.live.refuseNext = 1;

  const refused = await applyChange(rig.invocation(), event, 0);
  const again = await applyChange(rig.invocation(), event, 1);

  expect(refused).toMatchObject({ kind: 'retry', reason: 'publish_failed' });
  expect(refused.kind === 'retry' && refused.retryAfterSeconds).toBeLessThanOrEqual(3);
  expect(again).toMatchObject({ kind: 'done', fetchedSpecs: 0 });
  expect(rig.live.published.slice(published)).toEqual([['TELL-1']]);
  expect(requestsFor('TELL-1')).toBe(2);

  rig.live.refuseNext = 1;
  expect(await applyChange(rig.invocation(), event, 4)).toMatchObject({ kind: 'done' });
});

test('a snapshot write Confluence said to put off (points) is redelivered when it said, at most 900 s later', async () => {
  rig.source.serve(record('DEFER-1', 'A'));
  const ref = await placeMacro('m-defer', 'DEFER-1');
  rig.source.serve(record('DEFER-1', 'B'));
  await rig.time.advance(1_000);
  rig.snapshots.failWithRetryAfterSeconds = 1_700;

  const outcome = await applyChange(rig.invocation(), notice('spec.updated', ['DEFER-1']), 0);
  rig.snapshots.failWithRetryAfterSeconds = undefined;

  expect(outcome).toEqual({ kind: 'retry', reason: 'snapshot_write_failed', retryAfterSeconds: MAX_RETRY_AFTER_SECONDS });
  expect(rig.snapshots.revisionShown(ref, 'DEFER-1')).toBe('A');
});

test('a macro no longer on its page is dropped from the where-used index and its snapshot is not written', async () => {
  rig.source.serve(record('GONE-1', 'A'));
  const ref = await placeMacro('m-12', 'GONE-1');
  rig.snapshots.removedFromPage.add(MemorySnapshots.key(ref));
  rig.source.serve(record('GONE-1', 'B'));
  await rig.time.advance(1_000);

  const outcome = await applyChange(rig.invocation(), notice('spec.updated', ['GONE-1']));

  expect(outcome).toMatchObject({ kind: 'done', snapshotsWritten: 0, macrosDropped: 1 });
  expect(await rig.whereUsed.list('GONE-1')).toEqual([]);
  expect(rig.snapshots.revisionShown(ref, 'GONE-1')).toBe('A');
});

test('with the engineering system rate limiting, the delivery retries after its Retry-After, and while the breaker is open after the time it has left', async () => {
  rig.source.serve(record('RATE-1', 'A'));
  await placeMacro('m-13', 'RATE-1');
  await rig.time.advance(1_000);
  rig.source.failure = { kind: 'rate_limited', message: 'HTTP 429', retryAfterSeconds: 120 };

  const limited = await applyChange(rig.invocation(), notice('spec.updated', ['RATE-1']));
  const whileOpen = await applyChange(rig.invocation(), notice('spec.updated', ['RATE-1']));

  expect(limited).toEqual({ kind: 'retry', retryAfterSeconds: 120, reason: 'rate_limited' });
  expect(whileOpen).toEqual({ kind: 'retry', retryAfterSeconds: 120, reason: 'unavailable' });
});

test('a revalidation that meets an outage is abandoned instead of redelivered; a notice in the same outage is redelivered', async () => {
  rig.source.serve(record('REVAL-1', 'A'));
  await placeMacro('m-14', 'REVAL-1');
  await rig.time.advance(1_000);
  rig.source.failure = { kind: 'unavailable', message: 'HTTP 503' };

  const revalidation = await applyChange(rig.invocation(), notice('spec.revalidate', ['REVAL-1']));
  const reported = await applyChange(rig.invocation(), notice('spec.updated', ['REVAL-1']));

  expect(revalidation).toEqual({ kind: 'abandoned', reason: 'unavailable' });
  expect(reported).toMatchObject({ kind: 'retry', reason: 'unavailable' });
});

/** The configuration problem a log line names, if any. */
const problemLogged = (line: { detail?: Record<string, unknown> }): string => (typeof line.detail?.problem === 'string' ? line.detail.problem : '');

/** Delivers `event` as Forge would (attempt = retry count), waiting each asked-for retryAfter, until it is not retried or `deliveries` ran out. */
async function deliverUntilSettled(event: RefreshEvent, deliveries: number, beforeEach?: (attempt: number) => void): Promise<ChangeOutcome[]> {
  const outcomes: ChangeOutcome[] = [];
  for (let attempt = 0; attempt < deliveries; attempt += 1) {
    beforeEach?.(attempt);
    const outcome = await applyChange(rig.invocation(), event, attempt);
    outcomes.push(outcome);
    if (outcome.kind !== 'retry') break;
    await rig.time.advance(outcome.retryAfterSeconds * 1000);
  }
  return outcomes;
}

test('a change notice the engineering system refuses (401) is redelivered with a growing backoff, reported as ENG_API_TOKEN rejected, and applied once the token works', async () => {
  rig.source.serve(record('AUTH-1', 'A'));
  const ref = await placeMacro('m-15', 'AUTH-1');
  rig.source.serve(record('AUTH-1', 'B'));
  await rig.time.advance(1_000);
  rig.source.failure = { kind: 'unauthorized', message: 'HTTP 401' };
  const logsBefore = rig.logs.length;

  const outcomes = await deliverUntilSettled(notice('spec.updated', ['AUTH-1']), 8, (attempt) => {
    if (attempt === 7) rig.source.failure = undefined; // the operator fixed the token
  });

  const refused = outcomes.slice(0, 7);
  const waits = refused.map((o) => (o.kind === 'retry' ? o.retryAfterSeconds : -1));
  expect(refused.map((o) => o.kind === 'retry' && o.reason)).toEqual(Array(7).fill('unauthorized'));
  expect(waits).toEqual([60, 120, 240, 480, MAX_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS]);
  expect(outcomes.at(-1)).toMatchObject({ kind: 'done', fetchedSpecs: 1, snapshotsWritten: 1 });
  expect(rig.snapshots.revisionShown(ref, 'AUTH-1')).toBe('B');
  const reports = rig.logs.slice(logsBefore).filter((l) => l.level === 'error' && problemLogged(l).includes('ENG_API_TOKEN'));
  expect(reports).toHaveLength(7);
});

test('a change notice met by an unreadable engineering answer (malformed batch envelope) is redelivered, not dropped, and reported as a configuration problem', async () => {
  rig.source.serve(record('ENVL-1', 'A'));
  const ref = await placeMacro('m-16', 'ENVL-1');
  rig.source.serve(record('ENVL-1', 'B'));
  await rig.time.advance(1_000);
  rig.source.failure = { kind: 'invalid_response', message: 'the batch answer is not a {items:[…]} envelope' };
  const logsBefore = rig.logs.length;

  const outcomes = await deliverUntilSettled(notice('spec.deleted', ['ENVL-1']), 3, (attempt) => {
    if (attempt === 2) rig.source.failure = undefined;
  });

  expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'done']);
  expect(outcomes[0]).toMatchObject({ kind: 'retry', reason: 'invalid_response' });
  expect(rig.snapshots.revisionShown(ref, 'ENVL-1')).toBe('B');
  expect(rig.logs.slice(logsBefore).some((l) => l.level === 'error' && problemLogged(l).includes("connection's base URL"))).toBe(true);
});

test('a revalidation the engineering system refuses (401) is still abandoned, not redelivered', async () => {
  rig.source.serve(record('AUTH-2', 'A'));
  await placeMacro('m-17', 'AUTH-2');
  await rig.time.advance(1_000);
  rig.source.failure = { kind: 'unauthorized', message: 'HTTP 403' };

  const outcome = await applyChange(rig.invocation(), notice('spec.revalidate', ['AUTH-2']));

  expect(outcome).toEqual({ kind: 'abandoned', reason: 'unauthorized' });
});
