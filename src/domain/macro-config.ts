/**
 * Validates the macro's config (as the UI Kit config panel saves it) into MacroSettings plus
 * human-readable problems. Never throws: whatever was saved, the macro still renders something.
 */
import { DEFAULT_COLUMNS } from '../shared/labels';
import type { Layout, MacroConfigV2, MacroSettings, SpecPick, TableColumn } from '../shared/resolver-contract';
import { MAX_PARAMETER_COLUMNS, MAX_PARAMETER_NAME_LENGTH, splitParameterNames } from '../shared/parameter-names';
import { MAX_SPECS_PER_MACRO, SPEC_ID_PATTERN } from '../shared/spec-record';
import { withPlainHyphens } from '../shared/spec-id-text';

/** Admin bounds for the per-macro freshness TTL. */
export interface TtlBounds {
  minTtlSeconds: number;
  maxTtlSeconds: number;
  defaultTtlSeconds: number;
}

/** Result of {@link parseMacroConfig}; `problems` is empty when the config is valid. */
export interface ParsedMacroConfig {
  settings: MacroSettings;
  problems: string[];
}

/** Bounds used when the admin has set none. */
export const DEFAULT_TTL_BOUNDS: TtlBounds = { minTtlSeconds: 60, maxTtlSeconds: 86_400, defaultTtlSeconds: 600 };

/** Columns a table shows when the author picked none. */
export { DEFAULT_COLUMNS };

/** All table columns, in the order a table shows them. */
export const TABLE_COLUMNS: readonly TableColumn[] = [
  'id',
  'title',
  'revision',
  'status',
  'owner',
  'updatedAt',
  'parameters',
];

const LAYOUTS: readonly Layout[] = ['card', 'table', 'parameters'];
const SINGLE_SPEC_LAYOUTS: readonly Layout[] = ['card', 'parameters'];
const PINNED_REVISION_PATTERN = /^[A-Z0-9][A-Z0-9.-]{0,15}$/i;
const REVISION_ADVICE = 'use 1–16 letters, digits, dots or dashes starting with a letter or digit (e.g. C or 2.1)';
const MAX_NAMED_INVALID_IDS = 10;

/**
 * Turns the raw config into settings:
 * - `specIds`: text split on commas/whitespace (an array is accepted too), trimmed, upper-cased, de-duplicated;
 *   invalid ids are dropped and named; beyond MAX_SPECS_PER_MACRO the rest is dropped. A non-breaking or typographic
 *   hyphen (U+2011, U+2010: ids pasted from documents that replaced the hyphen) is read as "-".
 * - `layout`: a value string or a Select `{label, value}` option; default `card` for one id, else `table`.
 *   `card` and `parameters` show one spec: with several ids all ids are kept (switching back to `table`
 *   loses nothing) and a problem says only the first is shown, so renderers show `specIds[0]` only.
 * - `columns`: known columns in table order; unknown ones are named; none picked → the defaults.
 * - `parameterColumns`: parameter names (comma, semicolon or line separated) the table shows as columns, see
 *   shared/parameter-names.ts; a name too long or past MAX_PARAMETER_COLUMNS is named and left out; absent when none.
 * - `ttlMinutes` → `ttlSeconds` clamped to the bounds; non-numeric → the default with a problem.
 * - `SHAFT-1042@B` in `specIds` pins that spec to Rev B (`pinnedRevisions`); the revision is kept as typed
 *   (revisions are case-sensitive: `b` is asked for as `b`); a spec listed twice keeps its first entry.
 * - `pinnedRevision` (the older single field): kept as typed (trimmed) when it matches the revision pattern; it
 *   pins the first listed spec only, unless that spec has its own `@` pin (see {@link pinnedRevisionFor}).
 * An empty config is valid: no ids and no problems (the UI explains how to pick specs).
 * A version-2 config (the custom config dialog's: `specs`, `freshnessMinutes`) is read with the same rules.
 */
