/**
 * The sample engineering system's state in SQLite (tables prefixed `eng_`): the latest record per
 * spec plus the earlier revisions. Seeded from seed-specs.json the first time a database is opened.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { LifecycleStatus, SpecRecord } from '../../src/shared/spec-record';
import seedFile from './seed-specs.json';
import { validateSpecRecord } from './validate-spec-patch';

/** One search hit, as GET /search returns it. */
export interface SpecSummary {
  id: string;
  title: string;
  revision: string;
  status: LifecycleStatus;
}

/** Read/write access to the records and their revision history. */
export interface SpecRepository {
  list(): SpecRecord[];
  get(id: string): SpecRecord | undefined;
  /** The record as it was at `revision` (the latest when that is the current revision). */
  getRevision(id: string, revision: string): SpecRecord | undefined;
  hasRevisionInHistory(id: string, revision: string): boolean;
  search(query: string, limit: number): SpecSummary[];
  /** Stores `next` as the latest record; when given, `archived` joins the history first. */
  save(next: SpecRecord, archived?: SpecRecord): void;
  /** Removes a record and its history; false when it did not exist. */
  remove(id: string): boolean;
  /** Drops all records and loads the seed data again. */
  reseed(): void;
}

const SEED_VERSION = '1';

/** Creates the `eng_` tables when needed, seeds a fresh database, and returns the repository. */
export function openSpecRepository(db: DatabaseSync): SpecRepository {
  db.exec(`
    CREATE TABLE IF NOT EXISTS eng_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS eng_specs (id TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS eng_spec_revisions (
      id TEXT NOT NULL, revision TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (id, revision));
  `);
  const parse = (row: unknown) => JSON.parse((row as { record: string }).record) as SpecRecord;
  const insertSpec = db.prepare('INSERT OR REPLACE INTO eng_specs (id, record) VALUES (?, ?)');
  const insertRevision = db.prepare('INSERT OR REPLACE INTO eng_spec_revisions (id, revision, record) VALUES (?, ?, ?)');
  const selectSpec = db.prepare('SELECT record FROM eng_specs WHERE id = ?');
  const selectAll = db.prepare('SELECT record FROM eng_specs ORDER BY id');
  const selectRevision = db.prepare('SELECT record FROM eng_spec_revisions WHERE id = ? AND revision = ?');

  function transaction(work: () => void): void {
    db.exec('BEGIN IMMEDIATE');
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  function reseed(): void {
    const seed = loadSeed();
    transaction(() => {
      db.exec('DELETE FROM eng_specs; DELETE FROM eng_spec_revisions;');
      for (const { record, history } of seed) {
        insertSpec.run(record.id, JSON.stringify(record));
        for (const earlier of history) insertRevision.run(earlier.id, earlier.revision, JSON.stringify(earlier));
      }
      db.prepare('INSERT OR REPLACE INTO eng_meta (key, value) VALUES (?, ?)').run('seed_version', SEED_VERSION);
    });
  }

  const seeded = db.prepare('SELECT value FROM eng_meta WHERE key = ?').get('seed_version');
  if (seeded === undefined) reseed();

  const repository: SpecRepository = {
    list: () => selectAll.all().map(parse),
    get(id) {
      const row = selectSpec.get(id);
      return row === undefined ? undefined : parse(row);
    },
    getRevision(id, revision) {
      const latest = repository.get(id);
      if (latest === undefined) return undefined;
      if (latest.revision === revision) return latest;
      const row = selectRevision.get(id, revision);
      return row === undefined ? undefined : parse(row);
    },
    hasRevisionInHistory: (id, revision) => selectRevision.get(id, revision) !== undefined,
    search(query, limit) {
      const needle = query.toLowerCase();
      return repository
        .list()
        .filter((record) => record.id.toLowerCase().includes(needle) || record.title.toLowerCase().includes(needle))
        .slice(0, limit)
        .map(({ id, title, revision, status }) => ({ id, title, revision, status }));
    },
    save(next, archived) {
      transaction(() => {
        if (archived) insertRevision.run(archived.id, archived.revision, JSON.stringify(archived));
        insertSpec.run(next.id, JSON.stringify(next));
      });
    },
    remove(id) {
      let removed = false;
      transaction(() => {
        removed = Number(db.prepare('DELETE FROM eng_specs WHERE id = ?').run(id).changes) > 0;
        db.prepare('DELETE FROM eng_spec_revisions WHERE id = ?').run(id);
      });
      return removed;
    },
    reseed,
  };
  return repository;
}

interface SeedEntry {
  record: SpecRecord;
  history: SpecRecord[];
}

/** Reads seed-specs.json through the same validation as edits, so broken seed data fails loudly. */
function loadSeed(): SeedEntry[] {
  return (seedFile.specs as unknown[]).map((raw, index) => {
    const { history = [], ...record } = raw as { history?: unknown[] };
    return { record: checked(record, `specs[${index}]`), history: history.map((h, i) => checked(h, `specs[${index}].history[${i}]`)) };
  });
}

function checked(raw: unknown, where: string): SpecRecord {
  const result = validateSpecRecord(raw);
  if (!result.ok) throw new Error(`seed-specs.json ${where}: ${result.error.message}`);
  return result.value;
}
