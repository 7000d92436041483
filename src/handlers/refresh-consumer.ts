import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { readConfig } from '../config';
import { createDeps } from '../deps';
import { SPEC_ID_PATTERN } from '../shared/spec-record';
import { applyChange, MACROS_PER_DELIVERY, type ChangeOutcome } from '../pipeline/apply-change';
import { createLogger } from '../log';
import { cloudIdFrom } from './macro-context';
import { consumeAdminActionEvent, isAdminActionEvent } from './admin-action-consumer';
import { consumeRememberEvent, isRememberEvent } from './remember-consumer';

const RefreshEventBody = z.object({
  type: z.enum(['spec.updated', 'spec.deleted', 'spec.revalidate']),
  specIds: z.array(z.string().regex(SPEC_ID_PATTERN)).min(1).max(1000),
  noticeId: z.string().optional(),
  noticeTimestamp: z.string().optional(),
  receivedAt: z.number().optional(),
  revisions: z.record(z.string().regex(SPEC_ID_PATTERN), z.string().min(1).max(50)).optional(),
  macros: z
    .array(z.object({ pageId: z.string().min(1).max(64), localId: z.string().min(1).max(128), contentType: z.enum(['page', 'blogpost']).optional() }))
    .min(1)
    .max(MACROS_PER_DELIVERY)
    .optional(),
});

/**
 * The refresh consumer (manifest: `handler: index.refreshConsumer`): applies one queued change.
 * Upstream trouble returns an InvocationError so Forge redelivers after `retryAfter`; a malformed
 * event is logged and dropped (retrying cannot fix it).
 */
export async function refreshConsumer(event: AsyncEvent, context?: unknown): Promise<InvocationError | undefined> {
  if (isRememberEvent(event.body)) return consumeRememberEvent(event, context);
  if (isAdminActionEvent(event.body)) return consumeAdminActionEvent(event, context);
  const parsed = RefreshEventBody.safeParse(event.body);
  if (!parsed.success) {
    createLogger('consumer').warn('dropping malformed refresh event', { eventId: event.eventId, issues: parsed.error.issues.length });
    return undefined;
  }
  // A revalidation is housekeeping a later view asks for again: it waits near the points limit; a change notice does not.
  const purpose = parsed.data.type === 'spec.revalidate' ? 'deferrable' : 'push';
  const deps = createDeps(readConfig(), { cloudId: cloudIdFrom(context), purpose });
  let outcome: ChangeOutcome;
  try {
    outcome = await applyChange(deps.pipeline, parsed.data, event.retryContext?.retryCount ?? 0);
  } finally {
    await deps.settle();
  }
  if (outcome.kind === 'done') {
    deps.pipeline.log.info('change applied', { eventId: event.eventId, ...outcome });
    return undefined;
  }
  if (outcome.kind === 'abandoned') {
    deps.pipeline.log.info('revalidation abandoned; the next view that finds the spec stale queues another', { eventId: event.eventId, reason: outcome.reason });
    return undefined;
  }
  deps.pipeline.log.warn('change deferred', { eventId: event.eventId, reason: outcome.reason, retryAfter: outcome.retryAfterSeconds });
  return new InvocationError({
    retryAfter: outcome.retryAfterSeconds,
    retryReason: outcome.reason === 'rate_limited' ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
