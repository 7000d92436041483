import { InvocationError, InvocationErrorCode, type AsyncEvent } from '@forge/events';
import { z } from 'zod';
import { readConfig } from '../config';
import { createDeps } from '../deps';
import { createLogger } from '../log';
import { rememberLater } from '../pipeline/remember-later';
import { cloudIdFrom } from './macro-context';

const RememberEventBody = z.object({
  type: z.literal('macro.remember'),
  ref: z.object({ pageId: z.string().min(1).max(64), localId: z.string().min(1).max(128), contentType: z.enum(['page', 'blogpost']).optional() }),
});

/** Whether a queued event is a view's snapshot write ('macro.remember') rather than a change to apply. */
export function isRememberEvent(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'macro.remember';
}

/** Redeliveries of a snapshot write Confluence refused for now; after them the next view of the macro queues another. */
const REMEMBER_RETRIES = 3;
/** Forge redelivers at most this long after the consumer asks (InvocationError retryAfter ≤ 900 s). */
const MAX_RETRY_AFTER_SECONDS = 900;

/**
 * The refresh consumer's branch for 'macro.remember': writes the viewed macro's snapshot as the app. A write Confluence
 * refused for now (it said when to try again) is redelivered a few times; a malformed event is logged and dropped.
 */
export async function consumeRememberEvent(event: AsyncEvent, context?: unknown): Promise<InvocationError | undefined> {
  const parsed = RememberEventBody.safeParse(event.body);
  if (!parsed.success) {
    createLogger('consumer').warn('dropping malformed refresh event', { eventId: event.eventId, issues: parsed.error.issues.length });
    return undefined;
  }
  const deps = createDeps(readConfig(), { cloudId: cloudIdFrom(context), purpose: 'deferrable' });
  let outcome: Awaited<ReturnType<typeof rememberLater>>;
  try {
    outcome = await rememberLater(deps.pipeline, parsed.data.ref);
  } finally {
    await deps.settle();
  }
  deps.pipeline.log.info('viewed macro remembered', { eventId: event.eventId, ...parsed.data.ref, outcome: outcome.kind });
  if (outcome.kind !== 'failed' || outcome.retryAfterSeconds === undefined || (event.retryContext?.retryCount ?? 0) >= REMEMBER_RETRIES) return undefined;
  return new InvocationError({
    retryAfter: Math.min(Math.max(1, outcome.retryAfterSeconds), MAX_RETRY_AFTER_SECONDS),
    retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
