/**
 * What `npm run notify` assumes when no `--url` is given: the web trigger of `npm run dev` on this machine
 * (`PORT`, default 4000). Only loopback URLs get the committed local secret by default.
 */
import { join } from 'node:path';
import { decodeWebhookSecret } from '../../src/domain/webhook-signature';
import { loadManifest } from '../platform/manifest';

/** The port `npm run dev` listens on without `PORT`. */
export const DEFAULT_DEV_PORT = 4000;

/** The local dev server's change-notice web trigger URL, as `/__local/info` lists it. */
export function localWebTriggerUrl(env: Record<string, string | undefined>): string {
  const key = loadManifest(join(__dirname, '..', '..', 'manifest.yml'), env).webtriggers[0]?.key ?? 'spec-change-notice';
  return `http://127.0.0.1:${env.PORT ?? DEFAULT_DEV_PORT}/x/${key}`;
}

/** True for URLs on this machine (a deployed web trigger is never on loopback). */
export function isLoopbackUrl(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** Where a local CLI sends a signed request, and whether the URL or the secret was its default. */
export type SignedTarget = { ok: true; url: string; secret: string; defaulted: { url: boolean; secret: boolean } } | { ok: false; message: string };

/**
 * The URL (`--url`, else the dev server's) and the secret (`--secret`, else `secretEnv`, else — for a loopback URL only —
 * the committed local secret: it goes only to this machine; any other URL needs its own secret).
 */
export function resolveSignedTarget(input: {
  url: string | undefined;
  secret: string | undefined;
  defaultUrl: () => string;
  env: Record<string, string | undefined>;
  secretEnv: string;
  localSecret: string;
}): SignedTarget {
  const url = input.url ?? input.defaultUrl();
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) return { ok: false, message: `--url must be an http(s) URL, got "${url}".` };
  const localSecret = isLoopbackUrl(url) ? input.localSecret : undefined;
  const secret = input.secret ?? input.env[input.secretEnv] ?? localSecret;
  if (!secret) return { ok: false, message: `--secret is required for a URL not on this machine (or set ${input.secretEnv}).` };
  if (decodeWebhookSecret(secret) === null) return { ok: false, message: 'The secret must look like whsec_<base64>.' };
  const defaulted = { url: input.url === undefined, secret: input.secret === undefined && input.env[input.secretEnv] === undefined && localSecret !== undefined };
  return { ok: true, url, secret, defaulted };
}
