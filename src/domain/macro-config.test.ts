import { expect, it, test } from 'vitest';
import { DEFAULT_COLUMNS, DEFAULT_TTL_BOUNDS, migrateMacroConfig, parseMacroConfig, pinnedRevisionFor } from './macro-config';
import type { MacroSettings } from '../shared/resolver-contract';
import { MAX_SPECS_PER_MACRO } from '../shared/spec-record';

function ids(count: number): string {
  return Array.from({ length: count }, (_, i) => `S-${i + 1}`).join(',');
}

it.each([
  ['undefined', undefined],
  ['null', null],
  ['an empty object', {}],
  ['untouched panel fields', { specIds: '', layout: '', columns: [], ttlMinutes: '', pinnedRevision: '' }],
])('treats %s as a valid empty config', (_name, raw) => {
  const result = parseMacroConfig(raw);

  expect(result).toEqual({
    settings: { specIds: [], layout: 'table', columns: [...DEFAULT_COLUMNS], ttlSeconds: 600 },
    problems: [],
  });
});

it.each([
  ['comma separated', 'S-100,S-101', ['S-100', 'S-101']],
  ['space separated', 'S-100 S-101', ['S-100', 'S-101']],
  ['newline separated with blank lines', 'S-100\n\n  S-101\r\n', ['S-100', 'S-101']],
  ['mixed separators', ' S-100 ,\tS-101;S-102 ', ['S-100', 'S-101', 'S-102']],
  ['lower case', 'shaft-1042', ['SHAFT-1042']],
  ['duplicates after upper-casing', 'S-100, s-100, S-101, S-100', ['S-100', 'S-101']],
  ['an array of strings', ['S-100', ' s-101 '], ['S-100', 'S-101']],
])('reads spec ids %s', (_name, specIds, expected) => {
  const result = parseMacroConfig({ specIds });

  expect(result.settings.specIds).toEqual(expected);
  expect(result.problems).toEqual([]);
});

it.each([
  ['a missing dash', 'S100', 'S100'],
  ['a digit prefix', '1-100', '1-100'],
  ['a prefix longer than 10 characters', 'ABCDEFGHIJK-1', 'ABCDEFGHIJK-1'],
  ['letters after the dash', 's-1a', 'S-1A'],
])('drops an id with %s and names it with the expected pattern', (_name, bad, named) => {
  const result = parseMacroConfig({ specIds: `S-100, ${bad}` });

  expect(result.settings.specIds).toEqual(['S-100']);
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0]).toContain(`"${named}"`);
  expect(result.problems[0]).toContain('^[A-Z][A-Z0-9]{0,9}-[0-9]{1,8}$');
});

test('names several invalid ids in one problem', () => {
  const result = parseMacroConfig({ specIds: 'X, S-1, Y' });

  expect(result.problems).toEqual([expect.stringMatching(/^"X", "Y" are not valid spec ids/)]);
});

test('keeps the first ids up to the limit and reports how many were given', () => {
  const given = MAX_SPECS_PER_MACRO + 14;

  const result = parseMacroConfig({ specIds: ids(given) });

  expect(result.settings.specIds).toHaveLength(MAX_SPECS_PER_MACRO);
  expect(result.settings.specIds[0]).toBe('S-1');
  expect(result.problems).toEqual([expect.stringContaining(`${given} spec ids were given`)]);
});

test('reports non-text spec ids and keeps none', () => {
  const result = parseMacroConfig({ specIds: 42 });

  expect(result.settings.specIds).toEqual([]);
  expect(result.problems).toEqual([expect.stringContaining('could not be read')]);
});

it.each([
  ['no layout and one id', 'S-1', undefined, 'card'],
  ['no layout and two ids', 'S-1 S-2', undefined, 'table'],
  ['a value string', 'S-1 S-2', 'table', 'table'],
  ['a Select option object', 'S-1', { label: 'Parameters', value: 'parameters' }, 'parameters'],
  ['an option object for card', 'S-1', { label: 'Card', value: 'card' }, 'card'],
])('chooses the layout from %s', (_name, specIds, layout, expected) => {
  const result = parseMacroConfig({ specIds, layout });

  expect(result.settings.layout).toBe(expected);
  expect(result.problems).toEqual([]);
});

test('falls back to the default layout and reports an unknown one', () => {
  const result = parseMacroConfig({ specIds: 'S-1', layout: { label: 'Grid', value: 'grid' } });

  expect(result.settings.layout).toBe('card');
  expect(result.problems).toEqual([expect.stringContaining('"grid" is unknown')]);
});

