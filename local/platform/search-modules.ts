/**
 * The manifest modules behind search and the where-used page, read apart from manifest.ts: `confluence:contentProperty`
 * (which content-property values Confluence indexes for CQL) and `confluence:globalPage` (an app page in Confluence).
 * Loading refuses what Forge's module reference refuses, so the local platform never indexes what Confluence would not.
 */

/** The types a `confluence:contentProperty` value may be indexed as (the module reference and @forge/manifest's schema). */
export type IndexedValueType = 'number' | 'string' | 'text' | 'user' | 'date';

/** One indexed value: where it is in the property's JSON (dot-separated), its type and its CQL alias. */
export interface IndexedValue {
  path: string;
  type: IndexedValueType;
  searchAlias?: string;
}

/** One `confluence:contentProperty` module: the property key Confluence indexes and its values. */
export interface ContentPropertyIndex {
  key: string;
  propertyKey: string;
  values: IndexedValue[];
}

/** One `confluence:globalPage` module (UI Kit or Custom UI: a resource and an optional resolver function). */
export interface GlobalPageModule {
  key: string;
  route: string;
  resource: string;
  resolverFunction?: string;
  title?: string;
}

const TYPES: readonly IndexedValueType[] = ['number', 'string', 'text', 'user', 'date'];

/** Reads and checks the `confluence:contentProperty` modules; throws on anything Forge's rules refuse. */
export function contentPropertyIndexes(raw: unknown): ContentPropertyIndex[] {
  const modules = list(raw, 'confluence:contentProperty');
  const aliases = new Set<string>();
  const propertyKeys = new Set<string>();
  return modules.map((module) => {
    const key = text(module.key, 'confluence:contentProperty', 'key');
    const where = `confluence:contentProperty '${key}'`;
    const propertyKey = text(module.propertyKey, where, 'propertyKey');
    // Module reference: "Only alphanumeric and underscore (_) characters are allowed."
    if (!/^[A-Za-z0-9_]+$/.test(propertyKey) || propertyKey.length > 100) {
      throw new Error(`manifest.yml: ${where} has propertyKey '${propertyKey}'; Forge allows only letters, digits and _ (at most 100)`);
    }
    if (propertyKeys.has(propertyKey)) throw new Error(`manifest.yml: propertyKey '${propertyKey}' is indexed twice`);
    propertyKeys.add(propertyKey);
    const values = list(module.values, `${where} values`).map((value) => indexedValue(value, where, aliases));
    if (values.length === 0) throw new Error(`manifest.yml: ${where} indexes no values`);
    return { key, propertyKey, values };
  });
}

function indexedValue(raw: Record<string, unknown>, where: string, aliases: Set<string>): IndexedValue {
  const path = text(raw.path, where, 'values[].path');
  // "Specifying indexes for JSON arrays is not supported": no index segments in a path.
  if (/[[\]]/.test(path) || path.split('.').some((segment) => segment === '' || /^\d+$/.test(segment))) {
    throw new Error(`manifest.yml: ${where} indexes '${path}'; Forge indexes object paths only, never JSON array elements`);
  }
  const type = raw.type;
  if (!TYPES.includes(type as IndexedValueType)) throw new Error(`manifest.yml: ${where} value '${path}' has type ${JSON.stringify(type)}; Forge allows ${TYPES.join(', ')}`);
  if (raw.searchAlias === undefined) return { path, type: type as IndexedValueType };
  const searchAlias = text(raw.searchAlias, where, 'values[].searchAlias');
  if (!/^[a-zA-Z0-9._-]+$/.test(searchAlias) || searchAlias.length > 255) throw new Error(`manifest.yml: ${where} has searchAlias '${searchAlias}', which Forge's schema refuses`);
  if (aliases.has(searchAlias)) throw new Error(`manifest.yml: searchAlias '${searchAlias}' is declared twice; aliases are globally unique`);
  aliases.add(searchAlias);
  return { path, type: type as IndexedValueType, searchAlias };
}

/** Reads the `confluence:globalPage` modules the platform can show (those with a resource). */
export function globalPages(raw: unknown): GlobalPageModule[] {
  return list(raw, 'confluence:globalPage').map((module) => {
    const key = text(module.key, 'confluence:globalPage', 'key');
    const resolver = module.resolver as { function?: unknown } | undefined;
    return {
      key,
      route: text(module.route, `confluence:globalPage '${key}'`, 'route'),
      resource: text(module.resource, `confluence:globalPage '${key}'`, 'resource'),
      ...(typeof resolver?.function === 'string' ? { resolverFunction: resolver.function } : {}),
      ...(typeof module.title === 'string' ? { title: module.title } : {}),
    };
  });
}

function list(raw: unknown, where: string): Record<string, unknown>[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'object' || item === null)) throw new Error(`manifest.yml: ${where} must be a list of objects`);
  return raw as Record<string, unknown>[];
}

function text(value: unknown, where: string, field: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`manifest.yml: ${where} needs a ${field}`);
  return value;
}
