import type { Principal } from '../service';
import { LOCAL_ADMIN_ACCOUNT_ID } from './site-accounts';

/** Request headers as WHATWG `Headers` or Node's `IncomingHttpHeaders`. */
export type HttpHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Who a plain HTTP request to the local Confluence acts as (there are no real credentials locally):
 * `X-Local-As-App: true` → the app; `X-Local-User: <accountId>` or HTTP Basic `<accountId>:<anything>`
 * → that user; nothing → the local site admin (`local-admin`).
 */
export function principalFromHttpHeaders(headers: HttpHeaders): Principal {
  if (header(headers, 'x-local-as-app')?.trim().toLowerCase() === 'true') return { kind: 'app' };
  const localUser = header(headers, 'x-local-user')?.trim();
  if (localUser) return { kind: 'user', accountId: localUser };
  const basicUser = basicAuthUser(header(headers, 'authorization'));
  if (basicUser) return { kind: 'user', accountId: basicUser };
  return { kind: 'user', accountId: LOCAL_ADMIN_ACCOUNT_ID };
}

function header(headers: HttpHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(entry) ? entry[0] : entry;
}

function basicAuthUser(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const user = (separator === -1 ? decoded : decoded.slice(0, separator)).trim();
  return user || undefined;
}
