/**
 * Standard Webhooks (https://www.standardwebhooks.com) signatures for change notices:
 * HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${rawBody}`, base64, sent as `v1,<sig>` entries.
 * Matches the `standardwebhooks` npm package byte for byte (see webhook-signature.test.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../errors';

/** Why a delivery failed verification; only ever logged, never told to the sender. */
export type WebhookRejectReason =
  | 'missing_headers'
  | 'bad_timestamp'
  | 'timestamp_out_of_range'
  | 'no_matching_signature'
  | 'bad_secret';

/** Outcome of {@link verifyWebhookSignature}. */
export type WebhookVerification = { ok: true } | { ok: false; reason: WebhookRejectReason };

/** The three Standard Webhooks headers, already looked up by the caller. */
export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** Input of {@link verifyWebhookSignature}. */
export interface VerifyWebhookInput {
  headers: WebhookHeaders;
  rawBody: string;
  /** `whsec_<base64>` secrets; list the current one and, while rotating, the previous one. */
  secrets: readonly string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}

/** Default allowed clock skew between sender and receiver, as in the Standard Webhooks libraries. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Standard Webhooks secrets are 24 to 64 random bytes; a shorter one can be guessed. */
export const MIN_WEBHOOK_SECRET_BYTES = 24;
export const MAX_WEBHOOK_SECRET_BYTES = 64;

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** Decodes a `whsec_<base64>` secret (prefix optional, as in the reference library) into key bytes; null when unusable. */
export function decodeWebhookSecret(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const unpadded = encoded.replace(/=+$/, '');
  if (!BASE64.test(encoded) || unpadded.length % 4 === 1) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : null;
}

/** Signs one delivery and returns the `webhook-signature` header value (`v1,<base64>`); ConfigError for a bad secret. */
export function signWebhook(input: { id: string; timestamp: number; body: string; secret: string }): string {
  const key = decodeWebhookSecret(input.secret);
  if (key === null) throw new ConfigError('Webhook secret must look like whsec_<base64>');
  return `v1,${computeSignature(key, input.id, input.timestamp, input.body)}`;
}

/**
 * Checks a delivery's headers and raw body against the secrets.
 * Accepts when any `v1` entry matches under any secret (rotation). Secrets that cannot be decoded are
 * skipped; when nothing matched and one of them was unusable the reason is `bad_secret`, since that is
 * then the likelier cause and an operator should fix the configuration.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): WebhookVerification {
  const { id, timestamp, signature } = input.headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  const trimmed = timestamp.trim();
  if (!TIMESTAMP.test(trimmed)) return { ok: false, reason: 'bad_timestamp' };
  const seconds = Number(trimmed);
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - seconds) > tolerance) return { ok: false, reason: 'timestamp_out_of_range' };

  const offered = parseV1Signatures(signature);
  let unusableSecret = false;
  for (const secret of input.secrets) {
    const key = decodeWebhookSecret(secret);
    if (key === null) {
      unusableSecret = true;
      continue;
    }
    const expected = Buffer.from(computeSignature(key, id, seconds, input.rawBody));
    if (offered.some((candidate) => safeEqual(expected, Buffer.from(candidate)))) return { ok: true };
  }
  return { ok: false, reason: unusableSecret || input.secrets.length === 0 ? 'bad_secret' : 'no_matching_signature' };
}

function computeSignature(key: Buffer, id: string, timestamp: number, body: string): string {
  // The reference library signs the parsed integer timestamp, so do we (identical for canonical headers).
  return createHmac('sha256', key).update(`${id}.${Math.floor(timestamp)}.${body}`, 'utf8').digest('base64');
}

function parseV1Signatures(header: string): string[] {
  return header
    .split(/\s+/)
    .map((entry) => entry.split(','))
    .filter(([version, sig]) => version === 'v1' && sig !== undefined && sig !== '')
    .map(([, sig]) => sig as string);
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
