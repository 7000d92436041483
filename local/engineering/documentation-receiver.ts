/**
 * `POST /documentation-notices`: receives Spec Bridge's documentation notices (Standard Webhooks deliveries signed
 * with the site's outbound secret), checks them against the contract and applies the newest state per page.
 * Order of checks: body size (400), signature (401), JSON and contract (400), then apply (200).
 */
import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { parseDocumentationNotice } from '../../src/shared/documentation-notice-schema';
import type { Clock } from '../platform/clock';
import type { ApplyOutcome, DocumentationStore } from './documentation-store';
import { errorResponse, json } from './engineering-http';

/** The allowed skew between the sender's `webhook-timestamp` and this system's clock, as in Standard Webhooks. */
export const DOCUMENTATION_TOLERANCE_SECONDS = 300;
/** Largest body accepted: a page state of 10,000 specs fits with room to spare. */
export const MAX_DOCUMENTATION_BODY_BYTES = 2 * 1024 * 1024;

const SECRET = /^(whsec_)?[A-Za-z0-9+/]+={0,2}$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** Told after a state was applied (not for duplicates or older states). */
export type DocumentationListener = (change: { cloudId: string; pageId: string; sequence: number; specIds: string[] }) => void;

export interface DocumentationReceiver {
  receive(request: Request): Promise<Response>;
  /** Replaces the accepted secrets (`whsec_<base64>`): list the current one and, while rotating, the previous one. */
  setSecrets(secrets: readonly string[]): void;
}

export function createDocumentationReceiver(
  store: DocumentationStore,
  clock: Clock,
  secrets: readonly string[],
  onApplied: (outcome: ApplyOutcome, state: { cloudId: string; pageId: string }) => void,
): DocumentationReceiver {
  let signers = toSigners(secrets);

  return {
    setSecrets(next) {
      signers = toSigners(next);
    },

    async receive(request) {
      const raw = Buffer.from(await request.arrayBuffer());
      if (raw.length > MAX_DOCUMENTATION_BODY_BYTES) {
        return errorResponse(400, 'bad_request', `Request body is larger than ${MAX_DOCUMENTATION_BODY_BYTES} bytes.`);
      }
      const body = raw.toString('utf8');
      const webhookId = request.headers.get('webhook-id');
      if (webhookId === null || !verified(signers, request.headers, webhookId, body, clock.now())) {
        return errorResponse(401, 'unauthorized', 'Missing, stale or unmatched Standard Webhooks signature.');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return errorResponse(400, 'bad_request', 'Request body is not valid JSON.');
      }
      const notice = parseDocumentationNotice(parsed);
      if (!notice.ok) return errorResponse(400, 'bad_request', `Not a documentation notice: ${notice.message}`);
      const outcome = store.apply(webhookId, notice.value.data, clock.now());
      if (outcome.applied) onApplied(outcome, notice.value.data);
      return json(200, { accepted: true, applied: outcome.applied, duplicate: outcome.duplicate, sequence: outcome.sequence });
    },
  };
}

function toSigners(secrets: readonly string[]): Webhook[] {
  return secrets.map((secret, index) => {
    if (!SECRET.test(secret)) throw new Error(`documentation notice secret #${index + 1} must look like whsec_<base64>`);
    return new Webhook(secret);
  });
}

/**
 * The reference library computes the signature; the timestamp is checked here against the system's clock rather
 * than by `Webhook.verify`, which reads `Date.now()`, so tests on virtual time see the window the sender saw.
 */
function verified(signers: Webhook[], headers: Headers, webhookId: string, body: string, nowMs: number): boolean {
  const timestamp = headers.get('webhook-timestamp') ?? '';
  const signature = headers.get('webhook-signature') ?? '';
  if (webhookId === '' || !TIMESTAMP.test(timestamp) || signature === '') return false;
  const seconds = Number(timestamp);
  if (Math.abs(Math.floor(nowMs / 1000) - seconds) > DOCUMENTATION_TOLERANCE_SECONDS) return false;
  const offered = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3)));
  return signers.some((signer) => {
    const expected = Buffer.from(signer.sign(webhookId, new Date(seconds * 1000), body).slice(3));
    return offered.some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  });
}
