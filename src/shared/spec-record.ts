/**
 * The specification record as Spec Bridge understands it: the engineering API contract
 * (docs/engineering-api.openapi.yaml) validated into these types by src/engineering/schema.ts.
 * In src/shared/ because the resolver contract carries records to the macro in the browser;
 * the rules over them live in src/domain/.
 */

/** Lifecycle of a specification in the engineering system. */
export type LifecycleStatus = 'draft' | 'in_review' | 'released' | 'obsolete';

export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = ['draft', 'in_review', 'released', 'obsolete'];

/**
 * How far a value may deviate from nominal.
 * - `symmetric`: nominal ± value (e.g. 25.000 ± 0.005 mm)
 * - `deviation`: nominal +upper / −lower, both given as magnitudes (e.g. 12 +0.018/−0.000 mm)
 * - `limits`: an absolute range min–max with no nominal needed (e.g. 4.75–5.25 V), or one side of it: only `max`
 *   (runout ≤ 0.01 mm), only `min` (breaking force ≥ 5 N); at least one is given
 */
export type Tolerance =
  | { type: 'symmetric'; value: number }
  | { type: 'deviation'; upper: number; lower: number }
  | { type: 'limits'; min?: number; max?: number };

/** One engineering parameter of a specification. */
export interface SpecParameter {
  name: string;
  /** Nominal value; null when only limits are specified. */
  nominal: number | null;
  /** Unit as written by engineers (mm, µm, N·m, V, °C, …); '' when dimensionless. */
  unit: string;
  tolerance?: Tolerance;
  /** Optional measured/actual value (e.g. first-article inspection), checked against the limits. */
  actual?: number;
}

/** A specification record as served by the engineering system. */
export interface SpecRecord {
  id: string;
  title: string;
  revision: string;
  status: LifecycleStatus;
  owner: string;
  /** ISO 8601 time the record last changed in the engineering system. */
  updatedAt: string;
  /** Link to the record in the engineering system (http/https only). */
  url: string;
  parameters: SpecParameter[];
}

/** Spec ids look like `SHAFT-1042` or `S-100`: an upper-case prefix, a dash, digits. */
export const SPEC_ID_PATTERN = /^[A-Z][A-Z0-9]{0,9}-[0-9]{1,8}$/;

/** Most spec ids one macro may show (config validation) and one batch read may ask for (contract). */
export const MAX_SPECS_PER_MACRO = 50;
