/** Small ForgeDoc builders for renderer tests. */
import type { ForgeDoc } from '../../local/workbench/renderer';

/** A node of `type` with props and children (strings become String nodes). */
export function node(type: string, props: Record<string, unknown> = {}, ...children: (ForgeDoc | string)[]): ForgeDoc {
  return { type, props, children: children.map((child) => (typeof child === 'string' ? { type: 'String', props: { text: child }, children: [] } : child)) };
}

/** A `Root` tree around the given nodes. */
export function root(...children: ForgeDoc[]): ForgeDoc {
  return node('Root', {}, ...children);
}

/** A DynamicTable as @forge/react sends it: ContentWrapper(head|rows) → Row → Cell. */
export function table(props: Record<string, unknown>, head: string[], rows: { key: string; cells: [string, string | ForgeDoc][] }[]): ForgeDoc {
  return node(
    'DynamicTable',
    props,
    node('ContentWrapper', { name: 'head' }, ...head.map((key) => node('Cell', { cellKey: key, isSortable: true }, key.toUpperCase()))),
    node('ContentWrapper', { name: 'rows' }, ...rows.map((row) => node('Row', { rowKey: row.key }, ...row.cells.map(([key, content]) => node('Cell', { cellKey: key }, content))))),
  );
}