it.each(['card', 'parameters'])('keeps all ids for the %s layout and says only the first is shown', (layout) => {
  const result = parseMacroConfig({ specIds: 'S-1 S-2 S-3', layout });

  expect(result.settings).toMatchObject({ specIds: ['S-1', 'S-2', 'S-3'], layout });
  expect(result.problems).toEqual([expect.stringContaining('only S-1 is shown of the 3 listed')]);
});

it.each([
  ['a CheckboxGroup pick, put in table order', ['owner', 'id', 'parameters'], ['id', 'owner', 'parameters'], 0],
  ['duplicates', ['title', 'title'], ['title'], 0],
  ['an empty pick', [], [...DEFAULT_COLUMNS], 0],
  ['an unknown column among known ones', ['id', 'colour'], ['id'], 1],
  ['only unknown columns', ['colour'], [...DEFAULT_COLUMNS], 1],
  ['a value that is not a list', 7, [...DEFAULT_COLUMNS], 1],
])('reads columns from %s', (_name, columns, expected, problemCount) => {
  const result = parseMacroConfig({ columns });

  expect(result.settings.columns).toEqual(expected);
  expect(result.problems).toHaveLength(problemCount);
});

it.each([
  ['whole minutes', '15', 900, 0],
  ['a number value', 30, 1800, 0],
  ['fractional minutes', '2.5', 150, 0],
  ['the minimum', '1', 60, 0],
  ['the maximum', '1440', 86_400, 0],
  ['below the minimum', '0.5', 60, 1],
  ['zero', '0', 60, 1],
  ['a negative number', '-5', 60, 1],
  ['above the maximum', '2000', 86_400, 1],
  ['words', 'ten', 600, 1],
  ['a number with a unit', '10m', 600, 1],
])('turns a TTL of %s into seconds within bounds', (_name, ttlMinutes, expected, problemCount) => {
  const result = parseMacroConfig({ ttlMinutes });

  expect(result.settings.ttlSeconds).toBe(expected);
  expect(result.problems).toHaveLength(problemCount);
});

test('names the bound that clamped the TTL', () => {
  const result = parseMacroConfig({ ttlMinutes: '2000' });

  expect(result.problems).toEqual(['Freshness 2000 min is above the maximum of 1440 min; using 1440 min.']);
});

test('uses admin bounds and keeps the default inside them', () => {
  const bounds = { ...DEFAULT_TTL_BOUNDS, minTtlSeconds: 900, defaultTtlSeconds: 600 };

  expect(parseMacroConfig({}, bounds).settings.ttlSeconds).toBe(900);
  expect(parseMacroConfig({ ttlMinutes: '5' }, bounds).settings.ttlSeconds).toBe(900);
});

it.each([
  ['a letter', 'C', 'C', 0],
  ['a dotted version with spaces around', ' 2.1 ', '2.1', 0],
  ['a lower-case revision with a dash', 'rev-3', 'rev-3', 0],
  ['sixteen characters', 'A123456789012345', 'A123456789012345', 0],
  ['seventeen characters', 'A1234567890123456', undefined, 1],
  ['a leading dash', '-C', undefined, 1],
  ['a space inside', 'rev 3', undefined, 1],
  ['an empty string', '', undefined, 0],
])('reads a pinned revision of %s', (_name, pinnedRevision, expected, problemCount) => {
  const result = parseMacroConfig({ pinnedRevision });

  expect(result.settings.pinnedRevision).toBe(expected);
  expect(result.problems).toHaveLength(problemCount);
});

test('collects problems from every field at once', () => {
  const result = parseMacroConfig({ specIds: 'S-1 nope', layout: 'grid', ttlMinutes: 'x', pinnedRevision: '!' });

  expect(result.problems).toHaveLength(4);
});

test('ID@REV in the spec list pins that spec, upper-casing the id and keeping the revision as written', () => {
  const result = parseMacroConfig({ specIds: 'shaft-1042@b, PSU-4801@B BOLT-2001' });

  expect(result.problems).toEqual([]);
  expect(result.settings.specIds).toEqual(['SHAFT-1042', 'PSU-4801', 'BOLT-2001']);
  expect(result.settings.pinnedRevisions).toEqual({ 'SHAFT-1042': 'b', 'PSU-4801': 'B' });
  expect(result.settings.pinnedRevision).toBeUndefined();
  expect(['SHAFT-1042', 'PSU-4801', 'BOLT-2001'].map((id) => pinnedRevisionFor(result.settings, id))).toEqual(['b', 'B', undefined]);
});

