/**
 * The engineering panel's messages about its fields, written the way a person reads the form:
 * "Parameter 2 (Bearing seat diameter): nominal must be a number", not `Field 'parameters[1].nominal' …`.
 */
import type { ParameterFields } from './parameter-fields';

/** How the panel names a tolerance key next to its box and in messages. */
export const TOLERANCE_KEY_LABELS: Record<string, string> = { value: '±', upper: 'upper', lower: 'lower', min: 'min', max: 'max' };

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

function parameterName(fields: ParameterFields[], index: number): string {
  const name = fields[index]?.name;
  return `Parameter ${index + 1}${name ? ` (${name})` : ''}`;
}

/** What is wrong with the typed numbers, before anything is sent (an empty list: nothing). */
export function fieldProblems(fields: ParameterFields[]): string[] {
  return fields.flatMap((f, i) => {
    const problems: string[] = [];
    if (f.nominal.trim() !== '' && !isNumber(f.nominal)) problems.push('nominal must be a number (or empty for none)');
    // Limits may leave one side empty: only max is "≤ max", only min is "≥ min".
    const oneSided = f.toleranceType === 'limits';
    f.toleranceKeys.forEach((key, k) => {
      const text = f.toleranceValues[k] ?? '';
      if (oneSided && text.trim() === '') return;
      if (!isNumber(text)) problems.push(`tolerance ${TOLERANCE_KEY_LABELS[key] ?? key} must be a number${oneSided ? ' (or empty for a one-sided limit)' : ''}`);
    });
    if (oneSided && f.toleranceValues.every((text) => text.trim() === '')) problems.push('tolerance limits need a min, a max or both');
    if (f.actual.trim() !== '' && !isNumber(f.actual)) problems.push('actual must be a number (or empty for none)');
    return problems.map((problem) => `${parameterName(fields, i)}: ${problem}`);
  });
}

/** The engineering system's refusal (`Field '<path>' <detail>`) in the panel's words; other text unchanged. */
export function readableFieldError(message: string, fields: ParameterFields[]): string {
  const match = /^Field '([^']+)' (.+)$/s.exec(message);
  if (!match) return message;
  const [, path = '', detail = ''] = match;
  const parameter = /^parameters\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (!parameter) return `${sentenceCase(path.replace(/\./g, ' '))} ${detail}`;
  const index = Number(parameter[1]);
  const part = (parameter[2] ?? '').replace(/^tolerance\.(\w+)$/, (_m, key: string) => `tolerance ${TOLERANCE_KEY_LABELS[key] ?? key}`).replace(/\./g, ' ');
  return `${parameterName(fields, index)}: ${part ? `${part} ` : ''}${detail.replace(/^must be a finite number$/, 'must be a number')}`;
}

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
