import { describe, expect, it, test } from 'vitest';
import type { SpecParameter, Tolerance } from './spec-record';
import type { SpecView } from './resolver-contract';
import {
  decimalsOf,
  describeFreshness,
  formatActual,
  formatLimits,
  formatNumber,
  formatParameter,
  formatRelativeTime,
  formatTimestamp,
  checkLimits,
  isOutOfLimits,
  normalizeUnit,
  parameterLimits,
  printableUrl,
  safeHttpUrl,
} from './format-parameter';

const M = '\u2212';
const G = '\u202F';

function param(nominal: number | null, unit: string, tolerance?: Tolerance, actual?: number): SpecParameter {
  return { name: 'p', nominal, unit, ...(tolerance ? { tolerance } : {}), ...(actual === undefined ? {} : { actual }) };
}

const sym = (value: number): Tolerance => ({ type: 'symmetric', value });
const dev = (upper: number, lower: number): Tolerance => ({ type: 'deviation', upper, lower });
const lim = (min: number, max: number): Tolerance => ({ type: 'limits', min, max });

describe('normalizeUnit', () => {
  it.each([
    ['um', 'µm'],
    ['\u03BCm', 'µm'],
    ['micron', 'µm'],
    ['Nm', 'N·m'],
    ['N*m', 'N·m'],
    ['N.m', 'N·m'],
    ['N m', 'N·m'],
    ['kNm', 'kN·m'],
    ['Nmm', 'N·mm'],
    ['degC', '°C'],
    ['°C', '°C'],
    ['\u00BAC', '°C'],
    ['deg', '°'],
    ['degF', '°F'],
    ['ohm', 'Ω'],
    ['Ohm', 'Ω'],
    ['\u2126', 'Ω'],
    ['kohm', 'kΩ'],
    ['Mohm', 'MΩ'],
    ['mohm', 'mΩ'],
    ['uF', 'µF'],
    ['us', 'µs'],
    ['mm2', 'mm²'],
    ['m^3', 'm³'],
    ['percent', '%'],
    [' V ', 'V'],
    ['nm', 'nm'],
    ['mm', 'mm'],
    ['rpm', 'rpm'],
    ['', ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeUnit(input)).toBe(expected);
  });
});

describe('formatNumber', () => {
  it.each([
    [25, 3, '25.000'],
    [-3.5, 2, `${M}3.50`],
    [-0.0001, 2, '0.00'],
    [-0, 1, '0.0'],
    [1234, 0, '1234'],
    [12345.5, 1, `12${G}345.5`],
    [1500000, 0, `1${G}500${G}000`],
    [1.5e-12, 13, `1.5×10⁻¹²`],
    [2e16, 0, `2×10¹⁶`],
    [0.1 + 0.2, 1, '0.3'],
  ])('formats %d with %d decimals as %j', (value, decimals, expected) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });

  it.each([
    [25, 0],
    [0.005, 3],
    [0.1 + 0.2, 1],
    [1.5e-7, 8],
    [-2.25, 2],
    [1e21, 0],
  ])('counts the decimals of %d as %d', (value, expected) => {
    expect(decimalsOf(value)).toBe(expected);
  });
});