test('a config saved with the pinned revision field keeps its settings exactly and pins the first spec only', () => {
  const result = parseMacroConfig({ specIds: 'SHAFT-1042, PSU-4801', layout: 'table', pinnedRevision: 'B' });

  expect(result.problems).toEqual([]);
  expect(result.settings).toEqual({ specIds: ['SHAFT-1042', 'PSU-4801'], layout: 'table', columns: [...DEFAULT_COLUMNS], ttlSeconds: 600, pinnedRevision: 'B' });
  expect(pinnedRevisionFor(result.settings, 'SHAFT-1042')).toBe('B');
  expect(pinnedRevisionFor(result.settings, 'PSU-4801')).toBeUndefined();
});

test("a spec's own pin wins over the pinned revision field, and a conflict is named", () => {
  const result = parseMacroConfig({ specIds: 'SHAFT-1042@A, PSU-4801', pinnedRevision: 'B' });

  expect(pinnedRevisionFor(result.settings, 'SHAFT-1042')).toBe('A');
  expect(pinnedRevisionFor(result.settings, 'PSU-4801')).toBeUndefined();
  expect(result.settings.pinnedRevision).toBeUndefined();
  expect(result.problems).toEqual(['The pinned revision field (B) is ignored for SHAFT-1042: the spec list pins it to Rev A.']);
});

it.each([
  ['an empty revision', 'SHAFT-1042@', '"SHAFT-1042@" has no revision after "@", so SHAFT-1042 shows its latest revision'],
  ['an invalid revision', 'SHAFT-1042@-x', '"SHAFT-1042@-x" has an invalid revision "-x", so SHAFT-1042 shows its latest revision'],
])('a spec with %s after @ is kept unpinned and the author is told', (_name, specIds, problem) => {
  const result = parseMacroConfig({ specIds });

  expect(result.settings.specIds).toEqual(['SHAFT-1042']);
  expect(result.settings.pinnedRevisions).toBeUndefined();
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0]).toContain(problem);
});

test('a spec listed twice with different revisions keeps its first entry and says so', () => {
  const result = parseMacroConfig({ specIds: 'SHAFT-1042@B, BOLT-2001, SHAFT-1042' });

  expect(result.settings.specIds).toEqual(['SHAFT-1042', 'BOLT-2001']);
  expect(result.settings.pinnedRevisions).toEqual({ 'SHAFT-1042': 'B' });
  expect(result.problems).toEqual(['SHAFT-1042 is listed more than once; showing Rev B as listed first, not its latest revision.']);
});

test('a pin is not applied to an id that is invalid', () => {
  const result = parseMacroConfig({ specIds: 'nope@B' });

  expect(result.settings.specIds).toEqual([]);
  expect(result.settings.pinnedRevisions).toBeUndefined();
  expect(result.problems[0]).toContain('"NOPE" is not a valid spec id');
});

it.each([
  ['ids and per-spec pins', { specIds: 'shaft-1042, BOLT-2001@B', layout: 'table' }],
  ['the old first-spec pin field', { specIds: 'SHAFT-1042 PSU-4801', pinnedRevision: ' C ', layout: 'table' }],
  ['an own pin beside the old field', { specIds: 'SHAFT-1042@B PSU-4801', pinnedRevision: 'C' }],
  ['a freshness in minutes', { specIds: 'SHAFT-1042', ttlMinutes: '30', columns: ['id', 'status'] }],
  ['a spec listed twice', { specIds: 'SHAFT-1042@B, shaft-1042@C, BOLT-2001' }],
  ['invalid ids', { specIds: 'X, SHAFT-1042' }],
  ['an empty panel', { specIds: '', layout: '', columns: [], ttlMinutes: '', pinnedRevision: '' }],
])('a classic config with %s shows the same after migration to version 2', (_name, classic) => {
  const migrated = migrateMacroConfig(classic);

  expect(migrated.version).toBe(2);
  expect(shown(parseMacroConfig(migrated).settings)).toEqual(shown(parseMacroConfig(classic).settings));
});

/** What a macro shows from its settings: which specs, how, and each spec's pinned revision. */
function shown(settings: MacroSettings) {
  const { specIds, layout, columns, ttlSeconds } = settings;
  return { specIds, layout, columns, ttlSeconds, pins: specIds.map((id) => pinnedRevisionFor(settings, id)) };
}

