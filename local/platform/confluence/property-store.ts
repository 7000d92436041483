import type { DatabaseSync } from 'node:sqlite';
import { toVersion, versionColumns } from './confluence-store';
import type { PageVersion, StoredProperty } from './types';

/** Sort orders of ContentPropertySortOrder; `undefined` = creation (id) order. */
export type PropertySort = 'key' | '-key' | undefined;

/** Filter, order and keyset window of a property list query. */
export interface PropertyQuery {
  key?: string;
  sort: PropertySort;
  /** Keyset position: the last id (id order) or last key (key orders) of the previous page. */
  after?: string;
  limit: number;
}

type Row = Record<string, unknown>;

/** One page of a page's properties in the requested order, starting after `query.after`. */
export function selectProperties(db: DatabaseSync, pageId: string, query: PropertyQuery): StoredProperty[] {
  const where = ['page_id = ?'];
  const params: (string | number)[] = [Number(pageId)];
  if (query.key !== undefined) {
    where.push('key = ?');
    params.push(query.key);
  }
  const column = query.sort === undefined ? 'id' : 'key';
  const descending = query.sort === '-key';
  if (query.after !== undefined) {
    where.push(`${column} ${descending ? '<' : '>'} ?`);
    params.push(column === 'id' ? Number(query.after) : query.after);
  }
  const sql = `SELECT * FROM confluence_properties WHERE ${where.join(' AND ')}
    ORDER BY ${column} ${descending ? 'DESC' : 'ASC'} LIMIT ?`;
  return (db.prepare(sql).all(...params, query.limit) as Row[]).map(toProperty);
}

/** The property with this id on this page. */
export function selectProperty(db: DatabaseSync, pageId: string, id: string): StoredProperty | undefined {
  const row = db
    .prepare('SELECT * FROM confluence_properties WHERE page_id = ? AND id = ?')
    .get(Number(pageId), Number(id)) as Row | undefined;
  return row && toProperty(row);
}

/** The property with this key on this page (keys are unique per page). */
export function selectPropertyByKey(db: DatabaseSync, pageId: string, key: string): StoredProperty | undefined {
  const row = db
    .prepare('SELECT * FROM confluence_properties WHERE page_id = ? AND key = ?')
    .get(Number(pageId), key) as Row | undefined;
  return row && toProperty(row);
}

/** Inserts a new property row. */
export function insertProperty(db: DatabaseSync, property: StoredProperty): void {
  db.prepare(
    `INSERT INTO confluence_properties (id, page_id, key, value_json, version_number, version_created_at,
       version_message, version_minor_edit, version_author_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(Number(property.id), Number(property.pageId), property.key, property.valueJson, ...versionColumns(property.version));
}

/**
 * Writes a new version only if the stored one is still `expectedNumber` (compare-and-set);
 * returns false when another writer got there first.
 */
export function updateProperty(
  db: DatabaseSync,
  id: string,
  change: { key: string; valueJson: string; version: PageVersion },
  expectedNumber: number,
): boolean {
  const result = db
    .prepare(
      `UPDATE confluence_properties SET key = ?, value_json = ?, version_number = ?, version_created_at = ?,
         version_message = ?, version_minor_edit = ?, version_author_id = ? WHERE id = ? AND version_number = ?`,
    )
    .run(change.key, change.valueJson, ...versionColumns(change.version), Number(id), expectedNumber);
  return Number(result.changes) === 1;
}

/** Deletes a property row. */
export function deleteProperty(db: DatabaseSync, id: string): void {
  db.prepare('DELETE FROM confluence_properties WHERE id = ?').run(Number(id));
}

function toProperty(row: Row): StoredProperty {
  return {
    id: String(row.id),
    pageId: String(row.page_id),
    key: String(row.key),
    valueJson: String(row.value_json),
    version: toVersion(row),
  };
}