export function parseMacroConfig(raw: unknown, bounds: TtlBounds = DEFAULT_TTL_BOUNDS): ParsedMacroConfig {
  const config = classicFields(isRecord(raw) ? raw : {});
  const problems: string[] = [];
  const { specIds, pins } = parseSpecList(config.specIds, problems);
  const layout = parseLayout(config.layout, specIds, problems);
  const settings: MacroSettings = {
    specIds,
    layout,
    columns: parseColumns(config.columns, problems),
    ttlSeconds: parseTtl(config.ttlMinutes, bounds, problems),
  };
  const parameterColumns = parseParameterColumns(config.parameterColumns, problems);
  if (parameterColumns.length > 0) settings.parameterColumns = parameterColumns;
  const pinnedRevision = parsePinnedRevision(config.pinnedRevision, problems);
  const first = specIds[0];
  const firstPin = first === undefined ? undefined : pins.get(first);
  if (pinnedRevision !== undefined && firstPin !== undefined && firstPin !== pinnedRevision) {
    problems.push(`The pinned revision field (${pinnedRevision}) is ignored for ${first}: the spec list pins it to Rev ${firstPin}.`);
  }
  if (pinnedRevision !== undefined && firstPin === undefined) settings.pinnedRevision = pinnedRevision;
  if (pins.size > 0) settings.pinnedRevisions = Object.fromEntries(pins);
  return { settings, problems };
}

/**
 * The revision `specId` is pinned to: its own `ID@REV` pin, else the "Pinned revision" field when it is
 * the first spec (how macros saved before per-spec pins work), else none (always the latest).
 */
export function pinnedRevisionFor(settings: MacroSettings, specId: string): string | undefined {
  const own = settings.pinnedRevisions && Object.hasOwn(settings.pinnedRevisions, specId) ? settings.pinnedRevisions[specId] : undefined;
  return own ?? (specId === settings.specIds[0] ? settings.pinnedRevision : undefined);
}

/** A spec list entry: `SHAFT-1042` (latest) or `SHAFT-1042@B` (pinned to Rev B). */
interface SpecEntry {
  id: string;
  revision?: string;
}

function parseSpecList(raw: unknown, problems: string[]): { specIds: string[]; pins: Map<string, string> } {
  const tokens = toTokens(raw, /[\s,;]+/);
  if (tokens === null) {
    problems.push('Spec ids could not be read; enter them as text separated by commas, spaces or new lines.');
    return { specIds: [], pins: new Map() };
  }
  const entries = tokens.map((token) => toSpecEntry(token, problems));
  const invalid = [...new Set(entries.map((e) => e.id).filter((id) => !SPEC_ID_PATTERN.test(id)))];
  if (invalid.length > 0) problems.push(describeInvalidIds(invalid));
  const byId = new Map<string, SpecEntry>();
  for (const entry of entries.filter((e) => SPEC_ID_PATTERN.test(e.id))) {
    const kept = byId.get(entry.id);
    if (!kept) byId.set(entry.id, entry);
    else if (kept.revision !== entry.revision) problems.push(describeConflictingPin(kept, entry));
  }
  const valid = [...byId.values()];
  if (valid.length > MAX_SPECS_PER_MACRO) {
    problems.push(
      `${valid.length} spec ids were given; a macro shows at most ${MAX_SPECS_PER_MACRO}, so only the first ` +
        `${MAX_SPECS_PER_MACRO} are used.`,
    );
  }
  const used = valid.slice(0, MAX_SPECS_PER_MACRO);
  const pins = new Map(used.flatMap((e) => (e.revision === undefined ? [] : [[e.id, e.revision] as const])));
  return { specIds: used.map((e) => e.id), pins };
}

/** Ids are upper-cased; a revision after `@` is kept as written (the engineering system decides what it means). */
function toSpecEntry(typed: string, problems: string[]): SpecEntry {
  const token = withPlainHyphens(typed);
  const at = token.indexOf('@');
  if (at < 0) return { id: token.toUpperCase() };
  const id = token.slice(0, at).toUpperCase();
  const revision = token.slice(at + 1);
  if (PINNED_REVISION_PATTERN.test(revision)) return { id, revision };
  const what = revision === '' ? 'has no revision after "@"' : `has an invalid revision ${JSON.stringify(revision)}`;
  problems.push(`${JSON.stringify(token)} ${what}, so ${id} shows its latest revision; ${REVISION_ADVICE}.`);
  return { id };
}

function describeConflictingPin(kept: SpecEntry, ignored: SpecEntry): string {
  const name = (entry: SpecEntry): string => (entry.revision === undefined ? 'its latest revision' : `Rev ${entry.revision}`);
  return `${kept.id} is listed more than once; showing ${name(kept)} as listed first, not ${name(ignored)}.`;
}