test('migration turns the id text and the old pin field into picked specs and keeps other fields', () => {
  const migrated = migrateMacroConfig({ specIds: 'shaft-1042\nBOLT-2001@b, SHAFT-1042@X', pinnedRevision: 'C', ttlMinutes: 15, layout: 'table', parameterColumns: 'Diameter' });

  expect(migrated).toEqual({
    version: 2,
    specs: [{ id: 'SHAFT-1042', revision: 'C' }, { id: 'BOLT-2001', revision: 'b' }],
    freshnessMinutes: '15',
    layout: 'table',
    parameterColumns: 'Diameter',
  });
});

test('a version-2 config is read with the classic rules: pins per spec, freshness in minutes, invalid ids named', () => {
  const result = parseMacroConfig({ version: 2, specs: [{ id: 'SHAFT-1042', revision: 'B' }, { id: 'bolt-2001' }, { id: 'X' }], layout: 'table', freshnessMinutes: '2000' });

  expect(result.settings).toMatchObject({ specIds: ['SHAFT-1042', 'BOLT-2001'], pinnedRevisions: { 'SHAFT-1042': 'B' }, ttlSeconds: 86_400 });
  expect(result.problems).toEqual([
    expect.stringMatching(/^"X" is not a valid spec id/),
    'Freshness 2000 min is above the maximum of 1440 min; using 1440 min.',
  ]);
});

test('a version-2 config keeps its picks and drops malformed entries when migrated again', () => {
  expect(migrateMacroConfig({ version: 2, specs: [{ id: ' SHAFT-1042 ', revision: '' }, null, { id: 7 }, { id: 'BOLT-2001', revision: 'B' }] })).toEqual({
    version: 2,
    specs: [{ id: 'SHAFT-1042' }, { id: 'BOLT-2001', revision: 'B' }],
  });
});

test('an id pasted with a non-breaking or typographic hyphen (as word processors write it) reads as the plain id', () => {
  const result = parseMacroConfig({ specIds: 'SHAFT\u20111042, bolt\u20102001@B' });

  expect(result.settings.specIds).toEqual(['SHAFT-1042', 'BOLT-2001']);
  expect(result.settings.pinnedRevisions).toEqual({ 'BOLT-2001': 'B' });
  expect(result.problems).toEqual([]);
});

test('parameter columns are names separated by commas, semicolons or lines, kept as written without repeats', () => {
  const result = parseMacroConfig({ specIds: 'S-1', parameterColumns: ' Bore  diameter, Radial runout at seat;\nbore diameter\n\n' });

  expect(result.settings.parameterColumns).toEqual(['Bore diameter', 'Radial runout at seat']);
  expect(result.problems).toEqual([]);
});

it.each([
  ['a config saved before the field existed', {}],
  ['an empty field', { parameterColumns: '' }],
  ['separators only', { parameterColumns: ' , ;\n' }],
])('%s has no parameter columns and no problem', (_label, raw) => {
  const result = parseMacroConfig({ specIds: 'S-1', ...raw });

  expect(result.settings).not.toHaveProperty('parameterColumns');
  expect(result.problems).toEqual([]);
});

test('parameter columns past the most a table shows are named as a config problem and left out', () => {
  const names = Array.from({ length: 10 }, (_, i) => `P${i + 1}`);

  const result = parseMacroConfig({ specIds: 'S-1', parameterColumns: names.join(', ') });

  expect(result.settings.parameterColumns).toEqual(names.slice(0, 8));
  expect(result.problems).toEqual(['A table shows at most 8 parameter columns; "P9", "P10" are not shown.']);
});

test('a parameter column name longer than any parameter name is a config problem, the others are kept', () => {
  const result = parseMacroConfig({ specIds: 'S-1', parameterColumns: `Mass, ${'x'.repeat(201)}` });

  expect(result.settings.parameterColumns).toEqual(['Mass']);
  expect(result.problems).toEqual(['A parameter column name is longer than 200 characters and ignored.']);
});

test('parameter columns that are not text are a config problem, never an exception', () => {
  const result = parseMacroConfig({ specIds: 'S-1', parameterColumns: { name: 'Mass' } });

  expect(result.settings).not.toHaveProperty('parameterColumns');
  expect(result.problems).toEqual(['Parameter columns could not be read; enter parameter names as text separated by commas.']);
});
