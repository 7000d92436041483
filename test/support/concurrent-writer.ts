/**
 * Another writer of a snapshot content property that gets in between the app's read and its update,
 * so the app's `version.number` is really stale (not an injected status): Confluence then answers
 * 409, or 400 when the local service is set to answer as the v2 API may (`setStaleVersionStatus`).
 */
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { TestApp } from './start-app';

const PUT = 'PUT /pages/{page-id}/properties/{property-id}';
const OTHER_WRITER = 'carol-concurrent';

/** Rewrites the stored snapshot unchanged as another user, which bumps its version. */
export async function writeAsAnotherUser(app: TestApp, localId: string, pageId = app.pageId): Promise<number> {
  const admin = app.platform.confluence.admin;
  if (!admin.getUser(OTHER_WRITER)) admin.createUser({ accountId: OTHER_WRITER, displayName: 'Carol (another writer)' });
  const key = snapshotPropertyKey(localId);
  const listed = await app.platform.confluence.handle({
    method: 'GET',
    path: `/wiki/api/v2/pages/${pageId}/properties?key=${encodeURIComponent(key)}`,
    headers: new Headers(),
    body: '',
    principal: { kind: 'user', accountId: OTHER_WRITER },
  });
  const property = ((await listed.json()) as { results: { id: string; value: unknown; version: { number: number } }[] }).results[0];
  if (!property) throw new Error(`No snapshot property for ${localId} to write over`);
  const response = await app.platform.confluence.handle({
    method: 'PUT',
    path: `/wiki/api/v2/pages/${pageId}/properties/${property.id}`,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify({ key, value: property.value, version: { number: property.version.number + 1, message: 'another writer' } }),
    principal: { kind: 'user', accountId: OTHER_WRITER },
  });
  if (response.status !== 200) throw new Error(`The other writer got ${response.status}`);
  return property.version.number + 1;
}

/**
 * Runs `action` (a view, a refresh or a notice) while the app's next snapshot update is held back
 * for a moment; during that moment another user writes the property, so the update arrives stale.
 */
export async function withConcurrentSnapshotWrite<T>(app: TestApp, localId: string, action: () => Promise<T>, pageId = app.pageId): Promise<T> {
  const putsBefore = app.platform.counters.get('confluence.PUT');
  const release = app.platform.faults.add({ service: 'confluence', operation: PUT, latencyMs: 400, times: 1 });
  try {
    const running = action();
    running.catch(() => undefined); // rejections surface at the await below
    const deadline = Date.now() + 10_000;
    while (app.platform.counters.get('confluence.PUT') === putsBefore) {
      if (Date.now() > deadline) throw new Error('The app never updated the snapshot property');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await writeAsAnotherUser(app, localId, pageId);
    return await running;
  } finally {
    release();
  }
}
