/**
 * Finds secret values in what an app run left behind: each secret is searched as itself and in the encodings a careless
 * log or echo would use, and every row written to the platform's store is recorded by SQLite triggers (no app code).
 */
import type { DatabaseSync } from 'node:sqlite';

/** One searchable form of a secret, named for the report. */
export interface Needle {
  label: string;
  text: string;
}

/** A string secret (a token) as itself, in `Bearer …`, URL-encoded, JSON-escaped, base64, base64url and hex. */
export function textNeedles(label: string, secret: string): Needle[] {
  const bytes = Buffer.from(secret, 'utf8');
  return distinct(label, [
    ['raw', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['json-escaped', JSON.stringify(secret).slice(1, -1)],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['base64 of Bearer', Buffer.from(`Bearer ${secret}`).toString('base64')],
  ]);
}

/** Key bytes (a whsec_ secret's key, a signing seed): base64 (as in whsec_…), base64url, hex and the bytes as text. */
export function keyNeedles(label: string, key: Buffer): Needle[] {
  return distinct(label, [
    ['base64', key.toString('base64').replace(/=+$/, '')],
    ['base64url', key.toString('base64url')],
    ['hex', key.toString('hex')],
    ['as text', key.toString('latin1')],
    ['url-encoded base64', encodeURIComponent(key.toString('base64'))],
  ]);
}

function distinct(label: string, forms: [string, string][]): Needle[] {
  const seen = new Set<string>();
  return forms.flatMap(([form, text]) => {
    if (seen.has(text)) return [];
    seen.add(text);
    return [{ label: `${label} (${form})`, text }];
  });
}

/** Every string a value holds, decoded, plus its JSON text; JSON text in a string is parsed and searched too. */
export function textsOf(value: unknown): string[] {
  const texts: string[] = [];
  const visit = (item: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof item === 'string') {
      texts.push(item);
      const parsed = parseJson(item);
      if (parsed !== undefined && typeof parsed === 'object') visit(parsed, depth + 1);
    } else if (Array.isArray(item)) item.forEach((inner) => visit(inner, depth + 1));
    else if (item !== null && typeof item === 'object') Object.entries(item).forEach(([key, inner]) => (texts.push(key), visit(inner, depth + 1)));
  };
  texts.push(JSON.stringify(value) ?? '');
  visit(value, 0);
  return texts;
}

/** Labels of the needles found in `value` (case-insensitive: upper-case hex and the like count too). */
export function leaksIn(value: unknown, needles: readonly Needle[]): string[] {
  const haystack = textsOf(value).join('\n').toLowerCase();
  return needles.filter((needle) => haystack.includes(needle.text.toLowerCase())).map((needle) => needle.label);
}

/** A row the platform's store was given: its table and the row as JSON. */
export interface StoreWrite {
  table: string;
  row: Record<string, unknown>;
}

const HISTORY = 'leak_scan_writes';

/** Records every insert and update of every table of `db` except `skip` (call before the app runs). */
export function recordStoreWrites(db: DatabaseSync, skip: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${HISTORY} (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, row TEXT NOT NULL)`);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => name !== HISTORY && !skip.includes(name));
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const row = `json_object(${columns.map((c) => `'${c}', NEW.${c}`).join(', ')})`;
    for (const event of ['INSERT', 'UPDATE']) {
      db.exec(`CREATE TRIGGER IF NOT EXISTS leak_scan_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
        BEGIN INSERT INTO ${HISTORY} (tbl, row) VALUES ('${table}', ${row}); END;`);
    }
  }
}

/** Every row written since recordStoreWrites, oldest first. */
export function storeWrites(db: DatabaseSync): StoreWrite[] {
  const rows = db.prepare(`SELECT tbl, row FROM ${HISTORY} ORDER BY seq`).all() as { tbl: string; row: string }[];
  return rows.map((r) => ({ table: r.tbl, row: JSON.parse(r.row) as Record<string, unknown> }));
}

function parseJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
