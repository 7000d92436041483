/**
 * Engineering number formatting shared by the macro view and the export: nominal ± tolerance,
 * deviations, limits, unit symbols, and freshness wording. Pure; the caller passes the clock.
 *
 * Typography, used everywhere:
 * - minus is U+2212 (−), ranges use an en dash (–), separators are a middle dot (·);
 * - a normal space goes around ± and between a number and its unit (none before an angle °);
 * - integer parts of 5+ digits are grouped in threes with a narrow no-break space (U+202F);
 * - a one-sided limit reads `≤ 0.01 mm` or `≥ 5 N` (a normal space after the sign).
 */
import type { SpecParameter } from './spec-record';
import type { SpecView } from './resolver-contract';

export const MINUS = '\u2212';
export const EN_DASH = '\u2013';
export const DIGIT_GROUP_SEPARATOR = '\u202F';
export const SEPARATOR = ' \u00B7 ';

/** Past this many decimals numbers switch to scientific notation (×10ⁿ). */
const MAX_DECIMALS = 9;
const LARGEST_PLAIN = 1e15;
const SUPERSCRIPT: Record<string, string> = {
  '-': '\u207B', '0': '\u2070', '1': '\u00B9', '2': '\u00B2', '3': '\u00B3', '4': '\u2074',
  '5': '\u2075', '6': '\u2076', '7': '\u2077', '8': '\u2078', '9': '\u2079',
};

// Keys are matched lower-cased first, then as written (Greek letters do not survive lower-casing).
const UNIT_ALIASES: Record<string, string> = {
  um: '\u00B5m', '\u03BCm': '\u00B5m', micron: '\u00B5m', microns: '\u00B5m',
  degc: '\u00B0C', 'deg c': '\u00B0C', '\u00B0c': '\u00B0C', '\u00BAc': '\u00B0C', celsius: '\u00B0C',
  degf: '\u00B0F', 'deg f': '\u00B0F', '\u00B0f': '\u00B0F', '\u00BAf': '\u00B0F',
  deg: '\u00B0', degree: '\u00B0', degrees: '\u00B0', '\u00BA': '\u00B0',
  ohm: '\u03A9', ohms: '\u03A9', '\u2126': '\u03A9',
  pct: '%', percent: '%',
};
const OHM_WITH_PREFIX = /^([kKmMG])(?:ohms?|Ohms?|\u03A9|\u2126)$/;
const MICRO_PREFIX = /^[u\u03BC\u00B5](s|A|V|F|H|g|L|l|W)$/;
const NEWTON_METRE = /^([kM]?)N\s*[*.·-]?\s*([cmk]?)m$/;
const POWER = /^(k?m|cm|mm|\u00B5m|in|ft)\^?([23])$/;
const NO_SPACE_UNITS = new Set(['\u00B0', '\u2032', '\u2033']);

/** The unit as engineers write it: um→µm, Nm→N·m, degC→°C, ohm→Ω, Mohm→MΩ; '' stays ''. */
export function normalizeUnit(unit: string): string {
  const raw = unit.trim();
  if (raw === '') return '';
  const alias = UNIT_ALIASES[raw.toLowerCase()] ?? UNIT_ALIASES[raw];
  if (alias) return alias;
  const ohm = OHM_WITH_PREFIX.exec(raw);
  if (ohm) return `${ohm[1] === 'K' ? 'k' : ohm[1]}\u03A9`;
  const micro = MICRO_PREFIX.exec(raw);
  if (micro) return `\u00B5${micro[1]}`;
  const torque = NEWTON_METRE.exec(raw);
  if (torque) return `${torque[1]}N·${torque[2]}m`;
  const power = POWER.exec(raw.replace(/^u/, '\u00B5'));
  if (power) return `${power[1]}${power[2] === '2' ? '²' : '³'}`;
  return raw;
}

/** Appends the normalised unit with the right spacing (none for '' and for angle symbols). */
export function withUnit(text: string, unit: string): string {
  const symbol = normalizeUnit(unit);
  if (symbol === '') return text;
  return NO_SPACE_UNITS.has(symbol) ? `${text}${symbol}` : `${text} ${symbol}`;
}

