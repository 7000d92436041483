/**
 * Starting a site-wide admin action (purge the cache, re-snapshot every macro, remove every snapshot). The resolver only
 * records the run and queues its first slice; the refresh consumer does the work in slices (action-runner.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RefreshQueue } from '../domain/ports';
import { readActionRun, swapActionRun, writeActionRun } from '../kvs/admin-actions';
import { ADMIN_ACTIONS, type ActionProgress, type AdminAction } from '../shared/admin-contract';
import { invalidInput, type AdminOutcome } from './admin-outcome';
import { runProgress } from './health';

const StartInput = z.object({ action: z.string() });

const RUNNING: Record<AdminAction, string> = {
  purge_cache: 'The cache is already being purged',
  resnapshot_all: 'Every macro is already being re-snapshotted',
  remove_snapshots: 'The snapshots are already being removed',
};

function alreadyRunning(progress: ActionProgress): string {
  return `${RUNNING[progress.action]} (started ${progress.startedAt}, ${progress.done}${progress.total === undefined ? '' : ` of ${progress.total}`} done); wait for it to finish.`;
}

function isAction(value: string): value is AdminAction {
  return (ADMIN_ACTIONS as readonly string[]).includes(value);
}

export async function startAdminAction(payload: unknown, queue: RefreshQueue, nowMs = Date.now()): Promise<AdminOutcome<ActionProgress>> {
  const input = StartInput.safeParse(payload);
  const action = input.success ? input.data.action : '';
  if (!isAction(action)) return invalidInput(`Choose an action: ${ADMIN_ACTIONS.join(', ')}.`);
  const current = await readActionRun(action);
  if (current && runProgress(current, nowMs).state === 'running') return invalidInput(alreadyRunning(current.progress));
  const progress: ActionProgress = { id: randomUUID(), action, state: 'running', done: 0, startedAt: new Date(nowMs).toISOString() };
  // Another admin may have started the same action since the read: the swap shows it, and their run is put back.
  const displaced = await swapActionRun({ progress, heartbeatAt: nowMs });
  if (displaced && runProgress(displaced, nowMs).state === 'running') {
    await writeActionRun(displaced);
    return invalidInput(alreadyRunning(displaced.progress));
  }
  try {
    await queue.enqueue([{ type: 'admin.action', runId: progress.id, action, startedAt: nowMs, done: 0 }]);
  } catch {
    const failed: ActionProgress = { ...progress, state: 'failed', finishedAt: new Date().toISOString(), message: 'Spec Bridge could not queue the work; start it again.' };
    await writeActionRun({ progress: failed, heartbeatAt: nowMs });
    return { ok: true, value: failed };
  }
  return { ok: true, value: progress };
}
