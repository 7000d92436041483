/**
 * Finds and edits Forge macro instances in a page's ADF. A macro is an `extension` node whose
 * `parameters.localId` is the macro instance id and whose `parameters.guestParams` is its config
 * (see local/platform/confluence/adf-builders.ts).
 */
import type { AdfDocument, AdfNode } from '../../platform/confluence';

const EXTENSION_TYPES = new Set(['extension', 'bodiedExtension', 'inlineExtension']);

interface MacroParameters {
  localId?: string;
  guestParams?: Record<string, unknown>;
  autoConvertLink?: unknown;
}

/** The macro module key from an extension node (`<app>/<env>/static/<moduleKey>`), if it is a Forge macro. */
export function macroModuleKey(node: AdfNode): string | undefined {
  if (!EXTENSION_TYPES.has(node.type) || node.attrs?.extensionType !== 'com.atlassian.ecosystem') return undefined;
  const key = typeof node.attrs.extensionKey === 'string' ? node.attrs.extensionKey : '';
  return /\/static\/([^/]+)$/.exec(key)?.[1];
}

/** The macro instance id of a Forge macro node. */
export function macroLocalId(node: AdfNode): string | undefined {
  const parameters = node.attrs?.parameters as MacroParameters | undefined;
  return macroModuleKey(node) === undefined ? undefined : parameters?.localId;
}

/** The saved config of a Forge macro node (undefined until the config panel saved one). */
export function macroConfig(node: AdfNode): Record<string, unknown> | undefined {
  return (node.attrs?.parameters as MacroParameters | undefined)?.guestParams;
}

/** The link a pasted-link macro was made from (`parameters.autoConvertLink`), if it was. */
export function macroAutoConvertLink(node: AdfNode): string | undefined {
  const link = (node.attrs?.parameters as MacroParameters | undefined)?.autoConvertLink;
  return typeof link === 'string' && link !== '' ? link : undefined;
}

/** Every Forge macro node in document order. */
export function findMacros(doc: AdfNode): AdfNode[] {
  const found: AdfNode[] = [];
  const walk = (node: AdfNode): void => {
    if (macroLocalId(node) !== undefined) found.push(node);
    node.content?.forEach(walk);
  };
  walk(doc);
  return found;
}

/** The macro with this instance id, if the document has it. */
export function findMacro(doc: AdfNode, localId: string): AdfNode | undefined {
  return findMacros(doc).find((node) => macroLocalId(node) === localId);
}

/** A copy of `doc` with the macro's config replaced (the whole guestParams, as the config panel saves it). */
export function withMacroConfig(doc: AdfDocument, localId: string, config: Record<string, unknown>): AdfDocument {
  const walk = (node: AdfNode): AdfNode => {
    if (macroLocalId(node) === localId) {
      const parameters = { ...(node.attrs?.parameters as object), guestParams: config };
      return { ...node, attrs: { ...node.attrs, parameters } };
    }
    return node.content ? { ...node, content: node.content.map(walk) } : node;
  };
  return walk(doc) as AdfDocument;
}

/** A copy of `doc` with `node` appended at the end of the body (where Confluence's "insert" puts it without a cursor). */
export function withAppendedNode(doc: AdfDocument, node: AdfNode): AdfDocument {
  return { ...doc, content: [...doc.content, node] };
}
