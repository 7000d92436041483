/**
 * Reading ForgeDoc trees (what @forge/react sends over the bridge with `reconcile`): visible text,
 * node queries, and calling a function prop the way the host does (by its `__id__`).
 */

/** One ForgeDoc node; text is `{type:'String', props:{text}}`. */
export interface ForgeDoc {
  type: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
  key?: string;
}

/** Text props the host renders visibly, by component type. */
const VISIBLE_PROPS: Record<string, string[]> = { SectionMessage: ['title'], DynamicTable: ['caption'] };

/** The visible text: adjacent strings run together, other nodes go on their own lines. */
export function visibleText(doc: ForgeDoc | undefined): string {
  if (!doc) return '';
  const walk = (node: ForgeDoc): string => {
    if (node.type === 'String') return typeof node.props.text === 'string' ? node.props.text : '';
    const own = (VISIBLE_PROPS[node.type] ?? []).map((p) => node.props[p]).filter((v) => typeof v === 'string');
    const inner = node.children.map((child) => (child.type === 'String' ? walk(child) : `\n${walk(child)}\n`)).join('');
    return [...own, inner].join('\n');
  };
  // As a reader sees it: no-break spaces look like spaces and word joiners are invisible (reader-format keepTogether).
  return walk(doc)
    .replace(/\u00A0/g, ' ')
    .replace(/\u2060/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Every node (depth first) for which `predicate` holds. */
export function findAll(doc: ForgeDoc | undefined, predicate: (node: ForgeDoc) => boolean): ForgeDoc[] {
  if (!doc) return [];
  const found: ForgeDoc[] = [];
  const walk = (node: ForgeDoc): void => {
    if (predicate(node)) found.push(node);
    node.children.forEach(walk);
  };
  walk(doc);
  return found;
}

/** Nodes of one component type, optionally matching some prop values. */
export function findByType(doc: ForgeDoc | undefined, type: string, props: Record<string, unknown> = {}): ForgeDoc[] {
  return findAll(doc, (n) => n.type === type && Object.entries(props).every(([k, v]) => n.props[k] === v));
}

/** Nodes of `type` whose visible text contains `text`. */
export function findByText(doc: ForgeDoc | undefined, type: string, text: string): ForgeDoc[] {
  return findByType(doc, type).filter((n) => visibleText(n).includes(text));
}

type Callback = ((...args: unknown[]) => unknown) & { __id__?: string };

/** The id the reconciler gave a function prop (`attachFunctionPropId`). */
export function functionPropId(node: ForgeDoc, prop: string): string {
  const value = node.props[prop] as Callback | undefined;
  if (typeof value !== 'function' || typeof value.__id__ !== 'string') throw new Error(`${node.type}.${prop} is not a function prop`);
  return value.__id__;
}

/** Calls the function prop with this id anywhere in `doc`, as the host does for a UI event. */
export function fireFunctionProp(doc: ForgeDoc | undefined, id: string, ...args: unknown[]): unknown {
  for (const node of findAll(doc, () => true)) {
    for (const value of Object.values(node.props)) {
      if (typeof value === 'function' && (value as Callback).__id__ === id) return (value as Callback)(...args);
    }
  }
  throw new Error(`no function prop with id ${id}`);
}

/** Rows of a DynamicTable: `ContentWrapper(rows) → Row → Cell`. */
export function tableRows(table: ForgeDoc): ForgeDoc[] {
  const rows = table.children.find((c) => c.type === 'ContentWrapper' && c.props.name === 'rows');
  return rows ? rows.children.filter((r) => r.type === 'Row') : [];
}

/** The DynamicTable row with this key (the specs table keys its rows by spec id). */
export function rowOf(doc: ForgeDoc | undefined, rowKey: string): ForgeDoc | undefined {
  return findByType(doc, 'Row').find((row) => row.props.rowKey === rowKey);
}

/** Head cells of a DynamicTable. */
export function tableHead(table: ForgeDoc): ForgeDoc[] {
  const head = table.children.find((c) => c.type === 'ContentWrapper' && c.props.name === 'head');
  return head ? head.children.filter((c) => c.type === 'Cell') : [];
}

/** The href of every Link in the tree. */
export function linkHrefs(doc: ForgeDoc | undefined): string[] {
  return findByType(doc, 'Link').map((link) => String(link.props.href));
}