/** Decimal places in the shortest faithful form of `value` (float noise removed). */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  const text = String(Number(Math.abs(value).toPrecision(12)));
  const [mantissa = '', exponent] = text.split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - (exponent ? Number(exponent) : 0));
}

function needsScientific(value: number, decimals: number): boolean {
  return Math.abs(value) >= LARGEST_PLAIN || (value !== 0 && decimals > MAX_DECIMALS);
}

function scientific(value: number): string {
  const [mantissa = '0', exponent = '0'] = Number(value.toPrecision(6)).toExponential().split('e');
  const power = String(Number(exponent)).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
  return `${mantissa.replace('-', MINUS)}×10${power}`;
}

function groupDigits(integer: string): string {
  if (integer.length < 5) return integer;
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, DIGIT_GROUP_SEPARATOR);
}

/** `value` with exactly `decimals` places, U+2212 minus, grouped thousands; never "−0.00". */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (needsScientific(value, decimals)) return scientific(value);
  const fixed = Math.abs(value).toFixed(Math.min(decimals, MAX_DECIMALS));
  const [integer = '0', fraction] = fixed.split('.');
  const body = fraction === undefined ? groupDigits(integer) : `${groupDigits(integer)}.${fraction}`;
  const isZero = /^[0.]*$/.test(fixed);
  return value < 0 && !isZero ? `${MINUS}${body}` : body;
}

function range(min: string, max: string, negative: boolean): string {
  return negative ? `${min} to ${max}` : `${min}${EN_DASH}${max}`;
}

/** Limits as engineers write them: `4.75–5.25 V`, or one side, `≤ 0.01 mm` / `≥ 5 N` (an infinite side is not given). */
function limitsText(lower: number, upper: number, decimals: number, unit: string): string {
  if (lower === Number.NEGATIVE_INFINITY) return withUnit(`\u2264 ${formatNumber(upper, decimals)}`, unit);
  if (upper === Number.POSITIVE_INFINITY) return withUnit(`\u2265 ${formatNumber(lower, decimals)}`, unit);
  return withUnit(range(formatNumber(lower, decimals), formatNumber(upper, decimals), lower < 0), unit);
}

/** The range a `limits` tolerance gives, a missing side as infinity. */
function limitsRange(tolerance: { min?: number; max?: number }): readonly [number, number] {
  const lower = tolerance.min ?? Number.NEGATIVE_INFINITY;
  const upper = tolerance.max ?? Number.POSITIVE_INFINITY;
  return [Math.min(lower, upper), Math.max(lower, upper)];
}

/** The numbers a parameter shows, so one decimals count makes them line up. */
function shownNumbers(parameter: SpecParameter): number[] {
  const t = parameter.tolerance;
  const numbers = parameter.nominal === null ? [] : [parameter.nominal];
  if (t?.type === 'symmetric') numbers.push(t.value);
  if (t?.type === 'deviation') numbers.push(t.upper, t.lower);
  if (t?.type === 'limits') numbers.push(...[t.min, t.max].filter((n) => n !== undefined));
  return numbers;
}

/** Decimal places for every number of this parameter: the finest of nominal and tolerance. */
export function parameterDecimals(parameter: SpecParameter): number {
  return Math.max(0, ...shownNumbers(parameter).map(decimalsOf));
}

/** An upper deviation reads +x (−x when negative); a lower one reads −x (+x when negative). */
function deviation(value: number, decimals: number, side: 'upper' | 'lower'): string {
  const below = side === 'upper' ? value < 0 : value >= 0;
  return `${below ? MINUS : '+'}${formatNumber(Math.abs(value), decimals)}`;
}

/**
 * The nominal/tolerance text, e.g. `25.000 ± 0.005 mm`, `12.000 +0.018/−0.000 mm`, `4.75–5.25 V`.
 * Deviations are magnitudes (+upper/−lower); a negative magnitude flips its sign; equal ones read ±.
 */
