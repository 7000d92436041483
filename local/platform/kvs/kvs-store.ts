import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** The two key spaces of the KVS: plain values (queryable) and secrets (never queryable). */
export type KvsNamespace = 'kvs' | 'secret';

/** One stored item; times are epoch milliseconds, `expireAt` null when the item has no TTL. */
export interface KvsEntry {
  key: string;
  json: string;
  createdAt: number;
  updatedAt: number;
  expireAt: number | null;
}

interface EntryRow {
  key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kvs_entries (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expire_at INTEGER,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kvs_entries_expire_at ON kvs_entries (expire_at) WHERE expire_at IS NOT NULL;
`;

const LIVE = '(expire_at IS NULL OR expire_at > :now)';

/**
 * SQLite persistence of KVS items (table `kvs_entries`). Expired items are invisible to every
 * read as soon as the clock passes their expiry, and are purged on later writes — unless
 * `lazyExpiry` is set: then, as Forge KVS may do for up to 48 h, expired items stay visible
 * (to get, query, batch get, FAIL_IF_EXISTS and returnValue PREVIOUS) until overwritten or deleted.
 */
export class KvsStore {
  private readonly selectOne: StatementSync;
  private readonly upsert: StatementSync;
  private readonly deleteOne: StatementSync;
  private readonly selectPage: StatementSync;
  private readonly purge: StatementSync;
  private savepoints = 0;

  constructor(
    private readonly db: DatabaseSync,
    private readonly lazyExpiry = false,
  ) {
    db.exec(SCHEMA);
    this.selectOne = db.prepare(`SELECT * FROM kvs_entries WHERE namespace = :ns AND key = :key AND ${LIVE}`);
    this.upsert = db.prepare(
      `INSERT INTO kvs_entries (namespace, key, value, created_at, updated_at, expire_at)
       VALUES (:ns, :key, :value, :createdAt, :updatedAt, :expireAt)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at,
         updated_at = excluded.updated_at, expire_at = excluded.expire_at`,
    );
    this.deleteOne = db.prepare('DELETE FROM kvs_entries WHERE namespace = :ns AND key = :key');
    this.selectPage = db.prepare(
      `SELECT * FROM kvs_entries WHERE namespace = :ns AND key >= :prefix AND substr(key, 1, :prefixLength) = :prefix
         AND key > :after AND ${LIVE} ORDER BY key LIMIT :limit`,
    );
    this.purge = db.prepare('DELETE FROM kvs_entries WHERE expire_at IS NOT NULL AND expire_at <= :now');
  }

  /** The live item under `key`, if any. */
  read(ns: KvsNamespace, key: string, now: number): KvsEntry | undefined {
    const row = this.selectOne.get({ ns, key, now: this.visibleAt(now) }) as EntryRow | undefined;
    return row && toEntry(row);
  }

  /** Writes a value, keeping `createdAt` of a live previous item; returns both versions. */
  write(ns: KvsNamespace, key: string, json: string, expireAt: number | null, now: number) {
    const previous = this.read(ns, key, now);
    const current: KvsEntry = { key, json, createdAt: previous?.createdAt ?? now, updatedAt: now, expireAt };
    this.upsert.run({ ns, key, value: json, createdAt: current.createdAt, updatedAt: now, expireAt });
    return { previous, current };
  }

  /** Deletes `key`; true when a live item existed. */
  remove(ns: KvsNamespace, key: string, now: number): boolean {
    const existed = this.read(ns, key, now) !== undefined;
    this.deleteOne.run({ ns, key });
    return existed;
  }

  /** Live items whose key starts with `prefix` and sorts after `after`, in key order. */
  list(ns: KvsNamespace, prefix: string, after: string, limit: number, now: number): KvsEntry[] {
    const rows = this.selectPage.all({ ns, prefix, prefixLength: prefix.length, after, limit, now: this.visibleAt(now) }) as unknown as EntryRow[];
    return rows.map(toEntry);
  }

  /** Drops items whose expiry has passed (nothing with lazy expiry). */
  purgeExpired(now: number): void {
    if (!this.lazyExpiry) this.purge.run({ now });
  }

  /** The instant reads compare expiry with: with lazy expiry, none has expired yet. */
  private visibleAt(now: number): number {
    return this.lazyExpiry ? Number.MIN_SAFE_INTEGER : now;
  }

  /** Runs `work` all-or-nothing (a savepoint, so it nests inside a caller's transaction). */
  atomically<T>(work: () => T): T {
    const name = `kvs_sp_${this.savepoints++}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = work();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    } finally {
      this.savepoints--;
    }
  }
}

function toEntry(row: EntryRow): KvsEntry {
  return {
    key: row.key,
    json: row.value,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expireAt: row.expire_at === null ? null : Number(row.expire_at),
  };
}
