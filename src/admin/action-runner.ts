/**
 * The refresh consumer's work for a site-wide admin action, one bounded slice per queue event: each slice does its
 * part, records the progress and queues the next slice, so no invocation comes near the consumer's time limit and a
 * redelivered slice counts the same (the event carries the counts before it). Confluence calls go through the points
 * governor of the consumer's deps.
 */
import { errorDetail } from '../domain/error-detail';
import { mapBounded } from '../domain/map-bounded';
import type { AdminActionEvent, MacroRecord, MacroRef } from '../domain/ports';
import { UpstreamError } from '../errors';
import { readActionRun, writeActionRun, type ActionRun } from '../kvs/admin-actions';
import { countKeys, deleteFirstPage, queryPage } from '../kvs/key-pages';
import { KEYS } from '../kvs/keys';
import { applyChange, CONFLUENCE_CONCURRENCY } from '../pipeline/apply-change';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import type { ActionProgress } from '../shared/admin-contract';

/** Macros one re-snapshot slice rewrites (each: a page read, a property read and maybe a write; specs re-read in batches). */
export const RESNAPSHOT_MACROS_PER_SLICE = 25;
/** Macros one removal slice handles (a property read and a delete each). */
export const REMOVE_MACROS_PER_SLICE = 50;
/** Pages of 100 cache keys one purge slice deletes at most. */
const PURGE_PAGES_PER_SLICE = 50;
/** A slice stops starting new work when the invocation has less than this left. */
const SLICE_RESERVE_MS = 60_000;
/** Counting stops here (the progress then shows no total). */
const TOTAL_COUNT_CAP = 10_000;
/** Deliveries of one slice before the run is reported failed. */
export const SLICE_ATTEMPTS = 8;
const DEFAULT_RETRY_SECONDS = 10;

export interface ActionDeps {
  pipeline: PipelineDeps;
  removeSnapshot(ref: MacroRef): Promise<'removed' | 'absent'>;
}

type SliceOutcome =
  | { kind: 'next'; event: AdminActionEvent }
  | { kind: 'finished'; done: number; total?: number; message?: string }
  | { kind: 'retry'; retryAfterSeconds: number; reason: string };

/** What the consumer tells the queue: nothing (done, or the next slice is queued), or redeliver this slice later. */
export type RunnerAnswer = { kind: 'ack' } | { kind: 'retry'; retryAfterSeconds: number };

/** Runs one slice of `event` (delivered `attempt` times before) and records its progress. */
export async function runActionSlice(deps: ActionDeps, event: AdminActionEvent, attempt: number): Promise<RunnerAnswer> {
  const run = await readActionRun(event.action);
  if (!run || run.progress.id !== event.runId || run.progress.state !== 'running') {
    deps.pipeline.log.info('admin action slice dropped: its run is over or was replaced', { action: event.action, runId: event.runId });
    return { kind: 'ack' };
  }
  let outcome: SliceOutcome;
  try {
    outcome = await slice(deps, event, attempt);
  } catch (error) {
    deps.pipeline.log.warn('admin action slice failed', { action: event.action, runId: event.runId, attempt, ...errorDetail(error) });
    const wait = error instanceof UpstreamError ? error.retryAfterSeconds : undefined;
    outcome = { kind: 'retry', retryAfterSeconds: wait ?? DEFAULT_RETRY_SECONDS, reason: error instanceof Error ? error.message : String(error) };
  }
  const now = deps.pipeline.clock.now();
  if (outcome.kind === 'next') {
    await writeActionRun(withProgress(run, { done: outcome.event.done, ...(outcome.event.total !== undefined ? { total: outcome.event.total } : {}) }, now));
    await deps.pipeline.queue.enqueue([outcome.event]);
    return { kind: 'ack' };
  }
  if (outcome.kind === 'finished') {
    const total = outcome.total === undefined ? undefined : Math.max(outcome.total, outcome.done);
    await writeActionRun(withProgress(run, {
      state: 'done',
      done: outcome.done,
      ...(total !== undefined ? { total } : {}),
      finishedAt: new Date(now).toISOString(),
      ...(outcome.message ? { message: outcome.message } : {}),
    }, now));
    deps.pipeline.log.info('admin action finished', { action: event.action, runId: event.runId, done: outcome.done });
    return { kind: 'ack' };
  }
  if (attempt + 1 >= SLICE_ATTEMPTS) {
    await writeActionRun(withProgress(run, { state: 'failed', finishedAt: new Date(now).toISOString(), message: `Stopped after ${SLICE_ATTEMPTS} attempts: ${outcome.reason}` }, now));
    deps.pipeline.log.error('admin action failed', { action: event.action, runId: event.runId, reason: outcome.reason });
    return { kind: 'ack' };
  }
  await writeActionRun(withProgress(run, {}, now));
  return { kind: 'retry', retryAfterSeconds: outcome.retryAfterSeconds };
}