export function formatParameter(parameter: SpecParameter): string {
  const { nominal, tolerance, unit } = parameter;
  const d = parameterDecimals(parameter);
  const base = nominal === null ? '' : formatNumber(nominal, d);
  if (!tolerance) return nominal === null ? '—' : withUnit(base, unit);
  if (tolerance.type === 'symmetric') {
    return withUnit(`${base ? `${base} ` : ''}± ${formatNumber(Math.abs(tolerance.value), d)}`, unit);
  }
  if (tolerance.type === 'deviation') {
    if (tolerance.upper === tolerance.lower && tolerance.upper >= 0) {
      return withUnit(`${base ? `${base} ` : ''}± ${formatNumber(tolerance.upper, d)}`, unit);
    }
    const devs = `${deviation(tolerance.upper, d, 'upper')}/${deviation(tolerance.lower, d, 'lower')}`;
    return withUnit(base ? `${base} ${devs}` : devs, unit);
  }
  if (tolerance.min === undefined && tolerance.max === undefined) return nominal === null ? '—' : withUnit(base, unit);
  const limits = limitsText(...limitsRange(tolerance), d, unit);
  return nominal === null ? limits : `${withUnit(base, unit)} (${limits})`;
}

/** The acceptance range [min, max] a parameter declares (a one-sided limit's open side is infinite); undefined when it declares none. */
export function parameterLimits(parameter: SpecParameter): readonly [number, number] | undefined {
  const { nominal, tolerance } = parameter;
  if (!tolerance) return undefined;
  if (tolerance.type === 'limits') return tolerance.min === undefined && tolerance.max === undefined ? undefined : limitsRange(tolerance);
  if (nominal === null) return undefined;
  if (tolerance.type === 'symmetric') return [nominal - Math.abs(tolerance.value), nominal + Math.abs(tolerance.value)];
  const bounds = [nominal - tolerance.lower, nominal + tolerance.upper] as const;
  return [Math.min(...bounds), Math.max(...bounds)];
}

/** The limits as text at the parameter's precision (`24.995–25.005 mm`, `≤ 0.01 mm`); '' when none. */
export function formatLimits(parameter: SpecParameter): string {
  const limits = parameterLimits(parameter);
  if (!limits) return '';
  return limitsText(limits[0], limits[1], parameterDecimals(parameter), parameter.unit);
}

/** The measured value at the parameter's precision (or finer); '' when none. */
export function formatActual(parameter: SpecParameter): string {
  if (parameter.actual === undefined) return '';
  const d = Math.max(parameterDecimals(parameter), decimalsOf(parameter.actual));
  return withUnit(formatNumber(parameter.actual, d), parameter.unit);
}

/**
 * How far past a bound a value may sit and still count as on it: a billionth of that bound. It absorbs float noise
 * such as 25 + 0.005 = 25.005000000000003 (relative error ~1e-16) without letting a far-off value through on a
 * wide range (1 Ω against 1 MΩ–1 PΩ). A bound at or near zero needs no margin: nominal − tolerance with the two
 * close together is computed exactly (Sterbenz), so a derived zero is a true zero.
 */
function margin(bound: number): number {
  return 1e-9 * Math.abs(bound);
}

/** What the limits check says about a parameter; undefined when there is nothing to check. */
type LimitsCheck = 'within' | 'outside';

/**
 * Checks the measured (actual) value against the declared limits; undefined when the parameter has no actual value
 * or no limits. The nominal is never checked: beside limits it is often the basic size of a fit (40 with m6 limits
 * 40.009–40.025), which legitimately sits outside its zone.
 */
export function checkLimits(parameter: SpecParameter): LimitsCheck | undefined {
  const limits = parameterLimits(parameter);
  const actual = parameter.actual;
  if (!limits || actual === undefined || !Number.isFinite(actual)) return undefined;
  const [min, max] = limits;
  return actual < min - margin(min) || actual > max + margin(max) ? 'outside' : 'within';
}

/** True when the measured value lies outside the declared limits (see checkLimits). */
export function isOutOfLimits(parameter: SpecParameter): boolean {
  return checkLimits(parameter) === 'outside';
}

