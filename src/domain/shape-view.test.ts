import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import type { MacroViewModel, SpecView } from '../shared/resolver-contract';
import { jsonBytes } from './bound-view';
import { shapeForLayout } from './shape-view';

const outOfLimits = { name: 'Runout', nominal: null, unit: 'mm', tolerance: { type: 'limits' as const, min: 0, max: 0.01 }, actual: 0.02 };

function spec(id: string, pinned = false): SpecView {
  const record = makeSpecRecord({ id, parameters: [...makeSpecRecord().parameters, outOfLimits] });
  return {
    id,
    state: 'fresh',
    record,
    ...(pinned ? { pinned: { revision: 'B', latestRevision: 'C', changes: [{ kind: 'changed' as const, name: 'Runout', before: outOfLimits, after: outOfLimits }], availability: 'shown' as const } } : {}),
  };
}

function model(layout: MacroViewModel['settings']['layout'], specs: SpecView[]): MacroViewModel {
  return {
    settings: { specIds: specs.map((s) => s.id), layout, columns: ['id', 'parameters'], ttlSeconds: 600 },
    configProblems: [],
    specs,
    page: { state: 'ok' },
    generatedAt: '2026-01-01T00:00:00Z',
    live: { channel: 'spec-changes' },
  };
}

test('a table answers each record with its parameter count and out-of-limits count instead of its parameters', () => {
  const shaped = shapeForLayout(model('table', [spec('A-1'), spec('A-2', true)]));

  for (const s of shaped.specs) {
    expect(s.record?.parameters).toEqual([]);
    expect(s.parameterSummary).toEqual({ count: 4, outOfLimits: 1 });
  }
  expect(shaped.specs[1]?.pinned?.changes).toEqual([]);
  expect(shaped.specs[1]?.omitted).toEqual({ parameters: 0, changes: 1 });
});

test('a card answers the spec it shows whole and the others as counts', () => {
  const original = model('card', [spec('A-1', true), spec('A-2'), spec('A-3')]);

  const shaped = shapeForLayout(original);

  expect(shaped.specs[0]).toEqual(original.specs[0]);
  expect(shaped.specs.slice(1).map((s) => s.parameterSummary)).toEqual([{ count: 4, outOfLimits: 1 }, { count: 4, outOfLimits: 1 }]);
  expect(jsonBytes(shaped)).toBeLessThan(jsonBytes(original));
});

test('a spec without a record is answered unchanged', () => {
  const missing: SpecView = { id: 'A-9', state: 'missing', problem: { code: 'not_found', message: 'A-9 does not exist in the engineering system.' } };

  expect(shapeForLayout(model('table', [missing])).specs[0]).toEqual(missing);
});

test('a table row carries the parameters its parameter columns name, in column order, besides the counts', () => {
  const shaped = shapeForLayout({ ...model('table', [spec('A-1')]), settings: { ...model('table', []).settings, specIds: ['A-1'], parameterColumns: ['runout', 'No such parameter', makeSpecRecord().parameters[0]!.name] } });

  const [row] = shaped.specs;
  expect(row?.record?.parameters).toEqual([outOfLimits, makeSpecRecord().parameters[0]]);
  expect(row?.parameterSummary).toEqual({ count: 4, outOfLimits: 1 });
});

test('a card answers the specs it does not show without parameters, whatever parameter columns the table would show', () => {
  const shaped = shapeForLayout({ ...model('card', [spec('A-1'), spec('A-2')]), settings: { ...model('card', []).settings, specIds: ['A-1', 'A-2'], parameterColumns: ['Runout'] } });

  expect(shaped.specs[1]?.record?.parameters).toEqual([]);
});
