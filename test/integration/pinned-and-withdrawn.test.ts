import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EngineeringSystem } from '../../local/engineering';
import { adfDocument, paragraph } from '../../local/platform/confluence';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

let app: TestApp;

/** Request paths the engineering system answers as if another path had been asked (asked → answered). */
const answerInstead = new Map<string, string>();

/** A seam in front of the sample engineering system: a revisions request can get another revision's record. */
function substitutingEngineering(system: EngineeringSystem): Pick<EngineeringSystem, 'handle' | 'basePath'> {
  return {
    basePath: system.basePath,
    handle(request: Request) {
      const url = new URL(request.url);
      const instead = answerInstead.get(url.pathname.slice(system.basePath.length));
      if (instead === undefined) return system.handle(request);
      url.pathname = system.basePath + instead;
      return system.handle(new Request(url, request));
    },
  };
}

beforeAll(async () => {
  app = await startApp({ wrapEngineering: substitutingEngineering });
});

afterAll(async () => {
  await app.close();
});

function kvsKeys(prefix: string): string[] {
  const rows = app.platform.db.prepare("SELECT key FROM kvs_entries WHERE namespace = 'kvs' AND key LIKE ?").all(`${prefix}%`) as { key: string }[];
  return rows.map((row) => row.key);
}

test('a pinned older revision is shown with what changed in the newer one', async () => {
  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[0] as string, config: { specIds: 'SHAFT-1042', layout: 'card', pinnedRevision: 'B' } }));

  const spec = view.specs[0];
  expect(spec?.record?.revision).toBe('B');
  expect(spec?.pinned).toMatchObject({ revision: 'B', latestRevision: 'C' });
  expect(spec?.pinned?.changes?.length).toBeGreaterThan(0);
});

test('a pinned revision the engineering system does not know still names the newer revision', async () => {
  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[1] as string, config: { specIds: 'SHAFT-1042', layout: 'card', pinnedRevision: 'A0' } }));

  expect(view.specs[0]?.record?.revision).toBe('C');
  expect(view.specs[0]?.pinned).toEqual({ revision: 'A0', latestRevision: 'C', changes: null });
});

test('a revisions answer that is not the pinned revision is not cached or shown as it, and the reader is told', async () => {
  const localId = app.macroIds[3] as string;
  const context = { localId, config: { specIds: 'PSU-4801', layout: 'card', pinnedRevision: 'B' } };
  const revisionRequests = () => app.engineeringCounters.get('engineering.GET /specs/{id}/revisions/{revision}');
  answerInstead.set('/specs/PSU-4801/revisions/B', '/specs/PSU-4801/revisions/A');
  const requestsBefore = revisionRequests();

  const lied = expectOk(await app.invoke('getSpecs', context));
  const liedAgain = expectOk(await app.invoke('getSpecs', context));
  const lieRequests = revisionRequests() - requestsBefore;
  const snapshot = app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot;
  const cachedWhileWrong = kvsKeys('spec-rev:PSU-4801:');
  answerInstead.clear();
  const honest = expectOk(await app.invoke('getSpecs', context));

  // Both views asked (nothing was cached in between) and neither shows Rev A as Rev B.
  expect(lieRequests).toBe(2);
  for (const view of [lied, liedAgain]) {
    const spec = view.specs[0];
    expect(spec?.record?.revision).toBe('C');
    expect(spec?.pinned).toEqual({ revision: 'B', latestRevision: 'C', changes: null });
    expect(spec?.problem).toEqual({
      code: 'invalid_record',
      message: 'The engineering system answered Rev A when asked for the pinned Rev B of PSU-4801, so Rev B cannot be shown; this is the latest revision, Rev C.',
    });
  }
  expect(cachedWhileWrong).toEqual([]);
  expect(snapshot.specs[0]?.record?.revision).toBe('C');
  // Once the engineering system answers with Rev B, it is shown with its changes and cached under B only.
  expect(honest.specs[0]?.record?.revision).toBe('B');
  expect(honest.specs[0]?.problem).toBeUndefined();
  expect(honest.specs[0]?.pinned?.changes?.length).toBeGreaterThan(0);
  expect(kvsKeys('spec-rev:PSU-4801:')).toEqual(['spec-rev:PSU-4801:B']);
});

test('spec.deleted marks the spec withdrawn in the cache, the snapshot and the view', async () => {
  const localId = app.macroIds[2] as string;
  const context = { localId, config: { specIds: 'KEY-3802', layout: 'card' } };
  expectOk(await app.invoke('getSpecs', context));
  app.engineering.admin.deleteSpec('KEY-3802');

  const answer = await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['KEY-3802'], type: 'spec.deleted' }));
  await app.platform.queue.drain();
  const view = expectOk(await app.invoke('getSpecs', context));

  expect(answer.statusCode).toBe(202);
  expect(view.specs[0]?.problem?.code).toBe('withdrawn');
  const snapshot = app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot;
  expect(snapshot.specs[0]).toMatchObject({ id: 'KEY-3802', withdrawn: true });
});

test('a macro that is no longer on its page is dropped from the where-used index when its spec changes', async () => {
  const space = app.platform.confluence.admin.listSpaces()[0];
  const { forgeMacroNode } = await import('../../local/platform/confluence');
  const localId = '00000000-0000-4000-b000-000000000001';
  const page = app.platform.confluence.admin.createPage({
    spaceId: space?.id ?? '',
    title: 'Page that loses its macro',
    body: adfDocument(forgeMacroNode({ localId, nodeLocalId: 'n1', config: {} })),
  });
  const viewed = await app.platform.invokeResolver({ functionKey: 'getSpecs', context: { pageId: page.id, localId, config: { specIds: 'ORING-3702' } }, accountId: 'local-admin' });
  expect((viewed as { ok: boolean }).ok).toBe(true);
  expect(kvsKeys(`where-used:ORING-3702:${page.id}:`)).toHaveLength(1);
  app.platform.confluence.admin.setPageBody(page.id, adfDocument(paragraph('The macro was removed.')));
  app.engineering.admin.updateSpec('ORING-3702', { revision: 'X' });

  await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['ORING-3702'] }));
  await app.platform.queue.drain();

  expect(kvsKeys(`where-used:ORING-3702:${page.id}:`)).toEqual([]);
  expect(kvsKeys(`macro:${page.id}:`)).toEqual([]);
});
