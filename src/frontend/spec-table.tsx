/**
 * Several specs, one row each, columns as configured, then one column per configured parameter name; sortable (UI Kit
 * sorts by each cell's key) and paginated past 20 rows. Ids link to the record and stay on one line. A
 * spec that cannot be shown keeps its row, with a problem Lozenge.
 */
import { Box, DynamicTable, Inline, Link, Text, xcss } from '@forge/react';
import React from 'react';
import { COLUMN_HEADINGS, DEFAULT_COLUMNS } from '../shared/labels';
import type { SpecView, TableColumn } from '../shared/resolver-contract';
import { formatRelativeTime, isOutOfLimits, safeHttpUrl, SEPARATOR } from '../shared/format-parameter';
import { idMinWidth } from '../shared/spec-id-text';
import { OutOfLimitsCount, parameterCell } from './parameter-cell';
import { formatDateTime, useReaderFormat, type ReaderFormat } from './reader-format';
import { PinnedNote } from './pinned-banner';
import { FreshnessLozenge, ProblemLozenge, statusRank, StatusLozenge, UpdatedMark } from './view-parts';

const PAGE_SIZE = 20;

interface Cell {
  key: string;
  content: React.ReactNode;
  colSpan?: number;
}

/**
 * A cell key that sorts by `value` and is unique within its row: @forge/react also uses the cell key
 * as the React key, and the table sorts keys with a numeric collator.
 */
function sortKey(value: string | number, column: string): string {
  return `${value} ${column}`;
}

/** The id as a link to the record when its address is a safe web link, in a box as wide as the id (spec-id-text.ts). */
function SpecId({ spec }: { spec: SpecView }): React.JSX.Element {
  const href = spec.record ? safeHttpUrl(spec.record.url) : undefined;
  return (
    <Box xcss={xcss({ minWidth: idMinWidth(spec.id, { newTabLink: href !== undefined }) })}>
      <Text>{href === undefined ? spec.id : <Link href={href} openNewTab>{spec.id}</Link>}</Text>
    </Box>
  );
}

function idCell(spec: SpecView, recent: boolean): Cell {
  return {
    key: sortKey(spec.id, 'id'),
    content: (
      <Inline space="space.050" alignBlock="center" shouldWrap>
        <SpecId spec={spec} />
        {spec.record ? <FreshnessLozenge state={spec.state} /> : null}
        {spec.problem && spec.record ? <ProblemLozenge code={spec.problem.code} /> : null}
        {recent ? <UpdatedMark /> : null}
      </Inline>
    ),
  };
}

function recordCell(spec: SpecView, column: TableColumn, recent: boolean, format: ReaderFormat): Cell {
  const record = spec.record!;
  switch (column) {
    case 'id':
      return idCell(spec, recent);
    case 'title':
      return { key: sortKey(record.title, column), content: record.title };
    case 'revision':
      return { key: sortKey(record.revision, column), content: record.revision };
    case 'status':
      return { key: sortKey(statusRank(record.status), column), content: <StatusLozenge status={record.status} /> };
    case 'owner':
      return { key: sortKey(record.owner, column), content: record.owner || '—' };
    case 'updatedAt':
      return { key: sortKey(record.updatedAt, column), content: formatDateTime(record.updatedAt, format) };
    case 'parameters': {
      const summary = spec.parameterSummary;
      const out = summary ? summary.outOfLimits : record.parameters.filter(isOutOfLimits).length;
      const notShown = summary ? 0 : (spec.omitted?.parameters ?? 0);
      const total = summary ? summary.count : record.parameters.length + notShown;
      const text = `${total}${out > 0 ? ` (${out} out of limits)` : ''}${notShown > 0 ? ` (${notShown} not shown)` : ''}`;
      return { key: sortKey(total, column), content: out > 0 ? <OutOfLimitsCount text={text} /> : text };
    }
  }
}

