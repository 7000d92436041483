import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { runActionSlice } from '../admin/action-runner';
import { readConfig } from '../config';
import { createDeps } from '../deps';
import { createLogger } from '../log';
import { cloudIdFrom } from './macro-context';

const AdminActionBody = z.object({
  type: z.literal('admin.action'),
  runId: z.string().min(1).max(64),
  action: z.enum(['purge_cache', 'resnapshot_all', 'remove_snapshots']),
  startedAt: z.number(),
  cursor: z.string().max(4_000).optional(),
  done: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
});

/** Whether a queued event is a slice of an admin action. */
export function isAdminActionEvent(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'admin.action';
}

/** Forge redelivers at most this long after the consumer asks (InvocationError retryAfter ≤ 900 s). */
const MAX_RETRY_AFTER_SECONDS = 900;

/**
 * The refresh consumer's branch for 'admin.action': one slice of a site-wide admin action. Housekeeping, so its
 * Confluence calls wait near the REST points limit ('deferrable').
 */
export async function consumeAdminActionEvent(event: AsyncEvent, context?: unknown): Promise<InvocationError | undefined> {
  const parsed = AdminActionBody.safeParse(event.body);
  if (!parsed.success) {
    createLogger('consumer').warn('dropping malformed admin action event', { eventId: event.eventId, issues: parsed.error.issues.length });
    return undefined;
  }
  const deps = createDeps(readConfig(), { cloudId: cloudIdFrom(context), purpose: 'deferrable' });
  let answer: Awaited<ReturnType<typeof runActionSlice>>;
  try {
    answer = await runActionSlice({ pipeline: deps.pipeline, removeSnapshot: deps.removeSnapshot }, parsed.data, event.retryContext?.retryCount ?? 0);
  } finally {
    await deps.settle();
  }
  if (answer.kind === 'ack') return undefined;
  return new InvocationError({
    retryAfter: Math.min(Math.max(1, Math.ceil(answer.retryAfterSeconds)), MAX_RETRY_AFTER_SECONDS),
    retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
