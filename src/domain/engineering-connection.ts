/**
 * Which engineering system a site's invocations call, and the rules its base URL and token must meet. Pure: the site's
 * stored connection (admin page, KVS) and the deployment's (environment variables) are read by adapters and passed in.
 */
import type { ConnectionSource } from '../shared/admin-contract';

export interface EngineeringConnection {
  baseUrl: string;
  token: string;
  source: ConnectionSource;
}

/**
 * Which sites the deployment's environment variables configure. Forge variables are shared by every site installed from
 * an environment, so they apply only to sites named in ENV_CONFIG_SITE_IDS, or to every site when the deployment says
 * it serves one (ENV_CONFIG_SINGLE_SITE=true).
 */
export interface EnvironmentScope {
  siteIds: readonly string[];
  singleSite: boolean;
}

export function environmentAppliesTo(scope: EnvironmentScope, cloudId: string | undefined): boolean {
  if (scope.singleSite) return true;
  return cloudId !== undefined && scope.siteIds.includes(cloudId);
}

/**
 * The connection a site uses: the one its admin saved always wins; else the deployment's, when it applies to this site;
 * else none ("not connected").
 */
export function chooseConnection(input: {
  site?: { baseUrl: string; token: string };
  environment?: { baseUrl: string; token: string };
  scope: EnvironmentScope;
  cloudId: string | undefined;
}): EngineeringConnection | undefined {
  if (input.site) return { ...input.site, source: 'site' };
  if (input.environment && environmentAppliesTo(input.scope, input.cloudId)) return { ...input.environment, source: 'environment' };
  return undefined;
}

/**
 * A base URL carries the bearer token, so it must be https; plain http only to a loopback host, which exists only in
 * local development (the sample engineering system on 127.0.0.1). Answers the URL without trailing slashes, or why not.
 */
export function checkBaseUrl(raw: string): { ok: true; baseUrl: string } | { ok: false; problem: string } {
  const baseUrl = raw.trim().replace(/\/+$/, '');
  const url = /^https?:\/\//i.test(baseUrl) ? parseUrl(baseUrl) : undefined;
  if (!url) return { ok: false, problem: 'must be an https URL' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'must not carry a user name or password (the token is sent as a header)' };
  if (url.search !== '' || url.hash !== '') return { ok: false, problem: 'must not carry a query or fragment' };
  if (url.protocol === 'https:' || isLoopback(url.hostname)) return { ok: true, baseUrl };
  return { ok: false, problem: 'must be an https URL: over plain http the API token would travel unencrypted (http is allowed only to a loopback host, in local development)' };
}

/** Why a token cannot be sent as a header (a line break, tab or non-ASCII character), or undefined when it can. */
export function tokenProblem(token: string): string | undefined {
  if (token.trim() === '') return 'is empty';
  if (/[^\x20-\x7e]/.test(token.trim())) return 'contains a line break, tab or non-ASCII character; enter it again as one line';
  if (token.trim().length > 4096) return 'is longer than 4,096 characters';
  return undefined;
}

/** What an admin is shown of a stored secret: its last 4 characters, and only when it is long enough to hide the rest. */
export function secretHint(secret: string, prefix = ''): string {
  return secret.length >= 12 ? `${prefix}…${secret.slice(-4)}` : `${prefix}…`;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The documentation-notice receiver URL: https (http only to a loopback host, as the connection), no user name, query
 * or fragment, and on an origin this deployment may call (the manifest's egress list: Forge refuses any other).
 */
export function checkReceiverUrl(raw: string, allowedOrigins: readonly string[]): { ok: true; url: string } | { ok: false; problem: string } {
  const checked = checkBaseUrl(raw);
  if (!checked.ok) return checked;
  const origin = new URL(checked.baseUrl).origin;
  const allowed = allowedOrigins.some((candidate) => parseUrl(candidate)?.origin === origin);
  if (!allowed) return { ok: false, problem: `must be on the engineering system's host this app may call (${allowedOrigins.join(', ') || 'none configured'})` };
  return { ok: true, url: checked.baseUrl };
}
