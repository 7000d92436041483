/**
 * Finds the Spec Bridge macros in a page's ADF body (as Confluence returns it with `body-format=atlas_doc_format`):
 * every extension node, at any depth (tables, layouts, expands, nested), whose extensionKey names the app's macro
 * module. Pure and bounded: a body past the node or depth limits, or one that is not ADF JSON, is a typed error.
 */
import { AppError } from '../errors';
import type { MacroSettings } from '../shared/resolver-contract';
import { parseMacroConfig, pinnedRevisionFor } from './macro-config';
import type { PageMacroEntry } from './ports';

/** The macro module's key in manifest.yml; Confluence keys a Forge macro `<appId>/<environmentId>/static/<key>`. */
export const MACRO_MODULE_KEY = 'spec-bridge';
const EXTENSION_KEY_SUFFIX = `/static/${MACRO_MODULE_KEY}`;
const EXTENSION_TYPES = new Set(['extension', 'bodiedExtension', 'inlineExtension']);

/** Most ADF nodes one body may hold before reading stops (a 200-macro page is a few thousand). */
export const MAX_BODY_NODES = 200_000;
/** Deepest nesting read (ADF nests a few levels per table, layout or expand). */
export const MAX_BODY_DEPTH = 100;
/** Most macros read from one page. */
export const MAX_PAGE_MACROS = 1_000;
const MAX_LOCAL_ID_LENGTH = 128;

/** A body that cannot be read as ADF, or is past the bounds. */
export class PageBodyError extends AppError {
  constructor(
    readonly reason: 'not_json' | 'not_adf' | 'too_many_nodes' | 'too_deep' | 'too_many_macros',
    message: string,
  ) {
    super('upstream', message);
  }
}

/** One macro as the body holds it, with the settings its config parses to (what a macro record keeps). */
export interface BodyMacro extends PageMacroEntry {
  settings: MacroSettings;
}

/**
 * The Spec Bridge macros of a body, in document order; a localId seen twice (a copy-paste Confluence has not
 * re-keyed yet) keeps its first macro. Macros without a localId are skipped: nothing can address them.
 */
/** `body`: the ADF JSON text, or the document already parsed. */
export function extractPageMacros(body: unknown): BodyMacro[] {
  const doc = typeof body === 'string' ? parseJson(body) : body;
  if (!isRecord(doc) || doc.type !== 'doc' || !Array.isArray(doc.content)) throw new PageBodyError('not_adf', 'The page body is not an ADF document');
  const found: BodyMacro[] = [];
  const seen = new Set<string>();
  let nodes = 0;
  // Iterative, so a deep body cannot overflow the stack before the depth check.
  const stack: { node: unknown; depth: number }[] = [{ node: doc, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    nodes += 1;
    if (nodes > MAX_BODY_NODES) throw new PageBodyError('too_many_nodes', `The page body has more than ${MAX_BODY_NODES} nodes`);
    if (depth > MAX_BODY_DEPTH) throw new PageBodyError('too_deep', `The page body nests deeper than ${MAX_BODY_DEPTH} levels`);
    if (!isRecord(node)) continue;
    const macro = EXTENSION_TYPES.has(node.type as string) ? macroOf(node.attrs) : undefined;
    if (macro && !seen.has(macro.localId)) {
      seen.add(macro.localId);
      found.push(macro);
      if (found.length > MAX_PAGE_MACROS) throw new PageBodyError('too_many_macros', `The page holds more than ${MAX_PAGE_MACROS} Spec Bridge macros`);
    }
    if (Array.isArray(node.content)) {
      for (let i = node.content.length - 1; i >= 0; i -= 1) stack.push({ node: node.content[i], depth: depth + 1 });
    }
  }
  return found;
}

function macroOf(attrs: unknown): BodyMacro | undefined {
  if (!isRecord(attrs) || typeof attrs.extensionKey !== 'string' || !attrs.extensionKey.endsWith(EXTENSION_KEY_SUFFIX)) return undefined;
  const parameters = isRecord(attrs.parameters) ? attrs.parameters : {};
  const localId = parameters.localId;
  if (typeof localId !== 'string' || localId.length === 0 || localId.length > MAX_LOCAL_ID_LENGTH) return undefined;
  const { settings } = parseMacroConfig(parameters.guestParams);
  const pinnedRevisions: Record<string, string> = {};
  for (const specId of settings.specIds) {
    const pin = pinnedRevisionFor(settings, specId);
    if (pin !== undefined) pinnedRevisions[specId] = pin;
  }
  return { localId, specIds: settings.specIds, pinnedRevisions, settings };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PageBodyError('not_json', 'The page body is not JSON');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
