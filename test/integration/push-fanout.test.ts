/**
 * The push path for a spec on many macros, through the Forge-built bundle on the local platform: the consumer
 * updates the first slice, queues the rest as follow-up events (validated by the consumer like any event), and
 * every macro's snapshot on every page reaches the new revision.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { MACROS_PER_DELIVERY } from '../../src/pipeline/apply-change';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

const PAGES = 6;
const MACROS_PER_PAGE = 22;
const SPEC = 'SHAFT-1050';

let app: TestApp;
const placed: { pageId: string; localId: string }[] = [];

beforeAll(async () => {
  app = await startApp();
  const spaceId = app.platform.confluence.admin.getPage(app.pageId)?.spaceId as string;
  for (let p = 0; p < PAGES; p += 1) {
    const localIds = Array.from({ length: MACROS_PER_PAGE }, (_, i) => `fan-${p}-${i}`);
    const pageId = app.platform.confluence.admin.createPage({
      spaceId,
      title: `Assembly ${p}`,
      body: adfDocument(...localIds.map((localId) => forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config: {} }))),
    }).id;
    for (const localId of localIds) placed.push({ pageId, localId });
  }
  for (const { pageId, localId } of placed) expectOk(await app.invoke('getSpecs', { pageId, localId, config: { specIds: SPEC, layout: 'table' } }));
  await app.platform.queue.drain();
}, 120_000);

afterAll(async () => {
  await app.close();
});

const revisionShown = ({ pageId, localId }: { pageId: string; localId: string }) =>
  (app.platform.confluence.admin.getPropertyByKey(pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot | undefined)?.specs[0]?.record?.revision;

test(`a spec on ${PAGES * MACROS_PER_PAGE} macros on ${PAGES} pages: one notice updates every snapshot, split across two consumer invocations`, async () => {
  const counters = app.platform.counters;
  const before = counters.snapshot();
  app.engineering.admin.updateSpec(SPEC, { revision: 'Z' });
  const startedAt = Date.now();

  const answer = await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: [SPEC] }));
  await app.platform.queue.drain(60_000);
  const elapsedMs = Date.now() - startedAt;
  const delta = (name: string) => counters.get(name) - (before[name] ?? 0);

  expect(answer.statusCode).toBe(202);
  expect(placed.filter((ref) => revisionShown(ref) !== 'Z')).toEqual([]);
  // The notice's event and one follow-up carrying the macros past the first MACROS_PER_DELIVERY.
  expect(delta('queue.events')).toBe(Math.ceil(placed.length / MACROS_PER_DELIVERY));
  expect(delta('queue.delivered')).toBe(2);
  expect(delta('queue.retried')).toBe(0);
  expect(delta('kvs.get')).toBeLessThan(10);
  const kvsCalls = Object.keys(counters.snapshot()).filter((name) => name.startsWith('kvs.')).reduce((sum, name) => sum + delta(name), 0);
  console.info('push fan-out', JSON.stringify({ macros: placed.length, kvsCalls, confluenceGets: delta('confluence.GET'), confluencePuts: delta('confluence.PUT'), elapsedMs }));
});
