import { DatabaseSync } from 'node:sqlite';
import { expect, test } from 'vitest';
import { recordWrites, regressions } from './write-audit';

/** The columns the audit's triggers read, as the platform's KVS and the engineering system store them. */
function stores() {
  const platform = new DatabaseSync(':memory:');
  platform.exec(`CREATE TABLE kvs_entries (namespace TEXT, key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE confluence_properties (page_id TEXT, key TEXT, value_json TEXT, PRIMARY KEY (page_id, key));`);
  const engineering = new DatabaseSync(':memory:');
  engineering.exec('CREATE TABLE eng_specs (id TEXT PRIMARY KEY, record TEXT NOT NULL)');
  return { platform, engineering };
}

const record = (revision: string, updatedAt: string) => ({ id: 'S-1', title: 'Shaft', revision, status: 'released', owner: 'o', updatedAt });
const serve = (db: DatabaseSync, value: object) => db.prepare('INSERT OR REPLACE INTO eng_specs (id, record) VALUES (?, ?)').run('S-1', JSON.stringify(value));
const cache = (db: DatabaseSync, value: object) =>
  db.prepare("INSERT INTO kvs_entries (namespace, key, value) VALUES ('kvs', 'spec:S-1', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify({ record: value }));

test("the oracle follows the engineering system's history, not the records' clocks", () => {
  const { platform, engineering } = stores();
  const wrongClock = record('A', '9999-12-31T23:59:59Z');
  const corrected = record('B', '2026-01-01T00:00:00Z');
  serve(engineering, wrongClock);
  recordWrites(platform, engineering);
  serve(engineering, corrected);

  cache(platform, wrongClock);
  cache(platform, corrected);

  expect(regressions(platform, engineering)).toEqual([]);
});

test('a write that goes back to an earlier version of the engineering history is a regression', () => {
  const { platform, engineering } = stores();
  serve(engineering, record('A', '2026-01-01T00:00:00Z'));
  recordWrites(platform, engineering);
  serve(engineering, record('B', '2026-01-02T00:00:00Z'));

  cache(platform, record('B', '2026-01-02T00:00:00Z'));
  cache(platform, record('A', '2026-01-01T00:00:00Z'));

  expect(regressions(platform, engineering)).toMatchObject([{ where: 'spec:S-1', specId: 'S-1', to: 'A' }]);
});

test('a record the engineering system never held is a regression', () => {
  const { platform, engineering } = stores();
  serve(engineering, record('A', '2026-01-01T00:00:00Z'));
  recordWrites(platform, engineering);

  cache(platform, { ...record('A', '2026-01-01T00:00:00Z'), title: 'FORGED' });

  expect(regressions(platform, engineering)).toMatchObject([{ specId: 'S-1', to: 'A (never served)' }]);
});
