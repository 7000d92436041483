/**
 * Records every version of every snapshot property and every spec cache entry the app writes, with
 * SQLite triggers on the platform's store (no app or platform code involved), so a test can check that
 * no record ever went back to an older revision — including versions overwritten before anyone looked.
 */
import type { DatabaseSync } from 'node:sqlite';
import { isOlderRecord } from '../../src/domain/cache-entry';
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

/** Starts recording; call right after startApp (before the first view). */
export function recordWrites(db: DatabaseSync): void {
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

/** Every place where a spec's record was replaced by an older one (empty when revisions only moved forward). */
export function regressions(db: DatabaseSync): Regression[] {
  const latest = new Map<string, SpecRecord>();
  const found: Regression[] = [];
  for (const version of writtenVersions(db)) {
    for (const record of recordsIn(version)) {
      const slot = `${version.where}#${record.id}`;
      const before = latest.get(slot);
      if (before && isOlderRecord(record, before)) found.push({ where: version.where, specId: record.id, from: before.revision, to: record.revision });
      else latest.set(slot, record);
    }
  }
  return found;
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