function withProgress(run: ActionRun, change: Partial<ActionProgress>, now: number): ActionRun {
  return { progress: { ...run.progress, ...change }, heartbeatAt: now };
}

function slice(deps: ActionDeps, event: AdminActionEvent, attempt: number): Promise<SliceOutcome> {
  switch (event.action) {
    case 'purge_cache':
      return purgeSlice(deps, event);
    case 'resnapshot_all':
      return resnapshotSlice(deps, event, attempt);
    case 'remove_snapshots':
      return removeSlice(deps, event);
  }
}

function timeLeft(deps: ActionDeps): boolean {
  const remaining = deps.pipeline.remainingTimeMs?.();
  return remaining === undefined || !Number.isFinite(remaining) || remaining > SLICE_RESERVE_MS;
}

async function totalOf(event: AdminActionEvent, prefixes: string[]): Promise<number | undefined> {
  if (event.total !== undefined || event.done > 0) return event.total;
  const counts = await Promise.all(prefixes.map((prefix) => countKeys(prefix, TOTAL_COUNT_CAP)));
  return counts.some((c) => c.capped) ? undefined : counts.reduce((sum, c) => sum + c.count, 0);
}

/**
 * Deletes cached records (`spec:`) and kept revisions (`spec-rev:`) a page at a time, then the breaker, so the next
 * views fetch fresh. Always the first page: what is deleted leaves the listing.
 */
async function purgeSlice(deps: ActionDeps, event: AdminActionEvent): Promise<SliceOutcome> {
  const total = await totalOf(event, [KEYS.specPrefix(), KEYS.revisionPrefix()]);
  let done = event.done;
  for (let page = 0; page < PURGE_PAGES_PER_SLICE && timeLeft(deps); page += 1) {
    const deleted = (await deleteFirstPage(KEYS.specPrefix())) || (await deleteFirstPage(KEYS.revisionPrefix()));
    done += deleted;
    if (deleted === 0) {
      await deps.pipeline.store.resetBreaker();
      return { kind: 'finished', done, ...(total !== undefined ? { total } : {}) };
    }
  }
  return { kind: 'next', event: { ...event, done, ...(total !== undefined ? { total } : {}) } };
}

/** The next page of macro records, and where the listing goes on. */
async function macroPage(event: AdminActionEvent, size: number): Promise<{ records: MacroRecord[]; cursor?: string }> {
  const page = await queryPage<MacroRecord>(KEYS.macroPrefix(), size, event.cursor);
  return { records: page.items.map((item) => item.value).filter((record) => record?.ref !== undefined), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

function continued(event: AdminActionEvent, done: number, total: number | undefined, cursor: string | undefined): SliceOutcome {
  if (!cursor) return { kind: 'finished', done, ...(total !== undefined ? { total } : {}) };
  return { kind: 'next', event: { ...event, done, cursor, ...(total !== undefined ? { total } : {}) } };
}

/**
 * Rewrites the snapshots of a page of macros from fresh data: the push path's own work (applyChange) for their specs,
 * re-read unless fetched since the admin started, and each snapshot written even when the macro's record names the
 * same content, so a property changed or removed underneath is rewritten.
 */
async function resnapshotSlice(deps: ActionDeps, event: AdminActionEvent, attempt: number): Promise<SliceOutcome> {
  const total = await totalOf(event, [KEYS.macroPrefix()]);
  const { records, cursor } = await macroPage(event, RESNAPSHOT_MACROS_PER_SLICE);
  const specIds = [...new Set(records.flatMap((record) => record.settings.specIds))];
  if (specIds.length > 0) {
    const refs = records.map((record) => record.ref);
    const outcome = await applyChange(deps.pipeline, { type: 'spec.updated', specIds, receivedAt: event.startedAt, macros: refs, rewrite: true }, attempt);
    if (outcome.kind !== 'done') return { kind: 'retry', retryAfterSeconds: 'retryAfterSeconds' in outcome ? outcome.retryAfterSeconds : DEFAULT_RETRY_SECONDS, reason: outcome.reason };
  }
  return continued(event, event.done + records.length, total, cursor);
}

/**
 * Deletes the snapshot property of a page of macros and forgets the content each record says was written, so a view
 * after this stores a snapshot again (only an uninstall right after keeps the pages free of them).
 */
async function removeSlice(deps: ActionDeps, event: AdminActionEvent): Promise<SliceOutcome> {
  const total = await totalOf(event, [KEYS.macroPrefix()]);
  const { records, cursor } = await macroPage(event, REMOVE_MACROS_PER_SLICE);
  const concurrency = (await deps.pipeline.confluenceConcurrency?.()) ?? CONFLUENCE_CONCURRENCY;
  await mapBounded(records, concurrency, (record) => deps.removeSnapshot(record.ref));
  const written = records.filter((record) => record.snapshotHash !== undefined);
  if (written.length > 0) await deps.pipeline.store.writeMacros(written.map(({ snapshotHash: _, ...record }) => record));
  return continued(event, event.done + records.length, total, cursor);
}
