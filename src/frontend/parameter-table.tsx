/** The parameters of one spec as a table: specification, limits, actual value and a limits check. */
import { DynamicTable, Lozenge, Text } from '@forge/react';
import React from 'react';
import type { SpecParameter } from '../shared/spec-record';
import { formatActual, formatLimits, formatParameter, isOutOfLimits } from '../shared/format-parameter';

const PAGE_SIZE = 20;

function check(parameter: SpecParameter): React.JSX.Element | string {
  if (isOutOfLimits(parameter)) return <Lozenge appearance="removed">out of limits</Lozenge>;
  if (parameter.actual !== undefined) return <Lozenge appearance="success">within limits</Lozenge>;
  return '';
}

/** A DynamicTable of parameters; the Actual and Check columns appear only when some parameter needs them. */
export function ParameterTable({ parameters, caption }: { parameters: SpecParameter[]; caption: string }): React.JSX.Element {
  if (parameters.length === 0) return <Text>This specification lists no parameters.</Text>;
  const withActual = parameters.some((p) => p.actual !== undefined);
  const withCheck = withActual || parameters.some(isOutOfLimits);
  const head = {
    cells: [
      { key: 'name', content: 'Parameter' },
      { key: 'spec', content: 'Specification' },
      { key: 'limits', content: 'Limits' },
      ...(withActual ? [{ key: 'actual', content: 'Actual' }] : []),
      ...(withCheck ? [{ key: 'check', content: 'Check' }] : []),
    ],
  };
  const rows = parameters.map((p, index) => ({
    key: `${index}-${p.name}`,
    cells: [
      { key: 'name', content: p.name },
      { key: 'spec', content: formatParameter(p) },
      { key: 'limits', content: formatLimits(p) || '—' },
      ...(withActual ? [{ key: 'actual', content: formatActual(p) || '—' }] : []),
      ...(withCheck ? [{ key: 'check', content: check(p) }] : []),
    ],
  }));
  return (
    <DynamicTable
      caption={caption}
      head={head}
      rows={rows}
      {...(rows.length > PAGE_SIZE ? { rowsPerPage: PAGE_SIZE } : {})}
    />
  );
}
