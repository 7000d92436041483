import { expect, test } from 'vitest';
import type { MacroViewModel, ParameterChange, SpecView } from '../shared/resolver-contract';
import type { SpecParameter, SpecRecord } from '../shared/spec-record';
import { boundViewModel, jsonBytes, VIEW_MAX_BYTES } from './bound-view';

/** The largest parameter the engineering schema accepts: a 200-character name, a 50-character unit. */
function bigParameter(index: number): SpecParameter {
  return {
    name: `${String(index).padStart(3, '0')} ${'Ø'.repeat(196)}`,
    nominal: 25.0001 + index,
    unit: 'µ'.repeat(50),
    tolerance: { type: 'deviation', upper: 0.0125, lower: 0.0375 },
    actual: 25.0002 + index,
  };
}

function bigRecord(id: string, count = 500): SpecRecord {
  return {
    id,
    title: 'T'.repeat(500),
    revision: 'C',
    status: 'released',
    owner: 'O'.repeat(200),
    updatedAt: '2026-03-04T09:00:00Z',
    url: `https://eng.example.com/specs/${id}`,
    parameters: Array.from({ length: count }, (_, i) => bigParameter(i)),
  };
}

function view(specs: SpecView[], layout: MacroViewModel['settings']['layout'] = 'table'): MacroViewModel {
  return {
    settings: { specIds: specs.map((s) => s.id), layout, columns: ['id', 'title', 'parameters'], ttlSeconds: 600 },
    configProblems: [],
    specs,
    page: { state: 'ok' },
    generatedAt: '2026-03-05T09:00:00.000Z',
  };
}

const fifty = (count = 500): SpecView[] =>
  Array.from({ length: 50 }, (_, i) => ({ id: `BIG-${i + 1}`, state: 'fresh', record: bigRecord(`BIG-${i + 1}`, count) }));

test('fifty of the largest valid records are cut to the response budget, each saying how many parameters were left out', () => {
  const model = view(fifty());
  expect(jsonBytes(model)).toBeGreaterThan(5_000_000);

  const bounded = boundViewModel(model);

  expect(jsonBytes(bounded)).toBeLessThanOrEqual(VIEW_MAX_BYTES);
  for (const [index, spec] of bounded.specs.entries()) {
    const kept = spec.record?.parameters ?? [];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(model.specs[index]?.record?.parameters.slice(0, kept.length));
    expect(spec.omitted).toEqual({ parameters: 500 - kept.length, changes: 0 });
  }
  // Same-sized lists are cut to the same size: nobody loses everything while another keeps all.
  expect(new Set(bounded.specs.map((s) => s.record?.parameters.length)).size).toBe(1);
});

test('a view that fits is returned as it is, with no omitted marker', () => {
  const model = view(fifty(3));

  expect(boundViewModel(model)).toBe(model);
});

test('small records stay whole while the large ones are cut', () => {
  const small: SpecView = { id: 'SMALL-1', state: 'fresh', record: bigRecord('SMALL-1', 5) };
  const model = view([small, ...fifty()]);

  const bounded = boundViewModel(model);

  expect(bounded.specs[0]).toBe(small);
  expect(bounded.specs[0]?.omitted).toBeUndefined();
  expect(bounded.specs[1]?.omitted?.parameters).toBeGreaterThan(0);
});

test('in a card layout the spec on show keeps its parameters and the specs not shown are cut first', () => {
  const model = view(fifty(), 'card');

  const bounded = boundViewModel(model);

  expect(jsonBytes(bounded)).toBeLessThanOrEqual(VIEW_MAX_BYTES);
  expect(bounded.specs[0]?.record?.parameters).toHaveLength(500);
  expect(bounded.specs[0]?.omitted).toBeUndefined();
  expect(bounded.specs[1]?.omitted?.parameters).toBeGreaterThan(0);
  // The room the shown spec leaves is shared by the others; they are not emptied for nothing.
  expect(bounded.specs[1]?.record?.parameters.length).toBeGreaterThan(0);
});

test('pinned-revision changes count toward the budget and are cut with a count too', () => {
  const changes: ParameterChange[] = Array.from({ length: 500 }, (_, i) => ({
    name: bigParameter(i).name,
    kind: 'changed',
    before: bigParameter(i),
    after: { ...bigParameter(i), nominal: 1 },
  }));
  const pinnedSpec: SpecView = {
    ...fifty()[0]!,
    pinned: { revision: 'B', latestRevision: 'C', changes, availability: 'shown' },
  };

  const bounded = boundViewModel(view([pinnedSpec]), 256 * 1024);

  expect(jsonBytes(bounded)).toBeLessThanOrEqual(256 * 1024);
  const kept = bounded.specs[0]?.pinned?.changes ?? [];
  expect(bounded.specs[0]?.omitted).toEqual({ parameters: 500 - (bounded.specs[0]?.record?.parameters.length ?? 0), changes: 500 - kept.length });
  expect(bounded.specs[0]?.omitted?.changes).toBeGreaterThan(0);
});
