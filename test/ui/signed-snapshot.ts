/** Snapshots the backend would store for the harness's macro, signed with the development key, served over fetchProduct. */
import { createPrivateKey } from 'node:crypto';
import { LOCAL_SNAPSHOT_SIGNING_KEY } from '../../local/keys/snapshot-signing-dev-key';
import { buildSnapshot } from '../../src/domain/build-snapshot';
import { signSnapshot } from '../../src/domain/snapshot-signature';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import type { MacroSettings, SpecView } from '../../src/shared/resolver-contract';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { BridgeHarness, ProductFetch } from './harness';

/** The harness context's macro (makeMacroContext). */
export const HARNESS_MACRO = { pageId: '12345', localId: 'macro-local-1', cloudId: 'cloud-1' };

/** A stored snapshot of `specs` for the harness macro (with `fields` set), signed as the app signs it (on `cloudId`). */
export function signedSnapshot(
  specs: SpecView[],
  settings: Partial<MacroSettings> = {},
  cloudId: string = HARNESS_MACRO.cloudId,
  fields: Partial<MacroSnapshot> = {},
): Record<string, unknown> {
  const full: MacroSettings = { specIds: specs.map((s) => s.id), layout: specs.length === 1 ? 'card' : 'table', columns: ['id', 'title', 'revision', 'status', 'owner'], ttlSeconds: 600, ...settings };
  // A copy: a test that tampers with the returned snapshot must not change the specs later tests sign.
  const snapshot = buildSnapshot({ pageId: HARNESS_MACRO.pageId, localId: HARNESS_MACRO.localId, settings: full, specs: structuredClone(specs), nowIso: new Date().toISOString() });
  const signer = { keyId: 'local-dev-1', privateKey: createPrivateKey(LOCAL_SNAPSHOT_SIGNING_KEY) };
  return { ...signSnapshot({ ...snapshot, ...fields }, { cloudId, signer }) };
}

/** Makes the harness answer the macro's snapshot property read with `value` (the latest one set). */
export function serveSnapshot(harness: BridgeHarness, value: () => unknown): void {
  harness.productFetcher = (call: ProductFetch) => {
    const key = snapshotPropertyKey(HARNESS_MACRO.localId);
    const expected = `/wiki/api/v2/pages/${HARNESS_MACRO.pageId}/properties?key=${encodeURIComponent(key)}`;
    if (call.product !== 'confluence' || call.restPath !== expected) return { status: 404, body: { message: `unexpected ${call.restPath}` } };
    const current = value();
    return { status: 200, body: { results: current === undefined ? [] : [{ id: '7', key, value: current, version: { number: 1 } }] } };
  };
}
