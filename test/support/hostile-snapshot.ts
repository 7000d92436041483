/**
 * What a page editor (or another app) can do to a snapshot content property through Confluence's REST
 * API, and a signer with the committed development key for snapshots that are signed but malformed
 * (a bug, an old version): tests of docs/decisions.md §13.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import { snapshotSigningPayload } from '../../src/shared/snapshot-keys';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../../local/keys/snapshot-signing-dev-key';
import { LOCAL_CLOUD_ID } from '../../local/platform/platform';
import type { TestApp } from './start-app';

const EDITOR = 'mallory-editor';

/** Writes `value` as the macro's snapshot property, as a page editor would with the REST API (create or update). */
export async function writeSnapshotAsEditor(app: TestApp, localId: string, value: unknown, pageId = app.pageId): Promise<void> {
  const admin = app.platform.confluence.admin;
  if (!admin.getUser(EDITOR)) admin.createUser({ accountId: EDITOR, displayName: 'Mallory (page editor)' });
  const key = snapshotPropertyKey(localId);
  const existing = admin.getPropertyByKey(pageId, key);
  const response = await app.platform.confluence.handle({
    method: existing ? 'PUT' : 'POST',
    path: existing ? `/wiki/api/v2/pages/${pageId}/properties/${existing.id}` : `/wiki/api/v2/pages/${pageId}/properties`,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: JSON.stringify({ key, value, ...(existing ? { version: { number: existing.version.number + 1, message: 'by hand' } } : {}) }),
    principal: { kind: 'user', accountId: EDITOR },
  });
  if (response.status !== 200) throw new Error(`The editor's write got ${response.status}: ${await response.text()}`);
}

/** The macro's snapshot property value as stored (undefined when there is none). */
export function storedSnapshot(app: TestApp, localId: string): Record<string, unknown> | undefined {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(localId))?.value as Record<string, unknown> | undefined;
}

/** Signs `snapshot` as the app does with the development key `local-dev-1` on the local site. */
export function signWithDevKey(snapshot: Record<string, unknown>, options: { cloudId?: string | null; keyId?: string } = {}): Record<string, unknown> {
  const { signature: _old, ...content } = snapshot;
  const keyId = options.keyId ?? 'local-dev-1';
  const payload = snapshotSigningPayload({ cloudId: options.cloudId === undefined ? LOCAL_CLOUD_ID : options.cloudId, keyId, snapshot: content });
  const sig = sign(null, Buffer.from(payload, 'utf8'), createPrivateKey(LOCAL_SNAPSHOT_SIGNING_KEY)).toString('base64');
  return { ...content, signature: { keyId, sig } };
}
