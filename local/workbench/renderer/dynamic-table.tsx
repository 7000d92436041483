/**
 * DynamicTable: @forge/react sends `DynamicTable → ContentWrapper(head | rows) → Row → Cell`; this
 * turns it back into the `head`/`rows` props of @atlaskit/dynamic-table, keys included (the table
 * sorts by cell key, which UI Kit apps rely on).
 */
import DynamicTable from '@atlaskit/dynamic-table';
import React, { Fragment, type ReactNode } from 'react';
import { callApp, pick, stringProp, type ForgeDoc, type MappedProps, type RenderNode } from './forge-doc';

const TABLE_PROPS = ['caption', 'rowsPerPage', 'page', 'defaultPage', 'sortKey', 'sortOrder', 'defaultSortKey', 'defaultSortOrder', 'isLoading', 'loadingSpinnerSize', 'isFixedSize', 'highlightedRowIndex', 'label', 'testId', 'isRankable'];
const CELL_PROPS = ['colSpan', 'isSortable', 'width', 'shouldTruncate'];

function wrapper(table: ForgeDoc, name: 'head' | 'rows'): ForgeDoc | undefined {
  return table.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name);
}

function content(cell: ForgeDoc, render: RenderNode): ReactNode {
  return cell.children.map((child, i) => <Fragment key={child.key ?? i}>{render(child, i)}</Fragment>);
}

/** A head or row cell of @atlaskit/dynamic-table. */
type TableCell = { key: string; content: ReactNode } & Record<string, unknown>;

function cells(parent: ForgeDoc, render: RenderNode): TableCell[] {
  return parent.children
    .filter((cell) => cell.type === 'Cell')
    .map((cell, i) => ({ key: stringProp(cell.props, 'cellKey') ?? String(i), content: content(cell, render), ...pick(cell.props, CELL_PROPS) }));
}

/** The head and rows props of @atlaskit/dynamic-table from a UI Kit DynamicTable node. */
export function tableProps(node: ForgeDoc, render: RenderNode) {
  const head = wrapper(node, 'head');
  const rows = wrapper(node, 'rows');
  return {
    head: head && head.children.length > 0 ? { cells: cells(head, render) } : undefined,
    rows: (rows?.children ?? [])
      .filter((row) => row.type === 'Row')
      .map((row, i) => ({ key: stringProp(row.props, 'rowKey') ?? String(i), cells: cells(row, render), ...pick(row.props, ['isHighlighted', 'testId']) })),
  };
}

/** The mapped DynamicTable. */
export function DynamicTableComponent({ node, render }: MappedProps): React.JSX.Element {
  const { props } = node;
  const { head, rows } = tableProps(node, render);
  return (
    <DynamicTable
      {...pick(props, TABLE_PROPS)}
      head={head}
      rows={rows}
      {...(typeof props.onSetPage === 'function' ? { onSetPage: (page: number) => callApp(props.onSetPage, page) } : {})}
      {...(typeof props.onRankEnd === 'function' ? { onRankEnd: (result: unknown) => callApp(props.onRankEnd, result) } : {})}
      {...(typeof props.onRankStart === 'function' ? { onRankStart: (result: unknown) => callApp(props.onRankStart, result) } : {})}
    />
  );
}
