/**
 * What the macro needs from its own config to decide whether a stored snapshot still shows it:
 * the spec ids in order, layout, columns, parameter columns and freshness TTL. Deliberately strict: anything the
 * resolver would explain (a config problem, a pin, an empty list) answers undefined, and the macro
 * asks the resolver. Mirrors src/domain/macro-config.ts for clean configs (the frontend may not import it).
 */
import { DEFAULT_COLUMNS } from '../shared/labels';
import type { Layout, TableColumn } from '../shared/resolver-contract';
import { MAX_PARAMETER_COLUMNS, MAX_PARAMETER_NAME_LENGTH, splitParameterNames } from '../shared/parameter-names';
import { MAX_SPECS_PER_MACRO, SPEC_ID_PATTERN } from '../shared/spec-record';
import { withPlainHyphens } from '../shared/spec-id-text';

/** The settings a clean config yields. */
export interface ConfigDigest {
  specIds: string[];
  layout: Layout;
  columns: TableColumn[];
  /** The table's parameter columns (none: empty). */
  parameterColumns: string[];
  /** The config's own freshness; undefined when it sets none (the deployment's default, which the snapshot carries). */
  ttlSeconds: number | undefined;
}

const TABLE_COLUMNS: readonly TableColumn[] = ['id', 'title', 'revision', 'status', 'owner', 'updatedAt', 'parameters'];
const LAYOUTS: readonly Layout[] = ['card', 'table', 'parameters'];
/** The backend's default TTL bounds (DEFAULT_TTL_BOUNDS); a TTL outside them is a config problem. */
const TTL = { min: 60, max: 86_400 };

function tokens(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return [];
  const parts = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((p) => typeof p === 'string') ? raw : undefined;
  return parts?.flatMap((part) => part.split(/[\s,;]+/)).filter((t) => t !== '');
}

function specIdsOf(raw: unknown): string[] | undefined {
  const list = tokens(raw);
  // A pinned entry (SHAFT-1042@B) fails the id pattern, so pins are left to the resolver too.
  if (!list) return undefined;
  const ids = [...new Set(list.map((token) => withPlainHyphens(token).toUpperCase()))];
  if (ids.length === 0 || ids.length > MAX_SPECS_PER_MACRO || !ids.every((id) => SPEC_ID_PATTERN.test(id))) return undefined;
  return ids;
}

function layoutOf(raw: unknown, count: number): Layout | undefined {
  const value = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { value?: unknown }).value : raw;
  if (value === undefined || value === null || value === '') return count === 1 ? 'card' : 'table';
  const layout = LAYOUTS.find((known) => known === value);
  return layout === undefined || (layout !== 'table' && count > 1) ? undefined : layout;
}

function columnsOf(raw: unknown): TableColumn[] | undefined {
  const list = tokens(raw);
  if (!list || list.some((token) => !TABLE_COLUMNS.some((column) => column === token))) return undefined;
  const columns = TABLE_COLUMNS.filter((column) => list.includes(column));
  return columns.length > 0 ? columns : [...DEFAULT_COLUMNS];
}

function parameterColumnsOf(raw: unknown): string[] | undefined {
  const names = splitParameterNames(raw);
  if (!names || names.length > MAX_PARAMETER_COLUMNS || names.some((name) => name.length > MAX_PARAMETER_NAME_LENGTH)) return undefined;
  return names;
}

/** The config's TTL in seconds; 'default' when it sets none; undefined when only the resolver can say what it means. */
function ttlSecondsOf(raw: unknown): number | 'default' | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : raw;
  if (text === undefined || text === null || text === '') return 'default';
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const seconds = Math.round(Number(text) * 60);
  return seconds >= TTL.min && seconds <= TTL.max ? seconds : undefined;
}

/** The settings of a clean, unpinned config; undefined when only the resolver can say what it means. */
export function digestConfig(raw: unknown): ConfigDigest | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const config = raw as Record<string, unknown>;
  if (typeof config.pinnedRevision === 'string' ? config.pinnedRevision.trim() !== '' : config.pinnedRevision != null) return undefined;
  const specIds = specIdsOf(config.specIds);
  if (!specIds) return undefined;
  const layout = layoutOf(config.layout, specIds.length);
  const columns = columnsOf(config.columns);
  const parameterColumns = parameterColumnsOf(config.parameterColumns);
  const ttl = ttlSecondsOf(config.ttlMinutes);
  if (!layout || !columns || !parameterColumns || ttl === undefined) return undefined;
  return { specIds, layout, columns, parameterColumns, ttlSeconds: ttl === 'default' ? undefined : ttl };
}