function describeInvalidIds(invalid: string[]): string {
  const named = invalid.slice(0, MAX_NAMED_INVALID_IDS).map((id) => `"${id}"`).join(', ');
  const rest = invalid.length > MAX_NAMED_INVALID_IDS ? ` and ${invalid.length - MAX_NAMED_INVALID_IDS} more` : '';
  const noun = invalid.length === 1 ? 'is not a valid spec id' : 'are not valid spec ids';
  return `${named}${rest} ${noun} and ${invalid.length === 1 ? 'was' : 'were'} ignored; expected an upper-case ` +
    `prefix, a dash and digits (pattern ${SPEC_ID_PATTERN.source}, e.g. SHAFT-1042).`;
}

function parseLayout(raw: unknown, specIds: string[], problems: string[]): Layout {
  const fallback: Layout = specIds.length === 1 ? 'card' : 'table';
  const value = isRecord(raw) ? raw.value : raw;
  if (value === undefined || value === null || value === '') return fallback;
  const layout = LAYOUTS.find((known) => known === value);
  if (layout === undefined) {
    problems.push(`Layout ${JSON.stringify(value)} is unknown; using "${fallback}" (choose card, table or parameters).`);
    return fallback;
  }
  if (SINGLE_SPEC_LAYOUTS.includes(layout) && specIds.length > 1) {
    problems.push(
      `The "${layout}" layout shows one spec, so only ${specIds[0]} is shown of the ${specIds.length} listed; ` +
        'choose the table layout to show them all.',
    );
  }
  return layout;
}

function parseColumns(raw: unknown, problems: string[]): TableColumn[] {
  if (raw === undefined || raw === null) return [...DEFAULT_COLUMNS];
  const tokens = toTokens(raw, /[\s,;]+/);
  if (tokens === null) {
    problems.push('Columns could not be read; showing the default columns.');
    return [...DEFAULT_COLUMNS];
  }
  const unknown = tokens.filter((token) => !TABLE_COLUMNS.some((column) => column === token));
  if (unknown.length > 0) {
    problems.push(`Unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')} ignored.`);
  }
  const columns = TABLE_COLUMNS.filter((column) => tokens.includes(column));
  // An empty pick is what a panel saves when the author never opened the columns (card layout): no problem.
  return columns.length > 0 ? columns : [...DEFAULT_COLUMNS];
}

function parseParameterColumns(raw: unknown, problems: string[]): string[] {
  const names = splitParameterNames(raw);
  if (names === null) {
    problems.push('Parameter columns could not be read; enter parameter names as text separated by commas.');
    return [];
  }
  const tooLong = names.filter((name) => name.length > MAX_PARAMETER_NAME_LENGTH);
  if (tooLong.length > 0) {
    const noun = tooLong.length === 1 ? 'A parameter column name is' : `${tooLong.length} parameter column names are`;
    problems.push(`${noun} longer than ${MAX_PARAMETER_NAME_LENGTH} characters and ignored.`);
  }
  const usable = names.filter((name) => name.length <= MAX_PARAMETER_NAME_LENGTH);
  if (usable.length > MAX_PARAMETER_COLUMNS) {
    const dropped = usable.slice(MAX_PARAMETER_COLUMNS).map((name) => JSON.stringify(name)).join(', ');
    problems.push(`A table shows at most ${MAX_PARAMETER_COLUMNS} parameter columns; ${dropped} ${usable.length - MAX_PARAMETER_COLUMNS === 1 ? 'is' : 'are'} not shown.`);
  }
  return usable.slice(0, MAX_PARAMETER_COLUMNS);
}

function parseTtl(raw: unknown, bounds: TtlBounds, problems: string[]): number {
  const fallback = clamp(bounds.defaultTtlSeconds, bounds.minTtlSeconds, bounds.maxTtlSeconds);
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : raw;
  if (text === undefined || text === null || text === '') return fallback;
  if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text)) {
    problems.push(`Freshness ${JSON.stringify(text)} is not a number of minutes; using ${minutesText(fallback)}.`);
    return fallback;
  }
  const minutes = Number(text);
  const seconds = Math.round(minutes * 60);
  const clamped = clamp(seconds, bounds.minTtlSeconds, bounds.maxTtlSeconds);
  if (clamped !== seconds) {
    const side = seconds < clamped ? 'below the minimum' : 'above the maximum';
    problems.push(`Freshness ${text} min is ${side} of ${minutesText(clamped)}; using ${minutesText(clamped)}.`);
  }
  return clamped;
}

