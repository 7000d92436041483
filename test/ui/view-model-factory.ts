/** Small builders for the view models and resolver answers the tests script. */
import type { SpecParameter, SpecRecord } from '../../src/shared/spec-record';
import type { MacroViewModel, ResolverErrorCode, ResolverResult, SpecView } from '../../src/shared/resolver-contract';

const MINUTE = 60_000;

/** An ISO time `minutes` before now. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * MINUTE).toISOString();
}

/** A parameter; defaults to a bore of 25.000 ± 0.005 mm. */
export function makeParameter(overrides: Partial<SpecParameter> = {}): SpecParameter {
  return { name: 'Bore diameter', nominal: 25, unit: 'mm', tolerance: { type: 'symmetric', value: 0.005 }, ...overrides };
}

/** A released record with two parameters. */
export function makeRecord(overrides: Partial<SpecRecord> = {}): SpecRecord {
  const id = overrides.id ?? 'SHAFT-1042';
  return {
    id,
    title: 'Drive shaft',
    revision: 'C',
    status: 'released',
    owner: 'Ada Lovelace',
    updatedAt: minutesAgo(180),
    url: `https://eng.example.com/specs/${id}`,
    parameters: [makeParameter(), makeParameter({ name: 'Length', nominal: 120, tolerance: { type: 'symmetric', value: 0.5 } })],
    ...overrides,
  };
}

/** A fresh spec view for `id`, checked 2 minutes ago. */
export function makeSpec(id: string, overrides: Partial<SpecView> = {}): SpecView {
  return { id, state: 'fresh', record: makeRecord({ id }), fetchedAt: minutesAgo(2), ageSeconds: 120, ...overrides };
}

/** A view model showing `specs` (their ids become the settings). */
export function makeViewModel(specs: SpecView[], overrides: Partial<MacroViewModel> = {}): MacroViewModel {
  return {
    settings: {
      specIds: specs.map((s) => s.id),
      layout: specs.length === 1 ? 'card' : 'table',
      columns: ['id', 'title', 'revision', 'status', 'owner'],
      ttlSeconds: 600,
    },
    configProblems: [],
    specs,
    page: { state: 'ok' },
    generatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A successful resolver answer. */
export function ok<T>(value: T): ResolverResult<T> {
  return { ok: true, value };
}

/** A failed resolver answer. */
export function failed(code: ResolverErrorCode, message: string, retryAfterSeconds?: number): ResolverResult<never> {
  return retryAfterSeconds === undefined ? { ok: false, code, message } : { ok: false, code, message, retryAfterSeconds };
}
