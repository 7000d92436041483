import type { IncomingHttpHeaders } from 'node:http';
import { jsonResponse, type ServiceRequest } from './service';

/** The request object Forge hands a web trigger function (forge-facts §4.2). */
export interface WebTriggerRequest {
  method: string;
  path: string;
  headers: Record<string, string[]>;
  queryParameters: Record<string, string[]>;
  body: string;
}

/** What a dynamic web trigger returns; Forge maps it back to HTTP. */
export interface WebTriggerResponse {
  statusCode: number;
  statusText?: string;
  headers?: Record<string, string[]>;
  body?: string;
}

/** Builds Forge's web-trigger request shape: headers and query values as arrays, raw body string. */
export function toWebTriggerRequest(method: string, url: URL, headers: IncomingHttpHeaders | Headers, body: string): WebTriggerRequest {
  const headerArrays: Record<string, string[]> = {};
  const entries: [string, string | string[] | undefined][] =
    headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    headerArrays[name] = Array.isArray(value) ? value : [value];
  }
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(value);
  return { method: method.toUpperCase(), path: url.pathname, headers: headerArrays, queryParameters, body };
}

/** Checks a handler's result the way Forge does: anything that is not a response object is a 500. */
export function normaliseWebTriggerResponse(result: unknown): WebTriggerResponse {
  const candidate = result as WebTriggerResponse | undefined;
  if (!candidate || typeof candidate.statusCode !== 'number') {
    return { statusCode: 500, body: JSON.stringify({ error: 'Web trigger returned an invalid response' }) };
  }
  return candidate;
}

/**
 * The GraphQL mutations behind `webTrigger.getUrl/queryUrls/deleteUrl` (@forge/api).
 * `urlFor` gives the installation's URL of a trigger (the platform's `webTriggerUrl`), stable per key
 * and installation like Forge's.
 */
export function createWebTriggerGraphql(keys: string[], urlFor: (key: string) => string) {
  return async function handleWebTriggerGraphql(request: ServiceRequest): Promise<Response> {
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: { input?: { triggerKey?: unknown } } };
    if (query.includes('createWebTriggerUrl')) {
      const key = String(variables.input?.triggerKey);
      if (!keys.includes(key)) return jsonResponse(200, { data: null, errors: [{ message: `No webtrigger module '${key}' in manifest.yml` }] });
      return jsonResponse(200, { data: { createWebTriggerUrl: { url: urlFor(key) } } });
    }
    if (query.includes('deleteWebTriggerUrl')) {
      return jsonResponse(200, { data: { deleteWebTriggerUrl: { success: true, message: null } } });
    }
    if (query.includes('webTriggerUrlsByAppContext') || query.includes('WebTriggerUrls')) {
      return jsonResponse(200, { data: { webTriggerUrlsByAppContext: keys.map((key) => ({ moduleKey: key, url: urlFor(key) })) } });
    }
    return jsonResponse(200, { data: null, errors: [{ message: 'Unsupported GraphQL operation in the local platform' }] });
  };
}
