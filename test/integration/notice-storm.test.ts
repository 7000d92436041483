import { afterAll, beforeAll, expect, test } from 'vitest';
import { seededRandom } from '../../local/platform/faults';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { signedNotice } from '../support/notices';
import { startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';
import { shuffle } from '../../local/bench/stats';
import { createPageShowing, createStormSpecs } from '../support/storm';

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ queue: { timeScale: 1, concurrency: 8 }, seed: 42 });
});

afterAll(async () => {
  await app.close();
});

test('1000 notices over 200 specs, with duplicates and out-of-order delivery, leave every snapshot at the latest revision', async () => {
  const specIds = createStormSpecs(app, 200);
  const page = await createPageShowing(app, specIds, 10);
  const random = seededRandom(42);
  app.platform.faults.add({ service: 'queue', operation: 'deliver', rate: 0.1, duplicate: true });
  app.platform.faults.add({ service: 'queue', operation: 'deliver', reorderMs: 300 });
  const revisionOf = new Map(specIds.map((id) => [id, 0]));
  const distinct = Array.from({ length: 900 }, (_, i) => specIds[(i * 7919) % specIds.length] as string);
  const sends = shuffle(distinct, random).map((specId, i) => ({ specId, id: `msg_storm_${i}`, replay: false }));
  const replays = shuffle(sends, random)
    .slice(0, 100)
    .map((send) => ({ ...send, replay: true }));
  const engineeringBefore = app.engineeringCounters.get('engineering.requests');

  const answers: number[] = [];
  const queue = [...sends, ...replays];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (!next.replay) {
          const revision = (revisionOf.get(next.specId) ?? 0) + 1;
          revisionOf.set(next.specId, revision);
          app.engineering.admin.updateSpec(next.specId, { revision: `R${String(revision).padStart(3, '0')}` });
        }
        // Like any Standard Webhooks sender, retry a 503 (another delivery of the same id in flight) with the same id.
        let status = 503;
        for (let attempt = 0; attempt < 5 && status === 503; attempt += 1) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [next.specId], id: next.id }))).statusCode;
        }
        answers.push(status);
      }
    }),
  );
  await app.platform.queue.drain(120_000);

  expect(answers).toHaveLength(1000);
  expect(answers.filter((s) => s !== 202 && s !== 200)).toEqual([]);
  expect(answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(100);
  expect(app.platform.counters.get('queue.duplicated')).toBeGreaterThan(0);
  const stale: string[] = [];
  for (const macro of page.macros) {
    const snapshot = app.platform.confluence.admin.getPropertyByKey(page.pageId, snapshotPropertyKey(macro.localId))?.value as MacroSnapshot;
    for (const spec of snapshot.specs) {
      if (spec.record?.revision !== app.engineering.admin.getSpec(spec.id)?.revision) stale.push(spec.id);
    }
  }
  expect(stale).toEqual([]);
  const engineeringRequests = app.engineeringCounters.get('engineering.requests') - engineeringBefore;
  console.info(`notice storm: ${engineeringRequests} engineering requests for ${specIds.length} specs`);
  expect(engineeringRequests).toBeLessThanOrEqual(2 * specIds.length);
}, 180_000);