/** A row's cells with the pin noted in the revision cell (the first cell when revisions are not shown). */
function recordCells(spec: SpecView, columns: TableColumn[], parameterNames: string[], recent: boolean, format: ReaderFormat): Cell[] {
  const cells = [
    ...columns.map((c) => recordCell(spec, c, recent, format)),
    ...parameterNames.map((name, i) => parameterCell(spec.record!.parameters, name, parameterColumnKey(i), format)),
  ];
  if (!spec.pinned) return cells;
  const at = Math.max(0, columns.indexOf('revision'));
  return cells.map((cell, i) =>
    i !== at
      ? cell
      : {
          ...cell,
          content: (
            <Inline space="space.050" alignBlock="center" shouldWrap>
              {typeof cell.content === 'string' ? <Text>{cell.content}</Text> : cell.content}
              <PinnedNote spec={spec} />
            </Inline>
          ),
        },
  );
}

function problemCells(spec: SpecView, columns: TableColumn[], parameterCount: number, recent: boolean): Cell[] {
  const message = spec.problem?.message ?? 'No data yet.';
  const problem: Cell = {
    key: `~${spec.id}`,
    colSpan: columns.length + parameterCount - (columns[0] === 'id' ? 1 : 0),
    content: (
      <Inline space="space.050" alignBlock="center" shouldWrap>
        {spec.problem ? <ProblemLozenge code={spec.problem.code} /> : <FreshnessLozenge state="missing" />}
        <Text>{columns[0] === 'id' ? message : `${spec.id}: ${message}`}</Text>
      </Inline>
    ),
  };
  return columns[0] === 'id' ? [idCell(spec, recent), problem] : [problem];
}

/** One line for the whole table: count, oldest check, and how many are stale/degraded/without data. */
export function summarizeFreshness(specs: SpecView[], nowMs: number, staleNote?: string): string {
  const parts = [`${specs.length} ${specs.length === 1 ? 'spec' : 'specs'}`];
  const fetched = specs.flatMap((s) => (s.fetchedAt ? [s.fetchedAt] : [])).sort();
  if (fetched.length > 0) parts.push(`oldest checked ${formatRelativeTime(fetched[0]!, nowMs)}`);
  const count = (state: SpecView['state']): number => specs.filter((s) => s.state === state).length;
  const [stale, degraded, missing] = [count('stale'), count('degraded'), count('missing')];
  if (stale + degraded + missing === 0) parts.push('all fresh');
  if (stale > 0) parts.push(staleNote ? `${stale} stale, ${staleNote}` : `${stale} stale`);
  if (degraded > 0) parts.push(`${degraded} showing the last known data`);
  if (missing > 0) parts.push(`${missing} without data`);
  return parts.join(SEPARATOR);
}

/** The key of the n-th parameter column (never one of the TableColumn names). */
function parameterColumnKey(index: number): string {
  return `parameter-${index + 1}`;
}

/** The table layout. */
export function SpecTable(props: { specs: SpecView[]; columns: TableColumn[]; parameterColumns?: string[]; recentlyUpdated: ReadonlySet<string> }): React.JSX.Element {
  const format = useReaderFormat();
  const columns = props.columns.length > 0 ? props.columns : [...DEFAULT_COLUMNS];
  const names = props.parameterColumns ?? [];
  const head = {
    cells: [
      ...columns.map((column) => ({ key: column, content: COLUMN_HEADINGS[column], isSortable: true })),
      ...names.map((name, i) => ({ key: parameterColumnKey(i), content: name, isSortable: true })),
    ],
  };
  const rows = props.specs.map((spec) => {
    const recent = props.recentlyUpdated.has(spec.id);
    const cells = spec.record ? recordCells(spec, columns, names, recent, format) : problemCells(spec, columns, names.length, recent);
    return { key: spec.id, cells };
  });
  return (
    <DynamicTable
      caption="Specifications"
      head={head}
      rows={rows}
      {...(rows.length > PAGE_SIZE ? { rowsPerPage: PAGE_SIZE } : {})}
    />
  );
}
