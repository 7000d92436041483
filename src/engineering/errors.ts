/**
 * The closed set of ways a call to the engineering system can fail. They are values, not exceptions: every client
 * method returns `{ ok: false, error: EngineeringError }` for them.
 */

/** One engineering failure. */
export type EngineeringError =
  | { kind: 'not_found'; id: string; revision?: string }
  | { kind: 'unauthorized' }
  /** No engineering system is connected on this site (admin page), and the deployment's does not apply to it. */
  | { kind: 'not_connected' }
  /** retryAfterSeconds comes from Retry-After (≥ 1); 1 when the server sent none. */
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'unavailable'; status?: number; detail: string }
  | { kind: 'timeout' }
  /** `tooLarge`: the body was over the client's response cap (a batch is then read again in smaller parts). */
  | { kind: 'invalid_response'; id?: string; field?: string; detail: string; tooLarge?: true };

/** Outcome of a client call: the value, or a typed failure. */
export type EngineeringResult<T> = { ok: true; value: T } | { ok: false; error: EngineeringError };

/**
 * A one-sentence account for the logs (and an admin): it carries the engineering system's own text, so readers never see
 * it; they get src/domain/reader-messages.ts. Never contains the API token.
 */
export function describeEngineeringError(error: EngineeringError): string {
  switch (error.kind) {
    case 'not_found':
      return error.revision === undefined
        ? `The engineering system has no specification ${error.id}.`
        : `The engineering system has no revision ${error.revision} of specification ${error.id}.`;
    case 'unauthorized':
      return 'The engineering system rejected the API token of Spec Bridge; ask an admin to check it.';
    case 'not_connected':
      return "No engineering system is connected on this site: a Confluence admin connects one on Spec Bridge's admin page (the deployment's ENG_API_* variables apply only to sites named in ENV_CONFIG_SITE_IDS).";
    case 'rate_limited':
      return `The engineering system is rate limiting requests; try again in ${error.retryAfterSeconds} s.`;
    case 'unavailable':
      return error.status === undefined
        ? `The engineering system is unavailable: ${sentence(error.detail)}`
        : `The engineering system is unavailable (HTTP ${error.status}): ${sentence(error.detail)}`;
    case 'timeout':
      return 'The engineering system did not answer in time.';
    case 'invalid_response':
      return `The engineering system sent an invalid response: ${error.detail}`;
  }
}

/** Below this length only the secret itself is redacted: the encoded forms of a short one would match ordinary text. */
const MIN_ENCODED_SECRET_CHARS = 8;

/**
 * Replaces every occurrence of `secret` in `text` — as sent, URL-encoded, JSON-escaped, base64 or base64url, since a
 * server message may echo request headers back in any of them (longest form first, so none is left half-redacted).
 */
export function redactSecret(text: string, secret: string): string {
  if (secret.length === 0) return text;
  return echoedForms(secret).reduce((out, form) => out.split(form).join('[redacted]'), text);
}

function echoedForms(secret: string): string[] {
  if (secret.length < MIN_ENCODED_SECRET_CHARS) return [secret];
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url')];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Ends a detail with exactly one full stop. */
function sentence(detail: string): string {
  return detail.replace(/[.\s]+$/, '') + '.';
}