describe('formatParameter', () => {
  it.each([
    ['symmetric', param(25, 'mm', sym(0.005)), '25.000 ± 0.005 mm'],
    ['symmetric, nominal finer than tolerance', param(25.125, 'mm', sym(0.1)), '25.125 ± 0.100 mm'],
    ['symmetric, negative nominal', param(-3.5, 'mm', sym(0.05)), `${M}3.50 ± 0.05 mm`],
    ['symmetric, zero tolerance', param(25, 'mm', sym(0)), '25 ± 0 mm'],
    ['symmetric without nominal', param(null, 'mm', sym(0.2)), '± 0.2 mm'],
    ['deviation, hole H7', param(12, 'mm', dev(0.018, 0)), `12.000 +0.018/${M}0.000 mm`],
    ['deviation, asymmetric', param(50, 'mm', dev(0.1, 0.25)), `50.00 +0.10/${M}0.25 mm`],
    ['deviation, both below nominal', param(40, 'mm', dev(-0.025, 0.05)), `40.000 ${M}0.025/${M}0.050 mm`],
    ['deviation, both above nominal', param(40, 'mm', dev(0.05, -0.025)), `40.000 +0.050/+0.025 mm`],
    ['deviation, equal magnitudes read as ±', param(10, 'mm', dev(0.2, 0.2)), '10.0 ± 0.2 mm'],
    ['limits only', param(null, 'V', lim(4.75, 5.25)), '4.75–5.25 V'],
    ['limits given high to low', param(null, 'V', lim(5.25, 4.75)), '4.75–5.25 V'],
    ['limits with nominal', param(5, 'V', lim(4.75, 5.25)), '5.00 V (4.75–5.25 V)'],
    ['negative limits', param(null, 'degC', lim(-40, 85)), `${M}40 to 85 °C`],
    ['torque unit', param(12, 'Nm', sym(0.5)), '12.0 ± 0.5 N·m'],
    ['resistance unit', param(4.7, 'Mohm', sym(0.05)), '4.70 ± 0.05 MΩ'],
    ['micrometre unit', param(0.8, 'um', sym(0.1)), '0.8 ± 0.1 µm'],
    ['angle has no space', param(45, 'deg', sym(0.5)), '45.0 ± 0.5°'],
    ['dimensionless', param(3.3, '', sym(0.1)), '3.3 ± 0.1'],
    ['no tolerance', param(42, 'N·m'), '42 N·m'],
    ['nothing specified', param(null, 'mm'), '—'],
    ['very small values', param(0.0005, 'mm', sym(0.0001)), '0.0005 ± 0.0001 mm'],
    ['very large values', param(250000, 'N', sym(5000)), `250${G}000 ± 5000 N`],
    ['tiny values go scientific', param(1.5e-12, 'F', sym(1e-13)), '1.5×10⁻¹² ± 1×10⁻¹³ F'],
  ])('formats %s', (_label, parameter, expected) => {
    expect(formatParameter(parameter)).toBe(expected);
  });
});

describe('limits', () => {
  it.each([
    [param(25, 'mm', sym(0.005)), [24.995, 25.005]],
    [param(12, 'mm', dev(0.018, 0)), [12, 12.018]],
    [param(40, 'mm', dev(-0.025, 0.05)), [39.95, 39.975]],
    [param(null, 'V', lim(5.25, 4.75)), [4.75, 5.25]],
    [param(null, 'mm', sym(0.1)), undefined],
    [param(25, 'mm'), undefined],
  ])('parameterLimits(%j) is %j', (parameter, expected) => {
    const limits = parameterLimits(parameter);

    if (expected === undefined) expect(limits).toBeUndefined();
    else expect(limits?.map((v) => Number(v.toFixed(9)))).toEqual(expected);
  });

  it.each([
    [param(25, 'mm', sym(0.005)), '24.995–25.005 mm'],
    [param(-3.5, 'mm', sym(0.05)), `${M}3.55 to ${M}3.45 mm`],
    [param(25, 'mm'), ''],
  ])('formatLimits(%j) is %j', (parameter, expected) => {
    expect(formatLimits(parameter)).toBe(expected);
  });

  it.each([
    ['actual inside', param(25, 'mm', sym(0.005), 25.004), false],
    ['actual on the upper bound', param(25, 'mm', sym(0.005), 25.005), false],
    ['actual above', param(25, 'mm', sym(0.005), 25.0051), true],
    ['actual below', param(25, 'mm', sym(0.005), 24.99), true],
    ['nominal beside limits outside them, nothing measured', param(5.5, 'V', lim(4.75, 5.25)), false],
    ['nominal beside limits inside them', param(5, 'V', lim(4.75, 5.25)), false],
    ['basic size outside its deviation zone is not a violation', param(40, 'mm', dev(-0.025, 0.05)), false],
    ['actual outside a deviation zone', param(40, 'mm', dev(-0.025, 0.05), 40), true],
    ['negative limits, actual inside', param(null, '°C', lim(-40, 85), -39.5), false],
    ['no limits declared', param(25, 'mm', undefined, 99), false],
  ])('isOutOfLimits: %s → %s', (_label, parameter, expected) => {
    expect(isOutOfLimits(parameter)).toBe(expected);
  });

  it.each([
    ['an actual 1 Ω against 1 MΩ–1 PΩ', 'outside', param(null, '\u03A9', lim(1e6, 1e15), 1)],
    ['an actual −3 Hz against 1 Hz–5 GHz', 'outside', param(null, 'Hz', lim(1, 5e9), -3)],
    ['an actual just past a wide upper bound', 'outside', param(null, 'Hz', lim(1, 5e9), 5e9 + 10)],
    ['an actual on a bound computed with float noise', 'within', param(0.3, 'mm', sym(0.1), 0.2)],
    ['an actual on a derived zero bound', 'within', param(0.3, 'mm', sym(0.3), 0)],
    ['an actual just below a derived zero bound', 'outside', param(0.3, 'mm', sym(0.3), -1e-12)],
    ['an actual inside wide limits', 'within', param(null, '\u03A9', lim(1e6, 1e15), 2e6)],
  ])('checkLimits scales the margin with the bound tested: %s is %s', (_label, expected, parameter) => {
    expect(checkLimits(parameter)).toBe(expected);
  });

  it.each([
    ['a measured value with no limits (PSU-4801 efficiency)', param(85, '%', undefined, 88.5)],
    ['a fit seat written as limits with no measured value (BRG-3003 m6)', param(40, 'mm', lim(40.009, 40.025))],
    ['a fit seat written as limits with no measured value (FIT-3102 s6)', param(35, 'mm', lim(35.043, 35.059))],
    ['limits with no measured value', param(null, 'V', lim(4.75, 5.25))],
  ])('checkLimits says nothing when there is nothing to check: %s', (_label, parameter) => {
    expect(checkLimits(parameter)).toBeUndefined();
    expect(isOutOfLimits(parameter)).toBe(false);
  });

  it.each([
    [param(25, 'mm', sym(0.005), 25.004), '25.004 mm'],
    [param(25, 'mm', sym(0.01), 25.0042), '25.0042 mm'],
    [param(25, 'mm', sym(0.01), -1), `${M}1.00 mm`],
    [param(25, 'mm', sym(0.01)), ''],
  ])('formatActual(%j) is %j', (parameter, expected) => {
    expect(formatActual(parameter)).toBe(expected);
  });
});

