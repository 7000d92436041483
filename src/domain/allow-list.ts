/**
 * The site admin's allow-list of what may be embedded (docs/decisions.md §29): per Confluence space, the spec id
 * patterns macros in that space may show. The engineering token is app-wide, so without it any page editor could show
 * any record the token can read on any page. Pure rules: validation, matching, and the problem a refused spec shows.
 */
import type { AllowListEntry } from '../shared/admin-contract';
import type { SpecProblem, SpecView } from '../shared/resolver-contract';
import type { MacroSnapshot } from './snapshot';

/** Most entries (spaces) one list holds, most patterns per entry, longest pattern. */
export const MAX_ALLOW_LIST_ENTRIES = 200;
export const MAX_PATTERNS_PER_ENTRY = 100;
export const MAX_PATTERN_LENGTH = 40;

/** The entry that applies to every space without its own. */
export const EVERY_OTHER_SPACE = '*';

/**
 * Space keys as Confluence allows them: letters and digits (up to 255), or a personal space: `~` and the owner's
 * account id or user name (letters, digits, `:`, `_`, `-`).
 */
const SPACE_KEY = /^(?:[A-Za-z0-9]{1,255}|~[A-Za-z0-9:_-]{1,128})$/;
/** Spec id characters (upper-case letters, digits, `-`) and `*` (a lone `*` allows every spec in the space). */
const PATTERN = /^[A-Z0-9*-]+$/;

/**
 * What the app knows of the policy: a list (empty: no restriction), or `unreadable` when it could not be read or
 * the stored value is malformed. Unreadable refuses every spec (fail closed).
 */
export type AllowListPolicy = { kind: 'list'; entries: AllowListEntry[] } | { kind: 'unreadable'; reason: 'malformed' | 'unavailable' };

export const NO_RESTRICTION: AllowListPolicy = { kind: 'list', entries: [] };

/** A field of the submitted list that is refused, with where it is (`entries[2].patterns[0]`). */
export interface AllowListProblem {
  path: string;
  message: string;
}

/**
 * Checks a submitted (or stored) list and answers it normalised (space keys and patterns trimmed, repeated
 * patterns dropped) or every problem found. Space keys compare regardless of case, so two entries for `eng` and
 * `ENG` are a repeat.
 */
