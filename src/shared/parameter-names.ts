/**
 * Parameter columns of the table layout: the author lists parameter names in the macro config; each becomes a column
 * showing that parameter of every spec. Shared by the config's validation (domain/macro-config.ts), the macro's own
 * strict reading of its config (frontend/config-digest.ts) and the shaping of what a table row carries.
 */
import type { SpecParameter } from './spec-record';

/** Most parameter columns one table shows (each is a column next to the spec columns). */
export const MAX_PARAMETER_COLUMNS = 8;

/** Longest parameter name the engineering system may send (src/engineering/schema.ts). */
export const MAX_PARAMETER_NAME_LENGTH = 200;

/** How names are compared: case and runs of white space do not matter ("bore  Diameter" is "Bore diameter"). */
export function parameterKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The names as the config lists them: split on commas, semicolons and line breaks (names may hold spaces), trimmed,
 * inner white space collapsed, repeats (by {@link parameterKey}) dropped, kept as written otherwise. Null when the
 * value is neither text nor a list of texts. Length and count limits are the caller's to apply.
 */
export function splitParameterNames(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return [];
  const parts = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((p) => typeof p === 'string') ? raw : null;
  if (parts === null) return null;
  const names = parts.flatMap((part) => part.split(/[,;\r\n]+/)).map((n) => n.trim().replace(/\s+/g, ' ')).filter((n) => n !== '');
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = parameterKey(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first parameter of a record with this name (see {@link parameterKey}); undefined when it lists none. */
export function parameterNamed(parameters: readonly SpecParameter[], name: string): SpecParameter | undefined {
  const key = parameterKey(name);
  return parameters.find((p) => parameterKey(p.name) === key);
}