/** How many parameters a record lists and how many of them are out of limits (what a table row shows of them). */
export function summarizeParameters(parameters: readonly SpecParameter[]): NonNullable<SpecView['parameterSummary']> {
  return { count: parameters.length, outOfLimits: parameters.filter(isOutOfLimits).length };
}

function ago(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

const DAYS_PER_MONTH = 365.25 / 12;

/**
 * An age the way people say it: 'just now', '1 minute ago', '3 hours ago', 'yesterday', '5 days ago', '2 weeks ago',
 * '14 months ago', '2 years ago' (months up to a year and a half, then years). Future times read 'just now'.
 */
export function formatRelativeTime(fromIso: string, nowMs: number): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return 'at an unknown time';
  const seconds = Math.floor((nowMs - from) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return ago(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return ago(hours, 'hour');
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 14) return ago(days, 'day');
  if (days < 30) return ago(Math.floor(days / 7), 'week');
  const months = Math.floor(days / DAYS_PER_MONTH);
  if (months < 18) return ago(Math.max(1, months), 'month');
  return ago(Math.floor(days / 365.25), 'year');
}

/** An absolute UTC time for print and tooltips: `2026-03-04 14:05 UTC`; the input when unparsable. */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const STATE_WORDING: Record<SpecView['state'], string | undefined> = {
  fresh: undefined,
  // Whether a newer revision is being checked for is only known to the macro (src/frontend/stale-note.ts).
  stale: 'stale',
  // The macro says why, once, above the data (src/frontend/outage-wording.ts); the line only says how old it is.
  degraded: undefined,
  missing: 'no data yet',
};

/**
 * One line saying how current a spec is, e.g.
 * "Rev C · changed 3 h ago in the engineering system · checked 2 min ago" (+ stale wording, with `staleNote` after
 * "stale, " when given).
 */
export function describeFreshness(spec: SpecView, nowMs: number, staleNote?: string): string {
  const parts: string[] = [];
  if (spec.record) {
    parts.push(`Rev ${spec.record.revision}${spec.pinned ? ' (pinned)' : ''}`);
    parts.push(`changed ${formatRelativeTime(spec.record.updatedAt, nowMs)} in the engineering system`);
  }
  if (spec.fetchedAt) parts.push(`checked ${formatRelativeTime(spec.fetchedAt, nowMs)}`);
  const wording = STATE_WORDING[spec.state];
  if (wording) parts.push(spec.state === 'stale' && staleNote ? `${wording}, ${staleNote}` : wording);
  return parts.length > 0 ? parts.join(SEPARATOR) : 'not checked yet';
}

/**
 * Characters a link must not carry: C0/C1 controls and DEL, and the invisible formatting characters that can make
 * an address read differently from where it goes (bidi marks, embeddings, overrides and isolates, zero-width ones).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/**
 * Why `url` must not become a link, or undefined when it may: it must be an absolute http(s) address with no
 * user name or password (`https://plm.example.com@evil.example/` goes to evil.example), no hidden characters, and
 * no internationalised (punycode) host name, whose look-alike letters can imitate a trusted host.
 */
export function unsafeLinkReason(url: string): string | undefined {
  if (HIDDEN_CHARACTERS.test(url)) return 'contains control or invisible formatting characters';
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'is not an absolute address';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'is not an http(s) address';
  if (parsed.username !== '' || parsed.password !== '' || /^[a-z]+:\/\/[^/?#]*@/i.test(url.trim())) return 'carries a user name or password';
  if (parsed.hostname.split('.').some((label) => label.startsWith('xn--'))) return 'has an internationalised (punycode) host name';
  return undefined;
}

/** The address as plain text with its hidden characters shown as U+FFFD, for links that are refused. */
export function printableUrl(url: string): string {
  return url.replace(new RegExp(HIDDEN_CHARACTERS.source, 'g'), '\uFFFD');
}

/** The URL when it is a safe absolute http: or https: link (see unsafeLinkReason), else undefined (show it as plain text). */
export function safeHttpUrl(url: string): string | undefined {
  return unsafeLinkReason(url) === undefined ? new URL(url.trim()).href : undefined;
}
