/**
 * What a parameter table's Specification and Limits columns say, so that they never say the same thing twice: limits
 * given as a range with no nominal are the specification itself, and beside a nominal the range goes only in Limits
 * (formatParameter alone writes "40.000 mm (40.009–40.025 mm)" for places without a Limits column).
 */
import { formatLimits, formatNumber, formatParameter, parameterDecimals, withUnit } from './format-parameter';
import type { SpecParameter } from './spec-record';

export interface SpecificationColumns {
  specification: string;
  /** The limits ('' when there are none); null when they would repeat the specification, which then spans both. */
  limits: string | null;
}

export function specificationColumns(parameter: SpecParameter): SpecificationColumns {
  const limits = formatLimits(parameter);
  const { nominal, tolerance } = parameter;
  const specification =
    tolerance?.type === 'limits' && nominal !== null ? withUnit(formatNumber(nominal, parameterDecimals(parameter)), parameter.unit) : formatParameter(parameter);
  return { specification, limits: limits !== '' && limits === specification ? null : limits };
}
