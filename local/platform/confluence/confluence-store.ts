import type { DatabaseSync } from 'node:sqlite';
import type { ConfluencePage, ConfluenceSpace, ConfluenceUser, ContentKind, ContentStatus, PageRestrictions, PageVersion } from './types';

/** First id handed out: Confluence ids are numeric strings (int64 in the OpenAPI path parameters). */
const FIRST_CONTENT_ID = 65537;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS confluence_sequence (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS confluence_users (
  account_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, is_admin INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS confluence_spaces (
  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, author_id TEXT NOT NULL,
  created_at TEXT NOT NULL, homepage_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS confluence_pages (
  id INTEGER PRIMARY KEY, space_id INTEGER NOT NULL, parent_id INTEGER, position INTEGER NOT NULL,
  title TEXT NOT NULL, author_id TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL,
  version_number INTEGER NOT NULL, version_created_at TEXT NOT NULL, version_message TEXT NOT NULL,
  version_minor_edit INTEGER NOT NULL, version_author_id TEXT NOT NULL,
  view_restriction TEXT NOT NULL, edit_restriction TEXT NOT NULL, content_type TEXT NOT NULL DEFAULT 'page',
  status TEXT NOT NULL DEFAULT 'current');
CREATE TABLE IF NOT EXISTS confluence_properties (
  id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL, key TEXT NOT NULL, value_json TEXT NOT NULL,
  version_number INTEGER NOT NULL, version_created_at TEXT NOT NULL, version_message TEXT NOT NULL,
  version_minor_edit INTEGER NOT NULL, version_author_id TEXT NOT NULL, UNIQUE (page_id, key));
`;

const TABLES = ['confluence_sequence', 'confluence_users', 'confluence_spaces', 'confluence_pages', 'confluence_properties'];

type Row = Record<string, unknown>;

/** Creates the Confluence tables if missing (idempotent, so a restarted dev server keeps its data). */
export function migrateConfluenceSchema(db: DatabaseSync): void {
  db.exec(SCHEMA);
  // Stores created before blog posts were emulated hold only pages.
  const columns = db.prepare('PRAGMA table_info(confluence_pages)').all() as Row[];
  if (!columns.some((column) => column.name === 'content_type')) {
    db.exec("ALTER TABLE confluence_pages ADD COLUMN content_type TEXT NOT NULL DEFAULT 'page'");
  }
  // Stores created before pages could be trashed or archived hold current pages only.
  if (!columns.some((column) => column.name === 'status')) {
    db.exec("ALTER TABLE confluence_pages ADD COLUMN status TEXT NOT NULL DEFAULT 'current'");
  }
}

/** Deletes every Confluence row and restarts the id sequence. */
export function clearConfluenceData(db: DatabaseSync): void {
  for (const table of TABLES) db.exec(`DELETE FROM ${table}`);
}

/** Next id of the site-wide content sequence (spaces, pages and properties share it). */
export function nextContentId(db: DatabaseSync): number {
  db.prepare('INSERT OR IGNORE INTO confluence_sequence (name, next) VALUES (?, ?)').run('content', FIRST_CONTENT_ID);
  const row = db.prepare("UPDATE confluence_sequence SET next = next + 1 WHERE name = 'content' RETURNING next").get() as Row;
  return Number(row.next) - 1;
}

/** Inserts or replaces a user (seeding twice is harmless). */
export function insertUser(db: DatabaseSync, user: ConfluenceUser): void {
  db.prepare('INSERT OR REPLACE INTO confluence_users (account_id, display_name, is_admin) VALUES (?, ?, ?)').run(
    user.accountId,
    user.displayName,
    user.isAdmin ? 1 : 0,
  );
}

/** The user with this account id, if the site knows it. */
export function selectUser(db: DatabaseSync, accountId: string): ConfluenceUser | undefined {
  const row = db.prepare('SELECT * FROM confluence_users WHERE account_id = ?').get(accountId) as Row | undefined;
  return row && toUser(row);
}

/** All users in account-id order. */
export function selectUsers(db: DatabaseSync): ConfluenceUser[] {
  return (db.prepare('SELECT * FROM confluence_users ORDER BY account_id').all() as Row[]).map(toUser);
}

/** Inserts a space row (its homepage is inserted separately). */
export function insertSpace(db: DatabaseSync, space: ConfluenceSpace): void {
  db.prepare(
    'INSERT INTO confluence_spaces (id, key, name, author_id, created_at, homepage_id) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(Number(space.id), space.key, space.name, space.authorId, space.createdAt, Number(space.homepageId));
}

/** The space with this id. */
export function selectSpace(db: DatabaseSync, id: string): ConfluenceSpace | undefined {
  const row = db.prepare('SELECT * FROM confluence_spaces WHERE id = ?').get(Number(id)) as Row | undefined;
  return row && toSpace(row);
}

/** The space with this key (e.g. ENG). */
export function selectSpaceByKey(db: DatabaseSync, key: string): ConfluenceSpace | undefined {
  const row = db.prepare('SELECT * FROM confluence_spaces WHERE key = ?').get(key) as Row | undefined;
  return row && toSpace(row);
}

/** All spaces in id order. */
export function selectSpaces(db: DatabaseSync): ConfluenceSpace[] {
  return (db.prepare('SELECT * FROM confluence_spaces ORDER BY id').all() as Row[]).map(toSpace);
}

/** Inserts a page or blog post; its position is the number of siblings created before it. */
export function insertPage(db: DatabaseSync, page: ConfluencePage): void {
  const siblings = db
    .prepare('SELECT COUNT(*) AS n FROM confluence_pages WHERE space_id = ? AND parent_id IS ?')
    .get(Number(page.spaceId), page.parentId === undefined ? null : Number(page.parentId)) as Row;
  db.prepare(
    `INSERT INTO confluence_pages (id, space_id, parent_id, position, title, author_id, created_at, body,
       version_number, version_created_at, version_message, version_minor_edit, version_author_id,
       view_restriction, edit_restriction, content_type, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    Number(page.id),
    Number(page.spaceId),
    page.parentId === undefined ? null : Number(page.parentId),
    Number(siblings.n),
    page.title,
    page.authorId,
    page.createdAt,
    page.body,
    ...versionColumns(page.version),
    JSON.stringify(page.restrictions.view),
    JSON.stringify(page.restrictions.edit),
    page.type,
    page.status ?? 'current',
  );
}

/** Sets a page's lifecycle status (trash, restore, archive, unarchive). */
export function updatePageStatus(db: DatabaseSync, id: string, status: ContentStatus): void {
  db.prepare('UPDATE confluence_pages SET status = ? WHERE id = ?').run(status, Number(id));
}

/** Moves a page under another parent (same space), as the last of its new siblings. */
export function updatePageParent(db: DatabaseSync, id: string, parentId: string): void {
  const siblings = db.prepare('SELECT COUNT(*) AS n FROM confluence_pages WHERE parent_id = ?').get(Number(parentId)) as Row;
  db.prepare('UPDATE confluence_pages SET parent_id = ?, position = ? WHERE id = ?').run(Number(parentId), Number(siblings.n), Number(id));
}

/** Replaces title and body and records the new version (a PUT /pages/{id}). */
export function updatePageContent(db: DatabaseSync, id: string, title: string, body: string, version: PageVersion): void {
  db.prepare(
    `UPDATE confluence_pages SET title = ?, body = ?, version_number = ?, version_created_at = ?, version_message = ?,
       version_minor_edit = ?, version_author_id = ? WHERE id = ?`,
  ).run(title, body, ...versionColumns(version), Number(id));
}

/** Deletes a page and its properties for good (a purge). */
export function deletePageRow(db: DatabaseSync, id: string): void {
  db.prepare('DELETE FROM confluence_properties WHERE page_id = ?').run(Number(id));
  db.prepare('DELETE FROM confluence_pages WHERE id = ?').run(Number(id));
}

/** Replaces a page's body and records the new page version. */
export function updatePageBody(db: DatabaseSync, id: string, body: string, version: PageVersion): void {
  db.prepare(
    `UPDATE confluence_pages SET body = ?, version_number = ?, version_created_at = ?, version_message = ?,
       version_minor_edit = ?, version_author_id = ? WHERE id = ?`,
  ).run(body, ...versionColumns(version), Number(id));
}

/** Replaces both restriction lists of a page. */
export function updatePageRestrictions(db: DatabaseSync, id: string, restrictions: PageRestrictions): void {
  db.prepare('UPDATE confluence_pages SET view_restriction = ?, edit_restriction = ? WHERE id = ?').run(
    JSON.stringify(restrictions.view),
    JSON.stringify(restrictions.edit),
    Number(id),
  );
}

/** The page or blog post with this id (`type` tells which), with its position among its siblings. */
export function selectPage(db: DatabaseSync, id: string): (ConfluencePage & { position: number }) | undefined {
  const row = db.prepare('SELECT * FROM confluence_pages WHERE id = ?').get(Number(id)) as Row | undefined;
  return row && toPage(row);
}

/** Pages (or blog posts) in id order, optionally only those in the given spaces. */
export function selectPages(db: DatabaseSync, spaceIds?: string[], type: ContentKind = 'page'): (ConfluencePage & { position: number })[] {
  const rows = db.prepare('SELECT * FROM confluence_pages WHERE content_type = ? ORDER BY id').all(type) as Row[];
  const pages = rows.map(toPage);
  return spaceIds ? pages.filter((page) => spaceIds.includes(page.spaceId)) : pages;
}

/** The five version columns in table order. */
export function versionColumns(version: PageVersion): [number, string, string, number, string] {
  return [version.number, version.createdAt, version.message, version.minorEdit ? 1 : 0, version.authorId];
}

/** Reads the five version_* columns of a row. */
export function toVersion(row: Row): PageVersion {
  return {
    number: Number(row.version_number),
    createdAt: String(row.version_created_at),
    message: String(row.version_message),
    minorEdit: Number(row.version_minor_edit) === 1,
    authorId: String(row.version_author_id),
  };
}

function toUser(row: Row): ConfluenceUser {
  return { accountId: String(row.account_id), displayName: String(row.display_name), isAdmin: row.is_admin === 1 };
}

function toSpace(row: Row): ConfluenceSpace {
  return {
    id: String(row.id),
    key: String(row.key),
    name: String(row.name),
    authorId: String(row.author_id),
    createdAt: String(row.created_at),
    homepageId: String(row.homepage_id),
  };
}

function toPage(row: Row): ConfluencePage & { position: number } {
  const parentId = row.parent_id;
  return {
    id: String(row.id),
    type: row.content_type === 'blogpost' ? 'blogpost' : 'page',
    status: toStatus(row.status),
    spaceId: String(row.space_id),
    ...(typeof parentId === 'number' || typeof parentId === 'bigint' || typeof parentId === 'string' ? { parentId: String(parentId) } : {}),
    position: Number(row.position),
    title: String(row.title),
    authorId: String(row.author_id),
    createdAt: String(row.created_at),
    body: String(row.body),
    version: toVersion(row),
    restrictions: {
      view: JSON.parse(String(row.view_restriction)) as string[],
      edit: JSON.parse(String(row.edit_restriction)) as string[],
    },
  };
}

function toStatus(value: unknown): ContentStatus {
  return value === 'trashed' || value === 'archived' ? value : 'current';
}