export function validateAllowList(value: unknown): { ok: true; entries: AllowListEntry[] } | { ok: false; problems: AllowListProblem[] } {
  if (!Array.isArray(value)) return { ok: false, problems: [{ path: 'entries', message: 'The allow-list must be a list of entries.' }] };
  const problems: AllowListProblem[] = [];
  if (value.length > MAX_ALLOW_LIST_ENTRIES) problems.push({ path: 'entries', message: `At most ${MAX_ALLOW_LIST_ENTRIES} spaces can have entries.` });
  const seen = new Set<string>();
  const entries: AllowListEntry[] = [];
  value.slice(0, MAX_ALLOW_LIST_ENTRIES + 1).forEach((raw: unknown, i) => {
    const at = `entries[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push({ path: at, message: 'An entry needs a space key and patterns.' });
      return;
    }
    const { spaceKey, patterns } = raw as { spaceKey?: unknown; patterns?: unknown };
    const key = typeof spaceKey === 'string' ? spaceKey.trim() : '';
    if (key !== EVERY_OTHER_SPACE && !SPACE_KEY.test(key)) {
      problems.push({ path: `${at}.spaceKey`, message: `"${String(spaceKey).slice(0, 60)}" is not a Confluence space key (letters and digits, or ~ and a user for a personal space; * for every other space).` });
    } else if (seen.has(key.toUpperCase())) {
      problems.push({ path: `${at}.spaceKey`, message: `The space ${key} has more than one entry.` });
    }
    seen.add(key.toUpperCase());
    if (!Array.isArray(patterns)) {
      problems.push({ path: `${at}.patterns`, message: 'Patterns must be a list (empty: nothing may be shown in this space).' });
      return;
    }
    if (patterns.length > MAX_PATTERNS_PER_ENTRY) problems.push({ path: `${at}.patterns`, message: `At most ${MAX_PATTERNS_PER_ENTRY} patterns per space.` });
    const kept: string[] = [];
    patterns.slice(0, MAX_PATTERNS_PER_ENTRY + 1).forEach((pattern: unknown, j) => {
      const text = typeof pattern === 'string' ? pattern.trim() : '';
      const problem = patternProblem(text);
      if (problem) problems.push({ path: `${at}.patterns[${j}]`, message: `"${String(pattern).slice(0, 60)}": ${problem}` });
      else if (!kept.includes(text)) kept.push(text);
    });
    entries.push({ spaceKey: key, patterns: kept });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

function patternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'a pattern cannot be empty.';
  if (pattern.length > MAX_PATTERN_LENGTH) return `a pattern has at most ${MAX_PATTERN_LENGTH} characters.`;
  if (!PATTERN.test(pattern)) return 'use spec id characters (A–Z, 0–9, -) and * for any run of characters.';
  return undefined;
}

/** Whether `specId` matches `pattern` (`*`: any run of characters, also none). */
export function matchesPattern(pattern: string, specId: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === specId;
  const first = parts[0] ?? '';
  const last = parts.at(-1) ?? '';
  if (!specId.startsWith(first) || specId.length < first.length + last.length || !specId.endsWith(last)) return false;
  let from = first.length;
  const end = specId.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = specId.indexOf(middle, from);
    if (found < 0 || found + middle.length > end) return false;
    from = found + middle.length;
  }
  return true;
}

/**
 * Whether a macro in `spaceKey` may show `specId`: with no entries, always; else by the space's own entry (space keys
 * compared regardless of case), else the `*` entry, else (a space the list does not name) yes. A space the app could
 * not tell (undefined) gets the strictest answer: allowed only when every entry allows it. Unreadable: never.
 */
export function isAllowed(policy: AllowListPolicy, spaceKey: string | undefined, specId: string): boolean {
  if (policy.kind === 'unreadable') return false;
  const { entries } = policy;
  if (entries.length === 0) return true;
  const matches = (entry: AllowListEntry) => entry.patterns.some((pattern) => matchesPattern(pattern, specId));
  if (spaceKey === undefined) return entries.every(matches);
  const own = entries.find((entry) => entry.spaceKey !== EVERY_OTHER_SPACE && entry.spaceKey.toUpperCase() === spaceKey.toUpperCase());
  const applies = own ?? entries.find((entry) => entry.spaceKey === EVERY_OTHER_SPACE);
  return applies === undefined || matches(applies);
}

/** The specs of `specIds` a macro in `spaceKey` may not show, in their order. */
export function refusedSpecs(policy: AllowListPolicy, spaceKey: string | undefined, specIds: readonly string[]): string[] {
  return specIds.filter((id) => !isAllowed(policy, spaceKey, id));
}

/** Whether the policy restricts anything at all (a list with entries, or unreadable). */
export function restricts(policy: AllowListPolicy): boolean {
  return policy.kind === 'unreadable' || policy.entries.length > 0;
}

/** The problem a refused spec shows where it would be. */
export function notAllowedProblem(policy: AllowListPolicy, specId: string): SpecProblem {
  if (policy.kind === 'unreadable') {
    return {
      code: 'not_allowed',
      message:
        policy.reason === 'unavailable'
          ? `Spec Bridge could not read its site settings just now, so ${specId} is not shown; try again in a moment.`
          : `Spec Bridge's site settings could not be read, so ${specId} is not shown; a site admin can save them again on Spec Bridge's settings page.`,
    };
  }
  return { code: 'not_allowed', message: `Spec Bridge's site settings do not allow ${specId} in this space.` };
}

/**
 * The views with each spec refused in `spaceKey` replaced by its problem: no record, no fetch time, no pin — nothing
 * of the record stays, whatever the cache, the engineering system or a snapshot gave.
 */
export function withoutRefused(specs: SpecView[], policy: AllowListPolicy, spaceKey: string | undefined): SpecView[] {
  if (!restricts(policy)) return specs;
  return specs.map((spec) => (isAllowed(policy, spaceKey, spec.id) ? spec : { id: spec.id, state: 'missing', problem: notAllowedProblem(policy, spec.id) }));
}

/** A stored snapshot with each spec refused in `spaceKey` reduced to its id and problem (the export's rule). */
export function snapshotWithoutRefused(snapshot: MacroSnapshot, policy: AllowListPolicy, spaceKey: string | undefined): MacroSnapshot {
  if (!restricts(policy)) return snapshot;
  return {
    ...snapshot,
    specs: snapshot.specs.map((spec) => (isAllowed(policy, spaceKey, spec.id) ? spec : { id: spec.id, problem: notAllowedProblem(policy, spec.id) })),
  };
}
