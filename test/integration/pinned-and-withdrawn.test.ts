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
/** Every revisions path the app asked for, as sent. */
const revisionPaths: string[] = [];

/** A seam in front of the sample engineering system: a revisions request can get another revision's record. */
function substitutingEngineering(system: EngineeringSystem): Pick<EngineeringSystem, 'handle' | 'basePath'> {
  return {
    basePath: system.basePath,
    handle(request: Request) {
      const url = new URL(request.url);
      if (url.pathname.includes('/revisions/')) revisionPaths.push(url.pathname.slice(system.basePath.length));
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

test('a pinned revision the engineering system does not know is said not to exist, and the latest shown is not the pinned one', async () => {
  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[1] as string, config: { specIds: 'SHAFT-1042', layout: 'card', pinnedRevision: 'Z' } }));

  expect(view.specs[0]?.record?.revision).toBe('C');
  expect(view.specs[0]?.pinned).toEqual({ revision: 'Z', latestRevision: 'C', changes: null, availability: 'not_found' });
});

test('revisions are case-sensitive: a lower-case pin is asked for as written and does not exist', async () => {
  revisionPaths.length = 0;
  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[4] as string, config: { specIds: 'shaft-1042@b', layout: 'card' } }));

  expect(revisionPaths).toEqual(['/specs/SHAFT-1042/revisions/b']);
  expect(view.specs[0]?.record?.revision).toBe('C');
  expect(view.specs[0]?.pinned).toEqual({ revision: 'b', latestRevision: 'C', changes: null, availability: 'not_found' });
});

test('a macro saved with the pinned revision field still pins only its first spec, with unchanged settings', async () => {
  const config = { specIds: 'SHAFT-1042, PSU-4801', layout: 'table', pinnedRevision: 'B' };

  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[6] as string, config }));

  expect(view.settings.pinnedRevision).toBe('B');
  expect(view.settings.pinnedRevisions).toBeUndefined();
  expect(view.configProblems).toEqual([]);
  expect(view.specs.map((s) => [s.id, s.record?.revision, s.pinned?.revision])).toEqual([
    ['SHAFT-1042', 'B', 'B'],
    ['PSU-4801', 'C', undefined],
  ]);
});

test('the pinned changes list only parameters whose shown values differ', async () => {
  const view = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[7] as string, config: { specIds: 'SHAFT-1042@B', layout: 'card' } }));

  const changes = view.specs[0]?.pinned?.changes ?? [];
  // Keyway width and core hardness are the same in B and C; overall length only gained a measured value.
  expect(changes.map((c) => c.name)).toEqual(['Bearing seat diameter', 'Overall length', 'Bearing seat roughness', 'Radial runout at seat']);
  const length = changes.find((c) => c.name === 'Overall length');
  expect([length?.before?.actual, length?.after?.actual]).toEqual([undefined, 312.06]);
});

test('a revisions answer that is not the pinned revision is not cached or shown as it, and the reader is told', async () => {
  const localId = app.macroIds[3] as string;
  const context = { localId, config: { specIds: 'PSU-4801', layout: 'card', pinnedRevision: 'B' } };
  const revisionRequests = () => app.engineeringCounters.get('engineering.GET /specs/{id}/revisions/{revision}');
  answerInstead.set('/specs/PSU-4801/revisions/B', '/specs/PSU-4801/revisions/A');
  const requestsBefore = revisionRequests();

  app.platform.queue.pause(); // the views' requests only: the consumer's snapshot write (it re-reads the pin) comes after
  const lied = expectOk(await app.invoke('getSpecs', context));
  const liedAgain = expectOk(await app.invoke('getSpecs', context));
  const lieRequests = revisionRequests() - requestsBefore;
  app.platform.queue.resume();
  await app.platform.queue.drain();
  const snapshot = app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot;
  const cachedWhileWrong = kvsKeys('spec-rev:PSU-4801:');
  answerInstead.clear();
  const honest = expectOk(await app.invoke('getSpecs', context));

  // Both views asked (nothing was cached in between) and neither shows Rev A as Rev B.
  expect(lieRequests).toBe(2);
  for (const view of [lied, liedAgain]) {
    const spec = view.specs[0];
    expect(spec?.record?.revision).toBe('C');
    expect(spec?.pinned).toEqual({ revision: 'B', latestRevision: 'C', changes: null, availability: 'unreadable' });
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

// Runs after the test above, which needs PSU-4801 Rev B not yet cached.
test('in the table each spec can be pinned to its own revision with ID@REV, in the view, the snapshot and the export', async () => {
  const localId = app.macroIds[5] as string;
  const config = { specIds: 'SHAFT-1042@B, PSU-4801@B, BOLT-2001, BOLT-2004@Z', layout: 'table', columns: ['id', 'revision'] };

  const view = expectOk(await app.invoke('getSpecs', { localId, config }));
  await app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer

  expect(view.specs.map((s) => [s.id, s.record?.revision, s.pinned?.availability])).toEqual([
    ['SHAFT-1042', 'B', 'shown'],
    ['PSU-4801', 'B', 'shown'],
    ['BOLT-2001', 'B', undefined],
    ['BOLT-2004', 'B', 'not_found'],
  ]);
  expect(view.specs.slice(0, 2).map((s) => s.pinned?.latestRevision)).toEqual(['C', 'C']);
  const snapshot = app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as MacroSnapshot;
  expect(snapshot.specs.map((s) => s.pinned?.revision)).toEqual(['B', 'B', undefined, 'Z']);
  const exported = JSON.stringify(await app.platform.invokeAdfExport({ localId, pageId: app.pageId, exportType: 'pdf' }));
  expect(exported).toContain('B (pinned; Rev C available)');
  expect(exported).toContain('B (pinned Rev Z does not exist)');
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
