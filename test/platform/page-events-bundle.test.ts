import { afterAll, beforeAll, expect, test } from 'vitest';
import { adfDocument, paragraph } from '../../local/platform/confluence';
import { startApp } from '../support/start-app';

/** The deployed manifest's `page-events` trigger reaches the Forge-built bundle's `pageEvent` export. */
let app: Awaited<ReturnType<typeof startApp>>;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

test("an edit of a page fires updated:page into the Forge-built app's page-event function, which finishes without error", async () => {
  const before = app.platform.costs.invocations().length;

  app.platform.confluence.admin.setPageBody(app.pageId, adfDocument(paragraph('Edited in a test')));
  await app.platform.events.drain();

  const runs = app.platform.costs.invocations().slice(before).filter((run) => run.moduleType === 'trigger');
  expect(runs.map((run) => [run.functionKey, run.moduleKey, run.failed])).toEqual([['page-event', 'page-events', false]]);
  expect(app.platform.counters.get('events.failed')).toBe(0);
});
