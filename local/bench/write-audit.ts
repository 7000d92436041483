/**
 * Records every version of every snapshot property and every spec cache entry the app writes, and
 * every version of every record the engineering system holds, with SQLite triggers on the two stores
 * (no app or platform code involved). The oracle is independent of the app's rules: a written record
 * is placed in the engineering system's own history by its content, and a place regresses when a later
 * write shows an earlier version than an earlier write did — or a record the engineering system never
 * held. Records' own timestamps play no part (a wrong clock must not decide what is newer).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { SpecRecord } from '../../src/shared/spec-record';

/** One stored version of a snapshot property or a cache entry. */
export interface WrittenVersion {
  kind: 'snapshot' | 'cache';
  /** `<pageId>/<property key>` for snapshots, the KVS key for cache entries. */
  where: string;
  value: unknown;
}

/** A record that replaced a newer one. */
export interface Regression {
  where: string;
  specId: string;
  from: string;
  to: string;
}

/**
 * Starts recording; call right after startApp (before the first view). `engineeringDb` is the sample
 * engineering system's store: its current records are the first versions of its history.
 */
export function recordWrites(db: DatabaseSync, engineeringDb: DatabaseSync): void {
  engineeringDb.exec(`
    CREATE TABLE IF NOT EXISTS test_engineering_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, record TEXT NOT NULL);
    INSERT INTO test_engineering_history (id, record) SELECT id, record FROM eng_specs ORDER BY id;
    CREATE TRIGGER IF NOT EXISTS test_engineering_insert AFTER INSERT ON eng_specs
      BEGIN INSERT INTO test_engineering_history (id, record) VALUES (NEW.id, NEW.record); END;
    CREATE TRIGGER IF NOT EXISTS test_engineering_update AFTER UPDATE ON eng_specs
      BEGIN INSERT INTO test_engineering_history (id, record) VALUES (NEW.id, NEW.record); END;
  `);
  db.exec(`
    CREATE TABLE IF NOT EXISTS test_write_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, place TEXT NOT NULL, value TEXT NOT NULL);
    CREATE TRIGGER IF NOT EXISTS test_history_property_insert AFTER INSERT ON confluence_properties WHEN NEW.key LIKE 'spec-bridge.snapshot.%'
      BEGIN INSERT INTO test_write_history (kind, place, value) VALUES ('snapshot', NEW.page_id || '/' || NEW.key, NEW.value_json); END;
    CREATE TRIGGER IF NOT EXISTS test_history_property_update AFTER UPDATE ON confluence_properties WHEN NEW.key LIKE 'spec-bridge.snapshot.%'
      BEGIN INSERT INTO test_write_history (kind, place, value) VALUES ('snapshot', NEW.page_id || '/' || NEW.key, NEW.value_json); END;
    CREATE TRIGGER IF NOT EXISTS test_history_kvs_insert AFTER INSERT ON kvs_entries WHEN NEW.key LIKE 'spec:%'
      BEGIN INSERT INTO test_write_history (kind, place, value) VALUES ('cache', NEW.key, NEW.value); END;
    CREATE TRIGGER IF NOT EXISTS test_history_kvs_update AFTER UPDATE OF value ON kvs_entries WHEN NEW.key LIKE 'spec:%'
      BEGIN INSERT INTO test_write_history (kind, place, value) VALUES ('cache', NEW.key, NEW.value); END;
  `);
}

/** Every recorded version, oldest first. */
export function writtenVersions(db: DatabaseSync): WrittenVersion[] {
  const rows = db.prepare('SELECT kind, place, value FROM test_write_history ORDER BY seq').all() as { kind: WrittenVersion['kind']; place: string; value: string }[];
  return rows.map((row) => ({ kind: row.kind, where: row.place, value: JSON.parse(row.value) as unknown }));
}

/**
 * Every place where a spec's record was replaced by one the engineering system held earlier, or by one
 * it never held (empty when every place only moved forward through the engineering system's history).
 */
export function regressions(db: DatabaseSync, engineeringDb: DatabaseSync): Regression[] {
  const history = engineeringHistory(engineeringDb);
  const position = new Map<string, number>();
  const found: Regression[] = [];
  for (const version of writtenVersions(db)) {
    for (const record of recordsIn(version)) {
      const slot = `${version.where}#${record.id}`;
      const seqs = history.get(`${record.id}\0${canonical(record)}`) ?? [];
      const before = position.get(slot) ?? Number.NEGATIVE_INFINITY;
      const next = seqs.find((seq) => seq >= before);
      if (next === undefined) {
        found.push({ where: version.where, specId: record.id, from: String(before), to: seqs.length === 0 ? `${record.revision} (never served)` : record.revision });
      } else {
        position.set(slot, next);
      }
    }
  }
  return found;
}

/** Versions of each record the engineering system held, by content: `id\0canonical` → sequence numbers, ascending. */
function engineeringHistory(engineeringDb: DatabaseSync): Map<string, number[]> {
  const rows = engineeringDb.prepare('SELECT seq, id, record FROM test_engineering_history ORDER BY seq').all() as { seq: number; id: string; record: string }[];
  const history = new Map<string, number[]>();
  for (const row of rows) {
    const key = `${row.id}\0${canonical(JSON.parse(row.record))}`;
    history.set(key, [...(history.get(key) ?? []), row.seq]);
  }
  return history;
}

/**
 * What identifies one version of a record: the fields every copy keeps. A trimmed snapshot drops
 * parameters and the app's schema drops fields it does not use, so those cannot take part.
 */
function canonical(value: unknown): string {
  const record = value as Partial<SpecRecord>;
  return JSON.stringify([record.revision, record.updatedAt, record.title, record.status, record.owner]);
}

/** How many snapshot versions were written (all properties). */
export function snapshotWrites(db: DatabaseSync): number {
  return writtenVersions(db).filter((v) => v.kind === 'snapshot').length;
}

function recordsIn(version: WrittenVersion): SpecRecord[] {
  const value = version.value as { record?: SpecRecord; specs?: { record?: SpecRecord }[] };
  if (version.kind === 'cache') return value.record ? [value.record] : [];
  return (value.specs ?? []).flatMap((s) => (s.record ? [s.record] : []));
}