describe('time', () => {
  const now = Date.parse('2026-03-04T12:00:00Z');

  it.each([
    ['2026-03-04T12:00:00Z', 'just now'],
    ['2026-03-04T11:59:01Z', 'just now'],
    ['2026-03-04T12:05:00Z', 'just now'],
    ['2026-03-04T11:59:00Z', '1 minute ago'],
    ['2026-03-04T11:57:00Z', '3 minutes ago'],
    ['2026-03-04T11:00:01Z', '59 minutes ago'],
    ['2026-03-04T09:00:00Z', '3 hours ago'],
    ['2026-03-03T12:00:01Z', '23 hours ago'],
    ['2026-03-03T12:00:00Z', 'yesterday'],
    ['2026-03-02T12:00:00Z', '2 days ago'],
    ['2026-02-19T12:00:00Z', '13 days ago'],
    ['2026-02-18T12:00:00Z', '2 weeks ago'],
    ['2026-02-01T12:00:00Z', '1 month ago'],
    // The age the issue saw as "437 d ago".
    ['2024-12-22T12:00:00Z', '14 months ago'],
    ['2024-09-01T12:00:00Z', '1 year ago'],
    ['2023-03-04T12:00:00Z', '3 years ago'],
    ['not a date', 'at an unknown time'],
  ])('formatRelativeTime(%j) is %j', (iso, expected) => {
    expect(formatRelativeTime(iso, now)).toBe(expected);
  });

  it.each([
    ['2026-03-04T14:05:09.123Z', '2026-03-04 14:05 UTC'],
    ['2026-03-04T14:05:00+02:00', '2026-03-04 12:05 UTC'],
    ['garbage', 'garbage'],
  ])('formatTimestamp(%j) is %j', (iso, expected) => {
    expect(formatTimestamp(iso)).toBe(expected);
  });
});

describe('describeFreshness', () => {
  const now = Date.parse('2026-03-04T12:00:00Z');
  const record = {
    id: 'SHAFT-1042',
    title: 'Drive shaft',
    revision: 'C',
    status: 'released' as const,
    owner: 'A. Engineer',
    updatedAt: '2026-03-04T09:00:00Z',
    url: 'https://eng.example.com/specs/SHAFT-1042',
    parameters: [],
  };
  const base: SpecView = { id: 'SHAFT-1042', state: 'fresh', record, fetchedAt: '2026-03-04T11:58:00Z' };

  it.each<[string, SpecView, string]>([
    ['fresh', base, 'Rev C · changed 3 hours ago in the engineering system · checked 2 minutes ago'],
    ['stale', { ...base, state: 'stale' }, 'Rev C · changed 3 hours ago in the engineering system · checked 2 minutes ago · stale'],
    [
      'degraded',
      { ...base, state: 'degraded' },
      // Why it is degraded is said once, above the data (outage-wording.ts), not again in every freshness line.
      'Rev C · changed 3 hours ago in the engineering system · checked 2 minutes ago',
    ],
    ['missing', { id: 'SHAFT-1042', state: 'missing' }, 'no data yet'],
    [
      'pinned',
      { ...base, pinned: { revision: 'C', latestRevision: 'D', changes: null } },
      'Rev C (pinned) · changed 3 hours ago in the engineering system · checked 2 minutes ago',
    ],
  ])('describes a %s spec', (_label, spec, expected) => {
    expect(describeFreshness(spec, now)).toBe(expected);
  });
});

