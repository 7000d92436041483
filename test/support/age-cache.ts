import type { DatabaseSync } from 'node:sqlite';

/** Makes every cached spec look `seconds` older, as if that much time had passed since it was fetched. */
export function ageSpecCache(db: DatabaseSync, seconds: number): void {
  db.prepare("UPDATE kvs_entries SET value = json_set(value, '$.fetchedAt', json_extract(value, '$.fetchedAt') - ?) WHERE namespace = 'kvs' AND key LIKE 'spec:%'").run(seconds * 1000);
  db.prepare(
    "UPDATE kvs_entries SET value = json_set(value, '$.notFoundAt', json_extract(value, '$.notFoundAt') - ?) WHERE namespace = 'kvs' AND key LIKE 'spec:%' AND json_extract(value, '$.notFoundAt') IS NOT NULL",
  ).run(seconds * 1000);
}
