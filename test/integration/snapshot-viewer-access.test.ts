/**
 * Who a page view reads and writes the snapshot as (src/confluence/content-properties.ts): the property is read as
 * the viewing user, and written as the app (by the refresh consumer, off the reader's path) only after a read as the
 * viewer showed that they may see the page. A viewer who has not granted the app access (Forge's
 * NeedsAuthenticationError; the consent prompt does not render inside macros) still gets the snapshot, read as the
 * app, but the app writes nothing for them.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { expectOk, startApp, type TestApp } from '../support/start-app';

const OWNER = 'local-admin';
const OUTSIDER = 'bob-outsider';
const WITHOUT_CONSENT = 'carol-no-consent';

let app: TestApp;
let spaceId: string;

beforeAll(async () => {
  app = await startApp();
  app.platform.confluence.admin.createUser({ accountId: OUTSIDER, displayName: 'Bob (may not view the page)' });
  app.platform.confluence.admin.createUser({ accountId: WITHOUT_CONSENT, displayName: 'Carol (has not granted access)' });
  app.platform.confluence.setUserConsent(WITHOUT_CONSENT, false);
  spaceId = app.platform.confluence.admin.getPage(app.pageId)?.spaceId as string;
});

afterEach(() => {
  app.engineering.admin.setMode({});
});

afterAll(async () => {
  await app.close();
});

function pageWithMacro(localId: string, restrictions: { view?: string[] } = {}): string {
  return app.platform.confluence.admin.createPage({
    spaceId,
    title: `Viewer access ${localId}`,
    body: adfDocument(forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config: {} })),
    restrictions,
  }).id;
}

/** A view, then the queue drained: a view hands its snapshot write to the refresh consumer, so whatever it causes is written. */
async function view(pageId: string, localId: string, specIds: string, accountId: string): Promise<ResolverResult<MacroViewModel>> {
  const result = (await app.platform.invokeResolver({
    functionKey: 'getSpecs',
    context: { pageId, localId, config: { specIds, layout: 'card' } },
    accountId,
  })) as ResolverResult<MacroViewModel>;
  await app.platform.queue.drain();
  return result;
}

function storedSnapshot(pageId: string, localId: string) {
  return app.platform.confluence.admin.getPropertyByKey(pageId, snapshotPropertyKey(localId));
}

/** Leaves the snapshot as the only source: no cached records, engineering system down. */
function onlySnapshotLeft(): void {
  app.platform.db.exec("DELETE FROM kvs_entries WHERE key LIKE 'spec:%'");
  app.engineering.admin.setMode({ failAll: 503 });
}

test('a viewer whom Confluence does not let see the page gets no snapshot write from the app', async () => {
  const localId = 'viewer-hidden-write';
  const pageId = pageWithMacro(localId, { view: [OWNER] });

  const outsiderView = expectOk(await view(pageId, localId, 'SPR-3301', OUTSIDER));

  expect(outsiderView.specs[0]?.record?.id).toBe('SPR-3301');
  expect(storedSnapshot(pageId, localId)).toBeUndefined();
  expectOk(await view(pageId, localId, 'SPR-3301', OWNER));
  expect(storedSnapshot(pageId, localId)).toBeDefined();
});

test('the snapshot is read as the viewer: one who may not see the page does not get its saved data', async () => {
  const localId = 'viewer-hidden-read';
  const pageId = pageWithMacro(localId, { view: [OWNER] });
  expectOk(await view(pageId, localId, 'BOLT-2001', OWNER));
  expect(storedSnapshot(pageId, localId)).toBeDefined();
  onlySnapshotLeft();

  const ownerView = expectOk(await view(pageId, localId, 'BOLT-2001', OWNER));
  const outsiderView = expectOk(await view(pageId, localId, 'BOLT-2001', OUTSIDER));

  expect(ownerView.specs[0]?.record?.id).toBe('BOLT-2001');
  expect(outsiderView.specs[0]?.record).toBeUndefined();
});

test('a viewer who has not granted the app access still sees the snapshot, read as the app, but the app writes none for them', async () => {
  const localId = 'viewer-no-consent';
  const pageId = pageWithMacro(localId);

  const firstView = await view(pageId, localId, 'BOLT-2002', WITHOUT_CONSENT);
  expect(expectOk(firstView).specs[0]?.record?.id).toBe('BOLT-2002');
  expect(storedSnapshot(pageId, localId)).toBeUndefined();

  expectOk(await view(pageId, localId, 'BOLT-2002', OWNER));
  expect(storedSnapshot(pageId, localId)).toBeDefined();
  onlySnapshotLeft();
  const fallbackView = expectOk(await view(pageId, localId, 'BOLT-2002', WITHOUT_CONSENT));

  expect(fallbackView.specs[0]?.record?.id).toBe('BOLT-2002');
  expect(fallbackView.specs[0]?.state).toBe('degraded');
});
