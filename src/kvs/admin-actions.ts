import { kvs } from '@forge/kvs';
import type { ActionProgress, AdminAction } from '../shared/admin-contract';
import { batchRead, withKvsRetry } from './kvs-calls';
import { KEYS } from './keys';

/** The latest run of one admin action: its progress, and when its work last reported (a run that stops reporting died). */
export interface ActionRun {
  progress: ActionProgress;
  heartbeatAt: number;
}

/** How long the latest run of each action stays listed. */
const RUN_TTL = { value: 30, unit: 'DAYS' as const };

export async function readActionRuns(actions: readonly AdminAction[]): Promise<ActionRun[]> {
  const values = await batchRead<ActionRun>(actions.map(KEYS.adminAction));
  return actions.flatMap((action) => {
    const run = values.get(KEYS.adminAction(action));
    return run ? [run] : [];
  });
}

export async function readActionRun(action: AdminAction): Promise<ActionRun | undefined> {
  return withKvsRetry(() => kvs.get<ActionRun>(KEYS.adminAction(action)));
}

/**
 * Puts `run` in as the action's latest run and answers the run it displaced, in one atomic swap, so of two admins
 * starting the same action at once the second sees the first's run. Not retried: a retry would displace itself.
 */
export async function swapActionRun(run: ActionRun): Promise<ActionRun | undefined> {
  const result = await kvs.set<ActionRun>(KEYS.adminAction(run.progress.action), run, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', ttl: RUN_TTL });
  return result?.value;
}

export async function writeActionRun(run: ActionRun): Promise<void> {
  await withKvsRetry(() => kvs.set(KEYS.adminAction(run.progress.action), run, { ttl: RUN_TTL }));
}
