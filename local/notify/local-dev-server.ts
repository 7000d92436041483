/**
 * What `npm run notify` assumes when no `--url` is given: the web trigger of `npm run dev` on this machine
 * (`PORT`, default 4000). Only loopback URLs get the committed local secret by default.
 */
import { join } from 'node:path';
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
