/** A spec parameter as editable text fields and back (the engineering panel's form model). */
import type { SpecParameter, Tolerance } from '../../../src/shared/spec-record';

/** One parameter as strings: nominal, actual and the tolerance's numbers in a fixed key order. */
export interface ParameterFields {
  name: string;
  unit: string;
  nominal: string;
  actual: string;
  toleranceType: Tolerance['type'] | 'none';
  toleranceKeys: string[];
  toleranceValues: string[];
}

const KEYS: Record<Tolerance['type'], string[]> = { symmetric: ['value'], deviation: ['upper', 'lower'], limits: ['min', 'max'] };

/** The fields of a parameter. */
export function parameterFields(parameter: SpecParameter): ParameterFields {
  const tolerance = parameter.tolerance as (Tolerance & Record<string, number>) | undefined;
  const keys = tolerance ? KEYS[tolerance.type] : [];
  return {
    name: parameter.name,
    unit: parameter.unit,
    nominal: parameter.nominal === null ? '' : String(parameter.nominal),
    actual: parameter.actual === undefined ? '' : String(parameter.actual),
    toleranceType: tolerance?.type ?? 'none',
    toleranceKeys: keys,
    toleranceValues: keys.map((key) => String(tolerance?.[key] ?? '')),
  };
}

function number(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/**
 * Parameters from their fields; a non-number stays NaN, which the engineering system rejects with a field message. An
 * empty min or max of limits is left out (a one-sided limit, "≤ max" or "≥ min").
 */
export function parametersFromFields(fields: ParameterFields[]): SpecParameter[] {
  return fields.map((f) => {
    const parameter: SpecParameter = { name: f.name, unit: f.unit, nominal: f.nominal.trim() === '' ? null : number(f.nominal) };
    if (f.toleranceType !== 'none') {
      const given = f.toleranceKeys.map((key, i) => [key, f.toleranceValues[i] ?? ''] as const).filter(([, text]) => f.toleranceType !== 'limits' || text.trim() !== '');
      parameter.tolerance = { type: f.toleranceType, ...Object.fromEntries(given.map(([key, text]) => [key, number(text)])) } as Tolerance;
    }
    if (f.actual.trim() !== '') parameter.actual = number(f.actual);
    return parameter;
  });
}
