import type { DatabaseSync } from 'node:sqlite';
import type { ContentPropertyIndex, IndexedValue } from '../search-modules';
import { jsonResponse } from '../service';
import { selectPages, selectSpaceByKey, selectSpaces } from './confluence-store';
import { parseCql, textMatches, type CqlClause } from './cql';
import { pageAccess } from './page-access';
import type { Route, RouteContext } from './route';
import type { ConfluencePage, ConfluenceSpace } from './types';

/** Default and largest `limit` of the local search (Confluence caps `limit` silently and answers the cap it applied). */
const DEFAULT_SEARCH_LIMIT = 25;
const MAX_SEARCH_LIMIT = 100;

/**
 * `GET /wiki/rest/api/search?cql=…` (v1 "Search content by CQL", the documented way to use a content property's search
 * alias; v2 has no query language). Answers only content the caller may see, ordered by id (Confluence orders by
 * relevance), paged by `start`/`limit` or the `cursor` of `_links.next`. The CQL subset is in cql.ts; a field or
 * syntax outside it is a 400 with the v1 error body. Properties are "indexed" when the query runs: what
 * `confluence:contentProperty` modules declare, values of the declared type only (never arrays or objects).
 */
export function searchRoutes(indexes: ContentPropertyIndex[]): Route[] {
  return [{ method: 'GET', template: '/search', handler: (context) => search(context, indexes) }];
}

type Matcher = (content: ConfluencePage, properties: Map<string, unknown>, spaces: Map<string, ConfluenceSpace>) => boolean;

function search(context: RouteContext, indexes: ContentPropertyIndex[]): Response {
  const query = context.url.searchParams;
  const cql = query.get('cql');
  if (cql === null || cql.trim() === '') return v1Error(400, 'cql is required');
  const parsed = parseCql(cql);
  if (!parsed.ok) return v1Error(400, parsed.message);
  const matchers: Matcher[] = [];
  for (const clause of parsed.clauses) {
    const matcher = matcherFor(clause, indexes, context.db);
    if (typeof matcher === 'string') return v1Error(400, matcher);
    matchers.push(matcher);
  }
  const paging = pagingOf(query);
  if (typeof paging === 'string') return v1Error(400, paging);

  const spaces = new Map(selectSpaces(context.db).map((space) => [space.id, space]));
  const properties = indexedProperties(context.db, indexes);
  const matches = [...selectPages(context.db), ...selectPages(context.db, undefined, 'blogpost')]
    .filter((content) => pageAccess(content, context.principal) !== 'none')
    .filter((content) => matchers.every((matches) => matches(content, properties.get(content.id) ?? new Map<string, unknown>(), spaces)))
    .sort((a, b) => Number(a.id) - Number(b.id));
  const shown = matches.slice(paging.start, paging.start + paging.limit);
  const nextStart = paging.start + shown.length;
  const next = nextStart < matches.length ? nextLink(context.url, nextStart, paging.limit) : undefined;
  return jsonResponse(200, {
    results: shown.map((content) => resultJson(content, spaces.get(content.spaceId))),
    start: paging.start,
    limit: paging.limit,
    size: shown.length,
    totalSize: matches.length,
    cqlQuery: cql,
    searchDuration: 1,
    _links: { base: context.baseUrl, context: '/wiki', self: `${context.baseUrl}/rest/api/search`, ...(next ? { next } : {}) },
  });
}

function matcherFor(clause: CqlClause, indexes: ContentPropertyIndex[], db: DatabaseSync): Matcher | string {
  const { field, operator, value } = clause;
  const negated = operator.startsWith('!');
  const lower = field.toLowerCase();
  if (lower === 'type' || lower === 'space' || lower === 'space.key') {
    if (operator !== '=' && operator !== '!=') return `Could not parse cql : the operator '${operator}' is not supported for the field '${field}'`;
    if (lower !== 'type' && !selectSpaceByKey(db, value)) return negated ? () => true : () => false;
    return lower === 'type'
      ? (content) => (content.type === value) !== negated
      : (content, _properties, spaces) => (spaces.get(content.spaceId)?.key === value) !== negated;
  }
  const indexed = indexedValueOf(field, indexes);
  if (!indexed) return `Could not parse cql : the field '${field}' does not exist (no such field, search alias or indexed content property)`;
  const { propertyKey, value: declared } = indexed;
  if (!operatorAllowed(declared.type, operator)) return `Could not parse cql : the operator '${operator}' is not supported for the ${declared.type} field '${field}'`;
  const wanted = declared.type === 'number' ? Number(value) : value;
  if (declared.type === 'number' && !Number.isFinite(wanted)) return `Could not parse cql : '${value}' is not a number for the field '${field}'`;
  if (declared.type === 'date' && Number.isNaN(Date.parse(value))) return `Could not parse cql : '${value}' is not a date for the field '${field}'`;
  return (_content, properties) => {
    const stored = extract(properties.get(propertyKey), declared);
    if (stored === undefined) return false;
    const hit =
      operator === '~' || operator === '!~'
        ? textMatches(String(stored), value)
        : declared.type === 'date'
          ? String(stored).slice(0, 10) === new Date(value).toISOString().slice(0, 10)
          : stored === wanted;
    return hit !== negated;
  };
}

