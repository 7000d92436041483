/**
 * A record link pasted into the Confluence editor (Forge macro `autoConvert`): Confluence inserts the macro and hands
 * it the link as `extension.autoConvertLink`. The manifest's matcher is broad and fixed at deploy time, so the link is
 * checked here against the record URL pattern the deployment configured (ENG_RECORD_URL_PATTERN, e.g.
 * `https://plm.example.com/specs/{id}`) before the id in it is trusted. Every outcome is a value: a link that does not
 * fit is a config problem the macro shows, never an exception.
 */
import { SPEC_ID_PATTERN } from '../shared/spec-record';

/** The spec id a pasted link names, or the sentence the macro shows instead. */
export type PastedLinkResult = { ok: true; specId: string } | { ok: false; problem: string };

const ID_PLACEHOLDER = '{id}';
const MAX_LINK_LENGTH = 2048;
const MAX_SHOWN_LINK = 120;
const NOT_SET_UP =
  'This macro was made from a pasted link, but Spec Bridge is not set up to read record links (an admin sets the record link pattern); ' +
  'enter the spec id in the macro settings.';

/**
 * Checks `pattern` (the configured record URL with one `{id}` in its path or as one query value): undefined when
 * usable, else why not. Only http(s); `{id}` may not be in the host.
 */
export function recordUrlPatternProblem(pattern: string): string | undefined {
  const parts = patternParts(pattern);
  return 'problem' in parts ? parts.problem : undefined;
}

/** The spec id named by `link` when it fits `pattern`; a problem sentence otherwise (no pattern → not set up). */
export function specIdFromPastedLink(link: string, pattern: string | undefined): PastedLinkResult {
  const parts = pattern === undefined ? undefined : patternParts(pattern);
  if (parts === undefined || 'problem' in parts) return { ok: false, problem: NOT_SET_UP };
  const url = link.length <= MAX_LINK_LENGTH ? parseHttpUrl(link.trim()) : undefined;
  const notARecord = `The pasted link ${shown(link)} is not a link to a record in the engineering system (links look like ${parts.example}); enter the spec id in the macro settings.`;
  if (!url || url.username !== '' || url.password !== '') return { ok: false, problem: notARecord };
  if (url.protocol !== parts.url.protocol || url.host !== parts.url.host) return { ok: false, problem: notARecord };
  const raw = parts.idInQuery === undefined ? matchPath(url.pathname, parts.path) : matchQuery(url, parts);
  if (raw === undefined) return { ok: false, problem: notARecord };
  const specId = decoded(raw)?.toUpperCase();
  if (specId === undefined || !SPEC_ID_PATTERN.test(specId)) {
    return { ok: false, problem: `The pasted link ${shown(link)} does not name a valid spec id (such as SHAFT-1042); enter the spec id in the macro settings.` };
  }
  return { ok: true, specId };
}

/**
 * The raw macro config with the pasted link's spec in it. An author's own spec ids win: the link only fills a macro
 * whose config lists none (how Confluence inserts it), so editing the config later replaces what the link said.
 */
export function withPastedLink(config: unknown, link: string | undefined, pattern: string | undefined): { config: unknown; problems: string[] } {
  if (link === undefined || link === '' || hasSpecIds(config)) return { config, problems: [] };
  const result = specIdFromPastedLink(link, pattern);
  if (!result.ok) return { config, problems: [result.problem] };
  const base = typeof config === 'object' && config !== null && !Array.isArray(config) ? config : {};
  // A config the dialog saved (version 2) lists its specs in `specs`, which the rules read instead of `specIds`.
  if ((base as { version?: unknown }).version === 2) return { config: { ...base, specs: [{ id: result.specId }] }, problems: [] };
  return { config: { ...base, specIds: result.specId }, problems: [] };
}

interface PatternParts {
  url: URL;
  /** The path split at `{id}`: what comes before and after it (no `{id}` in the path when the id is a query value). */
  path: { before: string; after: string } | string;
  /** The query name whose value is `{id}`. */
  idInQuery?: string;
  /** The pattern with a sample id, for messages. */
  example: string;
}

function patternParts(pattern: string): PatternParts | { problem: string } {
  const count = pattern.split(ID_PLACEHOLDER).length - 1;
  if (count !== 1) return { problem: `the record URL pattern must hold ${ID_PLACEHOLDER} exactly once (it holds it ${count} times)` };
  const url = parseHttpUrl(pattern.replace(ID_PLACEHOLDER, 'SPEC-ID'));
  if (!url) return { problem: 'the record URL pattern must be an http(s) URL such as https://plm.example.com/specs/{id}' };
  if (url.hostname.includes('spec-id')) return { problem: `${ID_PLACEHOLDER} may not be part of the host` };
  const example = pattern.replace(ID_PLACEHOLDER, 'SHAFT-1042');
  const base = new URL(pattern.replace(ID_PLACEHOLDER, 'SPEC-ID'));
  const pathAt = base.pathname.indexOf('SPEC-ID');
  if (pathAt >= 0) {
    return { url: base, path: { before: base.pathname.slice(0, pathAt), after: base.pathname.slice(pathAt + 'SPEC-ID'.length) }, example };
  }
  const idInQuery = [...base.searchParams].find(([, value]) => value === 'SPEC-ID')?.[0];
  if (idInQuery === undefined) return { problem: `${ID_PLACEHOLDER} must be a whole query value or part of the path` };
  return { url: base, path: base.pathname, idInQuery, example };
}

/** The id segment when `pathname` is the pattern's path around one non-empty segment (a trailing slash is allowed). */
function matchPath(pathname: string, path: PatternParts['path']): string | undefined {
  if (typeof path === 'string') return undefined;
  const trimmed = pathname.endsWith('/') && !path.after.endsWith('/') ? pathname.slice(0, -1) : pathname;
  if (trimmed.length < path.before.length + path.after.length) return undefined;
  if (!trimmed.startsWith(path.before) || !trimmed.endsWith(path.after)) return undefined;
  const id = trimmed.slice(path.before.length, trimmed.length - path.after.length);
  return id !== '' && !id.includes('/') ? id : undefined;
}

/** The id query value when the path is the pattern's and the other query values the pattern names are the same. */
function matchQuery(url: URL, parts: PatternParts): string | undefined {
  if (url.pathname.replace(/\/$/, '') !== (parts.path as string).replace(/\/$/, '')) return undefined;
  for (const [name, value] of parts.url.searchParams) {
    if (name !== parts.idInQuery && url.searchParams.get(name) !== value) return undefined;
  }
  const id = url.searchParams.get(parts.idInQuery ?? '');
  return id === null || id === '' ? undefined : encodeURIComponent(id);
}

function hasSpecIds(config: unknown): boolean {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return false;
  const { specIds, specs, version } = config as { specIds?: unknown; specs?: unknown; version?: unknown };
  if (version === 2) return Array.isArray(specs) && specs.length > 0;
  if (typeof specIds === 'string') return specIds.trim() !== '';
  return Array.isArray(specIds) && specIds.some((id) => typeof id === 'string' && id.trim() !== '');
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The link as a message shows it: quoted, control characters out, cut short. */
function shown(link: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = link.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return JSON.stringify(clean.length > MAX_SHOWN_LINK ? `${clean.slice(0, MAX_SHOWN_LINK)}…` : clean);
}
