/**
 * A parameter in a cell of the specs table (the author's parameter columns), and the out-of-limits cue used in the
 * tables: a measured value outside its limits is in the danger colour and bold AND says "out of limits" in words, so
 * it reads the same without colour and to a screen reader. No hooks: DynamicTable calls cell components directly.
 */
import { Inline, Lozenge, Stack, Text } from '@forge/react';
import React from 'react';
import { checkLimits, formatActual, formatParameter, parameterLimits } from '../shared/format-parameter';
import { parameterNamed } from '../shared/parameter-names';
import type { SpecParameter } from '../shared/spec-record';
import { localizeNumbers, type ReaderFormat } from './reader-format';

/** A measured value outside its limits, in colour, for tables that say "out of limits" in their own Check column. */
export function OutOfLimitsValue({ text }: { text: string }): React.JSX.Element {
  return (
    <Text color="color.text.danger" weight="bold">
      {text}
    </Text>
  );
}

/** A measured value outside its limits where nothing else says so: colour and the words "out of limits". */
function OutOfLimitsActual({ text }: { text: string }): React.JSX.Element {
  return (
    <Inline space="space.050" alignBlock="center" shouldWrap>
      <OutOfLimitsValue text={text} />
      <Lozenge appearance="removed">out of limits</Lozenge>
    </Inline>
  );
}

/** The table's parameter count when some are out of limits: coloured; its text already says how many, in words. */
export function OutOfLimitsCount({ text }: { text: string }): React.JSX.Element {
  return <Text color="color.text.danger">{text}</Text>;
}

/** What the cell sorts by: the measured value, else the nominal, else the lower (or only) limit; unlisted parameters last. */
function sortValue(parameter: SpecParameter | undefined): string {
  const value = parameter?.actual ?? parameter?.nominal ?? (parameter ? parameterLimits(parameter)?.find(Number.isFinite) : undefined);
  return value === undefined || value === null ? '~' : String(value);
}

/**
 * The cell of the parameter `name` in a row: its specification, and its measured value ("Actual 25.012 mm") when it has
 * one, marked when outside the limits; "—" when the record lists no such parameter.
 */
export function parameterCell(parameters: readonly SpecParameter[], name: string, columnKey: string, format: ReaderFormat): { key: string; content: React.ReactNode } {
  const parameter = parameterNamed(parameters, name);
  const key = `${sortValue(parameter)} ${columnKey}`;
  if (!parameter) return { key, content: '—' };
  const specification = localizeNumbers(formatParameter(parameter), format);
  const actual = formatActual(parameter);
  if (actual === '') return { key, content: specification };
  const measured = `Actual ${localizeNumbers(actual, format)}`;
  return {
    key,
    content: (
      <Stack space="space.025">
        <Text>{specification}</Text>
        {checkLimits(parameter) === 'outside' ? <OutOfLimitsActual text={measured} /> : <Text>{measured}</Text>}
      </Stack>
    ),
  };
}