/** A search alias, or `content.property[key].path` spelled out. */
function indexedValueOf(field: string, indexes: ContentPropertyIndex[]): { propertyKey: string; value: IndexedValue } | undefined {
  const spelled = /^content\.property\[([A-Za-z0-9_]+)\]\.(.+)$/.exec(field);
  for (const index of indexes) {
    for (const value of index.values) {
      if (spelled ? spelled[1] === index.propertyKey && spelled[2] === value.path : value.searchAlias === field) return { propertyKey: index.propertyKey, value };
    }
  }
  return undefined;
}

/** CQL: text fields take only `~`/`!~`; numbers and dates are compared, never searched as words. */
function operatorAllowed(type: IndexedValue['type'], operator: CqlClause['operator']): boolean {
  if (type === 'text') return operator === '~' || operator === '!~';
  if (type === 'string') return true;
  return operator === '=' || operator === '!=';
}

/** The value at `path` when it has the declared type; arrays and objects are never indexed. */
function extract(property: unknown, declared: IndexedValue): string | number | undefined {
  let value: unknown = property;
  for (const segment of declared.path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  if (declared.type === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (declared.type === 'date') {
    if (typeof value === 'number') return new Date(value).toISOString();
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** Page id → property key → parsed value, for the indexed keys only. */
function indexedProperties(db: DatabaseSync, indexes: ContentPropertyIndex[]): Map<string, Map<string, unknown>> {
  const keys = indexes.map((index) => index.propertyKey);
  const byPage = new Map<string, Map<string, unknown>>();
  if (keys.length === 0) return byPage;
  const rows = db.prepare(`SELECT page_id, key, value_json FROM confluence_properties WHERE key IN (${keys.map(() => '?').join(', ')})`).all(...keys) as {
    page_id: number;
    key: string;
    value_json: string;
  }[];
  for (const row of rows) {
    const pageId = String(row.page_id);
    const properties = byPage.get(pageId) ?? new Map<string, unknown>();
    properties.set(row.key, JSON.parse(row.value_json) as unknown);
    byPage.set(pageId, properties);
  }
  return byPage;
}

function pagingOf(query: URLSearchParams): { start: number; limit: number } | string {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? DEFAULT_SEARCH_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0) return `limit must be a non-negative integer; got '${rawLimit ?? ''}'`;
  const cursor = query.get('cursor');
  let start = Number(query.get('start') ?? '0');
  if (cursor !== null) {
    const decoded = /^start:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded) return `Invalid cursor '${cursor}'`;
    start = Number(decoded[1]);
  }
  if (!Number.isInteger(start) || start < 0) return `start must be a non-negative integer; got '${query.get('start') ?? ''}'`;
  return { start, limit: Math.min(Math.max(limit, 1), MAX_SEARCH_LIMIT) };
}

/** `_links.next`, relative to the site's /wiki as v1 answers it: the same query from the next start, with a cursor. */
function nextLink(url: URL, start: number, limit: number): string {
  const query = new URLSearchParams(url.searchParams);
  query.set('cursor', Buffer.from(`start:${start}`, 'utf8').toString('base64url'));
  query.set('next', 'true');
  query.set('limit', String(limit));
  query.set('start', String(start));
  return `/rest/api/search?${query.toString()}`;
}

/** One SearchResult: the content, its title, URL and space (no excerpt: the local site keeps no search text). */
function resultJson(content: ConfluencePage, space: ConfluenceSpace | undefined): Record<string, unknown> {
  const spaceKey = space?.key ?? content.spaceId;
  const webui = content.type === 'page' ? `/spaces/${spaceKey}/pages/${content.id}` : `/spaces/${spaceKey}/blog/${content.id}`;
  return {
    content: { id: content.id, type: content.type, status: 'current', title: content.title, _links: { webui, self: `/rest/api/content/${content.id}` } },
    title: content.title,
    excerpt: '',
    url: webui,
    resultGlobalContainer: { title: space?.name ?? spaceKey, displayUrl: `/spaces/${spaceKey}` },
    entityType: 'content',
    iconCssClass: content.type === 'page' ? 'aui-icon content-type-page' : 'aui-icon content-type-blogpost',
    lastModified: content.version.createdAt,
    score: 0,
  };
}

/** The v1 error body: `{statusCode, data: {authorized, valid, errors, successful}, message}`. */
function v1Error(status: number, message: string): Response {
  return jsonResponse(status, { statusCode: status, data: { authorized: true, valid: false, errors: [], successful: false }, message });
}