test('every formatted negative number uses the real minus sign, never a hyphen', () => {
  const parameters = [param(-3.5, 'mm', sym(0.05)), param(40, 'mm', dev(-0.025, 0.05)), param(null, '°C', lim(-40, -10))];

  const texts = parameters.map(formatParameter);
  const limits = parameters.map(formatLimits);

  expect([...texts, ...limits].join(' ')).not.toMatch(/-/);
  expect(texts.every((t) => t.includes(M))).toBe(true);
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://eng.example.com/specs/SHAFT-1042', 'https://eng.example.com/specs/SHAFT-1042'],
    ['http://eng.example.com/x', 'http://eng.example.com/x'],
    ['  HTTPS://Eng.Example.com/a b ', 'https://eng.example.com/a%20b'],
    ['javascript:alert(1)', undefined],
    ['JavaScript:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['ftp://eng.example.com/x', undefined],
    ['/relative/path', undefined],
    ['', undefined],
  ])('safeHttpUrl(%j) is %j', (url, expected) => {
    expect(safeHttpUrl(url)).toBe(expected);
  });

  it.each([
    ['a user name that looks like the trusted host', 'https://plm.example.com@evil.example/login'],
    ['a user name and password', 'https://plm.example.com:secret@evil.example/login'],
    ['an empty user name', 'https://@evil.example/login'],
    ['a punycode host', 'https://xn--plm-ppa.example.com/specs/S-1'],
    ['a Unicode look-alike host', 'https://pl\u043C.example.com/specs/S-1'],
    ['a right-to-left override', 'https://plm.example.com/specs/\u202Efdp.exe'],
    ['a bidi isolate', 'https://plm.example.com/\u2066x\u2069'],
    ['a zero-width space', 'https://plm.example.com\u200B/specs'],
    ['a tab (stripped by URL parsers)', 'https://plm.exa\tmple.com/specs'],
    ['a newline', 'https://plm.example.com/\nspecs'],
    ['a C1 control', 'https://plm.example.com/\u0085'],
  ])('safeHttpUrl refuses a link with %s', (_label, url) => {
    expect(safeHttpUrl(url)).toBeUndefined();
  });

  test('printableUrl shows hidden characters of a refused address as U+FFFD', () => {
    expect(printableUrl('https://plm.example.com/specs/\u202Efdp.exe')).toBe('https://plm.example.com/specs/\uFFFDfdp.exe');
  });
});

describe('one-sided limits', () => {
  const upTo = (max: number): Tolerance => ({ type: 'limits', max });
  const atLeast = (min: number): Tolerance => ({ type: 'limits', min });

  it.each([
    ['an upper limit alone', param(null, 'mm', upTo(0.01)), '≤ 0.01 mm', '≤ 0.01 mm'],
    ['a lower limit alone', param(null, 'N', atLeast(5)), '≥ 5 N', '≥ 5 N'],
    ['a negative upper limit', param(null, '°C', upTo(-20)), `≤ ${M}20 °C`, `≤ ${M}20 °C`],
    ['a lower limit beside a nominal', param(5.5, 'N', atLeast(5)), '5.5 N (≥ 5.0 N)', '≥ 5.0 N'],
  ])('%s reads the way engineers write it', (_label, parameter, specification, limits) => {
    expect(formatParameter(parameter)).toBe(specification);
    expect(formatLimits(parameter)).toBe(limits);
  });

  it.each([
    ['below an upper limit', param(null, 'mm', upTo(0.01), 0.008), 'within'],
    ['past an upper limit', param(null, 'mm', upTo(0.01), 0.013), 'outside'],
    ['far below an upper limit (no lower bound)', param(null, 'mm', upTo(0.01), -1e9), 'within'],
    ['above a lower limit', param(null, 'N', atLeast(5), 1e9), 'within'],
    ['under a lower limit', param(null, 'N', atLeast(5), 4.9), 'outside'],
  ])('a measured value %s is %s', (_label, parameter, expected) => {
    expect(checkLimits(parameter)).toBe(expected);
  });

  test('limits with neither side declare no limits and check nothing', () => {
    const parameter = param(null, 'mm', { type: 'limits' }, 3);

    expect([parameterLimits(parameter), formatLimits(parameter), formatParameter(parameter), checkLimits(parameter)]).toEqual([undefined, '', '—', undefined]);
  });
});
