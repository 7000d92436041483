/**
 * The parameters of one spec as a table: specification, limits (once, when they say the same thing as the
 * specification), actual value (coloured when out of limits) and a limits check in words.
 */
import { DynamicTable, Lozenge, Stack, Text } from '@forge/react';
import React from 'react';
import type { SpecParameter } from '../shared/spec-record';
import { checkLimits, formatActual } from '../shared/format-parameter';
import { specificationColumns } from '../shared/specification-columns';
import { OutOfLimitsValue } from './parameter-cell';
import { localizeNumbers, useReaderFormat } from './reader-format';

const PAGE_SIZE = 20;

/** The limits check of a measured value; empty when there is no measured value or no limits to check it against. */
function check(parameter: SpecParameter): React.JSX.Element | string {
  const verdict = checkLimits(parameter);
  if (verdict === 'outside') return <Lozenge appearance="removed">out of limits</Lozenge>;
  if (verdict === 'within') return <Lozenge appearance="success">within limits</Lozenge>;
  return '';
}

/** A DynamicTable of parameters; the Actual and Check columns appear only when some parameter needs them. */
export function ParameterTable({ parameters, caption, omitted = 0 }: { parameters: SpecParameter[]; caption: string; omitted?: number }): React.JSX.Element {
  const format = useReaderFormat();
  const local = (text: string) => localizeNumbers(text, format);
  // `omitted`: parameters the resolver left out to fit Forge's response limit (SpecView.omitted).
  const notShown = omitted > 0 ? <Text>{`${omitted} ${omitted === 1 ? 'parameter' : 'parameters'} not shown — open the record in the engineering system to see them all.`}</Text> : null;
  if (parameters.length === 0) return notShown ?? <Text>This specification lists no parameters.</Text>;
  const withActual = parameters.some((p) => p.actual !== undefined);
  const withCheck = parameters.some((p) => checkLimits(p) !== undefined);
  const head = {
    cells: [
      { key: 'name', content: 'Parameter' },
      { key: 'spec', content: 'Specification' },
      { key: 'limits', content: 'Limits' },
      ...(withActual ? [{ key: 'actual', content: 'Actual' }] : []),
      ...(withCheck ? [{ key: 'check', content: 'Check' }] : []),
    ],
  };
  const actual = (p: SpecParameter) => {
    const text = local(formatActual(p));
    return text === '' ? '—' : checkLimits(p) === 'outside' ? <OutOfLimitsValue text={text} /> : text;
  };
  const rows = parameters.map((p, index) => {
    const { specification, limits } = specificationColumns(p);
    return {
      key: `${index}-${p.name}`,
      cells: [
        { key: 'name', content: p.name },
        ...(limits === null
          ? [{ key: 'spec', content: local(specification), colSpan: 2 }]
          : [
              { key: 'spec', content: local(specification) },
              { key: 'limits', content: local(limits) || '—' },
            ]),
        ...(withActual ? [{ key: 'actual', content: actual(p) }] : []),
        ...(withCheck ? [{ key: 'check', content: check(p) }] : []),
      ],
    };
  });
  const table = (
    <DynamicTable
      caption={caption}
      head={head}
      rows={rows}
      {...(rows.length > PAGE_SIZE ? { rowsPerPage: PAGE_SIZE } : {})}
    />
  );
  return notShown ? <Stack space="space.050">{table}{notShown}</Stack> : table;
}