function parsePinnedRevision(raw: unknown, problems: string[]): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const revision = typeof raw === 'string' ? raw.trim() : raw;
  if (revision === '') return undefined;
  if (typeof revision === 'string' && PINNED_REVISION_PATTERN.test(revision)) return revision;
  problems.push(`Pinned revision ${JSON.stringify(revision)} is not valid and was ignored; ${REVISION_ADVICE}.`);
  return undefined;
}

/**
 * Any saved config as version 2, losing nothing the macro shows: `specIds` text becomes `specs` (ids upper-cased,
 * `ID@REV` pins kept as written, a spec listed twice kept once as listed first, invalid ids kept so the macro still
 * names them), the old `pinnedRevision` becomes the first spec's pin unless it has its own, `ttlMinutes` becomes
 * `freshnessMinutes`; other fields are kept. A version-2 config is returned with its `specs` cleaned.
 */
export function migrateMacroConfig(raw: unknown): MacroConfigV2 {
  const config = isRecord(raw) ? raw : {};
  if (config.version === 2) return { ...config, version: 2, specs: specPicks(config.specs) };
  const { specIds, pinnedRevision, ttlMinutes, ...rest } = config;
  const specs = uniquePicks((toTokens(specIds, /[\s,;]+/) ?? []).map(toPick));
  const oldPin = typeof pinnedRevision === 'string' ? pinnedRevision.trim() : '';
  if (specs[0] && specs[0].revision === undefined && PINNED_REVISION_PATTERN.test(oldPin)) specs[0] = { ...specs[0], revision: oldPin };
  const freshness = typeof ttlMinutes === 'number' ? String(ttlMinutes) : typeof ttlMinutes === 'string' ? ttlMinutes.trim() : '';
  return { ...rest, version: 2, specs, ...(freshness === '' ? {} : { freshnessMinutes: freshness }) };
}

/** A version-2 config in the field names the rules above read (`specIds` with `ID@REV`, `ttlMinutes`). */
function classicFields(config: Record<string, unknown>): Record<string, unknown> {
  if (config.version !== 2) return config;
  const { specs, freshnessMinutes, ...rest } = config;
  const specIds = Array.isArray(specs) ? specPicks(specs).map((pick) => (pick.revision ? `${pick.id}@${pick.revision}` : pick.id)) : specs;
  return { ...rest, specIds, ttlMinutes: freshnessMinutes };
}

function toPick(token: string): SpecPick {
  const at = token.indexOf('@');
  if (at < 0) return { id: token.toUpperCase() };
  const revision = token.slice(at + 1);
  return revision === '' ? { id: token.slice(0, at).toUpperCase() } : { id: token.slice(0, at).toUpperCase(), revision };
}

function uniquePicks(picks: SpecPick[]): SpecPick[] {
  const seen = new Set<string>();
  return picks.filter((pick) => !seen.has(pick.id) && seen.add(pick.id) !== undefined);
}

function specPicks(raw: unknown): SpecPick[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    if (!isRecord(entry) || typeof entry.id !== 'string' || entry.id.trim() === '') return [];
    const revision = typeof entry.revision === 'string' ? entry.revision.trim() : '';
    return [revision === '' ? { id: entry.id.trim() } : { id: entry.id.trim(), revision }];
  });
}

/** Splits text (or a string array) into non-empty tokens; null when the value is neither. */
function toTokens(raw: unknown, separator: RegExp): string[] | null {
  if (raw === undefined || raw === null) return [];
  const isTextList = Array.isArray(raw) && raw.every((part) => typeof part === 'string');
  const parts = typeof raw === 'string' ? [raw] : isTextList ? raw : null;
  if (parts === null) return null;
  return parts.flatMap((part: string) => part.split(separator)).map((t) => t.trim()).filter((t) => t !== '');
}

function minutesText(seconds: number): string {
  const minutes = Math.round((seconds / 60) * 100) / 100;
  return `${minutes} min`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
