/**
 * What readers (and editors searching) are told when the engineering system fails: one fixed sentence per kind of
 * failure. Upstream text (an error body's code and message, host names, validation details) never goes in; it goes
 * to the logs, where an admin looks.
 */
import type { SourceFailure } from './ports';

/** The reader's sentence for a failure of this kind; `retryAfterSeconds` only for rate limiting (already capped). */
export function readerMessage(failure: { kind: SourceFailure['kind'] | 'not_found'; retryAfterSeconds?: number }): string {
  switch (failure.kind) {
    case 'unauthorized':
      return 'The engineering system did not accept Spec Bridge; an admin needs to check its API token.';
    case 'not_connected':
      return 'Spec Bridge is not connected to an engineering system on this site yet; a Confluence administrator can connect it in its settings.';
    case 'rate_limited':
      return `The engineering system is busy; Spec Bridge retries in ${Math.max(1, Math.round(failure.retryAfterSeconds ?? 1))} s.`;
    case 'invalid_response':
      return 'The engineering system sent data Spec Bridge cannot read; the details are in the app logs.';
    case 'timeout':
      return 'The engineering system did not answer in time.';
    case 'unavailable':
    case 'not_found':
      return 'The engineering system is unavailable right now.';
  }
}

/** The reader's sentence for one record that failed validation (the field and reason are logged). */
export function invalidRecordMessage(specId: string): string {
  return `The engineering system sent ${specId} in a form Spec Bridge cannot read; the details are in the app logs.`;
}

/**
 * The reader's sentence while the circuit breaker holds calls back (the last upstream error is logged, not shown). The
 * time of the next try travels beside it (`SpecProblem.retryAt`) so the reader's screen can say it as a wait.
 */
export const BREAKER_OPEN = 'The engineering system is not answering; Spec Bridge waits a little before asking again.';

/** The reader's sentence for a cached record whose last revalidation failed. */
export const LAST_REFRESH_FAILED = 'The engineering system did not answer the last refresh; showing the last known data.';
