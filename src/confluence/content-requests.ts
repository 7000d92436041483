import { route, type APIResponse } from '@forge/api';
import type { ContentType } from '../domain/ports';

/** What `api.asApp()` and `api.asUser()` both offer. */
export interface ConfluenceProduct {
  requestConfluence(url: ReturnType<typeof route>, init?: { method?: string; body?: string; headers?: Record<string, string> }): Promise<APIResponse>;
}

/**
 * The Confluence REST v2 calls on the content a macro sits on. Pages and blog posts have their own
 * endpoints (`/pages/{page-id}/properties…`, `/blogposts/{blogpost-id}/properties…`) with the same
 * shapes and the same scopes (read:page:confluence, write:page:confluence). Each call is spelled out
 * with a literal route and method, so `forge lint` can match it to its scope.
 */
export interface ContentRequests {
  propertyByKey(product: ConfluenceProduct, contentId: string, key: string): Promise<APIResponse>;
  createProperty(product: ConfluenceProduct, contentId: string, body: string): Promise<APIResponse>;
  updateProperty(product: ConfluenceProduct, contentId: string, propertyId: string, body: string): Promise<APIResponse>;
  deleteProperty(product: ConfluenceProduct, contentId: string, propertyId: string): Promise<APIResponse>;
  /** The content with its ADF body. */
  bodyAdf(product: ConfluenceProduct, contentId: string): Promise<APIResponse>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };
const ACCEPT_JSON = { Accept: 'application/json' };

const PAGE_REQUESTS: ContentRequests = {
  propertyByKey: (product, id, key) => product.requestConfluence(route`/wiki/api/v2/pages/${id}/properties?key=${key}`, { headers: ACCEPT_JSON }),
  createProperty: (product, id, body) => product.requestConfluence(route`/wiki/api/v2/pages/${id}/properties`, { method: 'POST', body, headers: JSON_HEADERS }),
  updateProperty: (product, id, propertyId, body) =>
    product.requestConfluence(route`/wiki/api/v2/pages/${id}/properties/${propertyId}`, { method: 'PUT', body, headers: JSON_HEADERS }),
  deleteProperty: (product, id, propertyId) => product.requestConfluence(route`/wiki/api/v2/pages/${id}/properties/${propertyId}`, { method: 'DELETE' }),
  bodyAdf: (product, id) => product.requestConfluence(route`/wiki/api/v2/pages/${id}?body-format=atlas_doc_format`, { headers: ACCEPT_JSON }),
};

const BLOGPOST_REQUESTS: ContentRequests = {
  propertyByKey: (product, id, key) => product.requestConfluence(route`/wiki/api/v2/blogposts/${id}/properties?key=${key}`, { headers: ACCEPT_JSON }),
  createProperty: (product, id, body) => product.requestConfluence(route`/wiki/api/v2/blogposts/${id}/properties`, { method: 'POST', body, headers: JSON_HEADERS }),
  updateProperty: (product, id, propertyId, body) =>
    product.requestConfluence(route`/wiki/api/v2/blogposts/${id}/properties/${propertyId}`, { method: 'PUT', body, headers: JSON_HEADERS }),
  deleteProperty: (product, id, propertyId) => product.requestConfluence(route`/wiki/api/v2/blogposts/${id}/properties/${propertyId}`, { method: 'DELETE' }),
  bodyAdf: (product, id) => product.requestConfluence(route`/wiki/api/v2/blogposts/${id}?body-format=atlas_doc_format`, { headers: ACCEPT_JSON }),
};

export function contentRequests(type: ContentType): ContentRequests {
  return type === 'blogpost' ? BLOGPOST_REQUESTS : PAGE_REQUESTS;
}
