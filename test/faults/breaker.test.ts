/**
 * The engineering circuit breaker through the Forge-built bundle: failures counted atomically
 * across concurrent views, a capped Retry-After, and record-level problems kept out of it.
 */
import { expect, test } from 'vitest';
import { MAX_BREAKER_OPEN_SECONDS } from '../../src/domain/ports';
import { behindSnapshots, deliverNotice } from '../support/fault-kit';
import { expectOk } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';

const BATCH = 'GET /specs';
// A 3 s resolver limit keeps each view's engineering retries short.
const fixture = useAuditedApp({ seed: 29, limits: { resolverTimeoutMs: 3_000 }, layout: 'table' });
const placed = fixture.placed;

interface StoredBreaker {
  consecutiveFailures: number;
  openUntil?: number;
}

function storedBreaker(): StoredBreaker | undefined {
  const row = fixture.app.platform.db.prepare("SELECT value FROM kvs_entries WHERE namespace = 'kvs' AND key = 'breaker:engineering'").get() as
    | { value: string }
    | undefined;
  return row ? (JSON.parse(row.value) as StoredBreaker) : undefined;
}

function closeBreaker(): void {
  fixture.app.platform.db.prepare("DELETE FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE 'breaker:%'").run();
}

test('six concurrent views failing against the engineering system open the breaker (each failure counts)', async () => {
  closeBreaker();
  fixture.app.engineeringFaults.add({ service: 'engineering', operation: BATCH, status: 503 });
  const specs = ['PSU-4801', 'PSU-4802', 'PSU-4803', 'PSU-4804', 'PSU-4805', 'SEAL-3701'];

  const views = await Promise.all(specs.map((id, i) => fixture.app.invoke('getSpecs', placed(i, id))));

  for (const view of views) expect(expectOk(view).specs[0]?.problem?.code).toBe('unavailable');
  expect(storedBreaker()?.openUntil ?? 0).toBeGreaterThan(Date.now());
  closeBreaker();
});

test('a 429 with Retry-After 999999999 opens the breaker for at most 15 minutes', async () => {
  closeBreaker();
  fixture.app.engineeringFaults.add({ service: 'engineering', operation: BATCH, status: 429, retryAfterSeconds: 999_999_999 });
  const before = Date.now();

  const view = expectOk(await fixture.app.invoke('getSpecs', placed(6, 'BRG-3003')));

  const openUntil = storedBreaker()?.openUntil ?? 0;
  expect(openUntil).toBeGreaterThan(before);
  expect(openUntil).toBeLessThanOrEqual(Date.now() + MAX_BREAKER_OPEN_SECONDS * 1000);
  expect(view.specs[0]?.problem?.message ?? '').not.toMatch(/999999999/);
  closeBreaker();
});

test('an oversized record for one spec, viewed again and again, does not stop another spec being fetched', async () => {
  closeBreaker();
  fixture.app.engineeringDb
    .prepare('UPDATE eng_specs SET record = json_set(record, ?, ?) WHERE id = ?')
    .run('$.title', 'x'.repeat(1_100_000), 'FIT-3102');

  for (let i = 0; i < 4; i += 1) {
    const bad = expectOk(await fixture.app.invoke('getSpecs', placed(7, 'FIT-3102')));
    expect(bad.specs[0]?.problem?.code).toBe('invalid_record');
  }
  const other = expectOk(await fixture.app.invoke('getSpecs', placed(8, 'SHAFT-1060')));

  expect(other.specs[0]?.state).toBe('fresh');
  expect(storedBreaker()?.openUntil).toBeUndefined();
});

test('a notice for another spec during a 429 with Retry-After 999999999 is redelivered within 15 minutes each time, then applied', async () => {
  closeBreaker();
  const macro = placed(9, 'SEAL-3702');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  const queue = fixture.app.platform.queue;
  const logged = queue.deliveries().length;
  fixture.app.engineeringFaults.add({ service: 'engineering', operation: /^GET \/specs/, status: 429, retryAfterSeconds: 999_999_999 });
  fixture.app.engineering.admin.updateSpec('SEAL-3702', { revision: 'Z9' });

  expect(await deliverNotice(fixture.app, ['SEAL-3702'], 'msg_huge_retry_after')).toBe(202);
  const asked = () => queue.deliveries().slice(logged).flatMap((d) => (d.retry ? [d.retry.afterSeconds] : []));
  // The queue runs 1000× faster than real time here, so a 900 s redelivery comes after 0.9 s.
  for (let i = 0; i < 100 && asked().length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));

  expect(asked().length).toBeGreaterThanOrEqual(2);
  expect(Math.max(...asked())).toBeLessThanOrEqual(MAX_BREAKER_OPEN_SECONDS);
  fixture.app.engineeringFaults.clear();
  closeBreaker();
  await queue.drain();
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});
