import { errorDetail } from '../domain/error-detail';
import type { Logger } from '../domain/ports';
import { AppError } from '../errors';
import type { ResolverResult } from '../shared/resolver-contract';

/** The only text of a failed invocation the browser gets. */
export const RESOLVER_FAILED = 'Spec Bridge could not load this macro.';

/**
 * Wraps a resolver's work. A configuration error becomes a value the macro shows (it says what to fix). Anything
 * else is a failure the app could not handle: it is logged with its stack and cause, and the invocation fails, so
 * Forge counts it as failed (metrics, alerts). What reaches the browser is one fixed sentence, never the error's text.
 */
export function answerFailuresHonestly(log: Logger) {
  return async function answer<T>(work: () => Promise<ResolverResult<T>>): Promise<ResolverResult<T>> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'config') {
        log.error('configuration problem: the macro cannot load until it is fixed', { problem: error.message });
        return { ok: false, code: 'unavailable', message: `Spec Bridge is not configured on this site: ${error.message}` };
      }
      log.error('resolver failed', errorDetail(error));
      throw new AppError('internal', RESOLVER_FAILED);
    }
  };
}
