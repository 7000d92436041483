/**
 * Snapshots are content properties any page editor or app can write (docs/decisions.md §13): the app
 * shows and exports only snapshots it signed for that page and macro on this site, validated in full,
 * whatever the property holds. Runs the Forge-built bundle on the local platform.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LOCAL_CLOUD_ID } from '../../local/platform/platform';
import { SNAPSHOT_PUBLIC_KEYS, snapshotSigningPayload } from '../../src/shared/snapshot-keys';
import type { MacroViewModel } from '../../src/shared/resolver-contract';
import { signWithDevKey, storedSnapshot, writeSnapshotAsEditor } from '../support/hostile-snapshot';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

type Json = Record<string, unknown>;

interface AdfLike {
  type?: unknown;
  text?: unknown;
  content?: unknown;
}

/** A document Confluence can render: doc/version 1, every node typed, every text node a non-empty string. */
function expectValidAdf(doc: unknown): void {
  expect(doc).toMatchObject({ type: 'doc', version: 1 });
  const walk = (node: AdfLike): void => {
    expect(typeof node.type).toBe('string');
    if (node.type === 'text') expect(typeof node.text === 'string' && node.text.length > 0).toBe(true);
    if (node.content !== undefined) {
      expect(Array.isArray(node.content)).toBe(true);
      for (const child of node.content as AdfLike[]) walk(child);
    }
  };
  walk(doc as AdfLike);
  expect((doc as { content: unknown[] }).content.length).toBeGreaterThan(0);
}

function exportOf(localId: string) {
  return app.platform.invokeAdfExport({ localId, pageId: app.pageId, exportType: 'pdf' });
}

function clearSpecCache(): void {
  app.platform.db.exec("DELETE FROM kvs_entries WHERE key LIKE 'spec:%'");
}

function resetBreaker(): void {
  app.platform.db.exec("DELETE FROM kvs_entries WHERE key LIKE 'breaker:%'");
}

/** A view with nothing cached and the engineering system failing: the snapshot is the only source. */
async function viewFromSnapshotOnly(localId: string, specIds: string, layout = 'table'): Promise<MacroViewModel> {
  clearSpecCache();
  app.engineering.admin.setMode({ failAll: 503 });
  try {
    return expectOk(await app.invoke('getSpecs', { localId, config: { specIds, layout } }));
  } finally {
    app.engineering.admin.setMode({});
  }
}

/** Every record the view hands to the UI has the record's shape (strings where the UI renders strings). */
function expectWellFormedRecords(view: MacroViewModel): void {
  for (const spec of view.specs) {
    if (!spec.record) continue;
    expect(typeof spec.record.title).toBe('string');
    expect(Array.isArray(spec.record.parameters)).toBe(true);
    expect(spec.record.id).toBe(spec.id);
  }
}

/** Has the app view the macro with a working engineering system, so it writes its own signed snapshot. */
async function appWrites(localId: string, specIds: string, layout = 'table'): Promise<Json> {
  resetBreaker();
  app.engineering.admin.setMode({});
  expectOk(await app.invoke('getSpecs', { localId, config: { specIds, layout } }));
  await app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  const value = storedSnapshot(app, localId);
  if (!value) throw new Error(`The app wrote no snapshot for ${localId}`);
  return structuredClone(value);
}

function specsOf(snapshot: Json): Json[] {
  return snapshot.specs as Json[];
}

describe('1. every stored snapshot is validated in full; an invalid spec entry is dropped', () => {
  test('a signed snapshot with malformed records (parameters "nope", an object title, a huge title) is exported and shown without them', async () => {
    const localId = app.macroIds[0] as string;
    const signed = await appWrites(localId, 'SHAFT-1043,SHAFT-1050,PSU-4802,PSU-4803');
    const [bad1, bad2, bad3, good] = specsOf(signed) as [Json, Json, Json, Json];
    (bad1.record as Json).parameters = 'nope';
    (bad2.record as Json).title = { text: 'FORGED' };
    (bad3.record as Json).title = 'FORGED'.repeat(4000);
    await writeSnapshotAsEditor(app, localId, signWithDevKey(signed));

    const doc = await exportOf(localId);
    expectValidAdf(doc);
    const text = JSON.stringify(doc);
    expect(text).not.toContain('FORGED');
    expect(text).toContain((good.record as Json).title as string);

    const view = await viewFromSnapshotOnly(localId, 'SHAFT-1043,SHAFT-1050,PSU-4802,PSU-4803');
    expectWellFormedRecords(view);
    expect(JSON.stringify(view)).not.toContain('FORGED');
    expect(view.specs.map((s) => Boolean(s.record))).toEqual([false, false, false, true]);
  });

  test('the export and the view survive any property value, signed or not', async () => {
    const localId = app.macroIds[1] as string;
    const signed = await appWrites(localId, 'SHAFT-1051', 'card');
    const hostile: unknown[] = [
      'nope',
      42,
      null,
      true,
      [],
      ['FORGED'],
      'FORGED'.repeat(5000),
      {},
      { ...signed, specs: 'nope' },
      signWithDevKey({ ...signed, specs: 'nope' }),
      signWithDevKey({ ...signed, specs: [null, 7, 'FORGED', { id: { FORGED: true } }] }),
      signWithDevKey({ ...signed, layout: { FORGED: true } }),
      signWithDevKey({ ...signed, columns: 'FORGED' }),
      signWithDevKey({ ...signed, specs: specsOf(signed).map((s) => ({ ...s, record: { ...(s.record as Json), id: 'OTHER-1' } })) }),
      signWithDevKey({ ...signed, specs: specsOf(signed).map((s) => ({ ...s, record: 'FORGED' })) }),
      signWithDevKey({ ...signed, specs: specsOf(signed).map((s) => ({ ...s, problem: { code: 'FORGED', message: 1 } })) }),
    ];
    for (const value of hostile) {
      await writeSnapshotAsEditor(app, localId, value);

      const doc = await exportOf(localId);
      expectValidAdf(doc);
      expect(JSON.stringify(doc)).not.toContain('FORGED');

      const view = await viewFromSnapshotOnly(localId, 'SHAFT-1051', 'card');
      expectWellFormedRecords(view);
      expect(JSON.stringify(view)).not.toContain('FORGED');
    }
  });
});

describe('2. the app signs what it writes', () => {
  test('a written snapshot carries an Ed25519 signature by a published key over the content bound to site, page and macro, with a sequence', async () => {
    resetBreaker();
    const localId = app.macroIds[2] as string;
    const first = await appWrites(localId, 'SHAFT-1060', 'card');

    const signature = first.signature as { keyId: string; sig: string };
    expect(signature.keyId).toBe('local-dev-1');
    expect(first.sequence).toBe(1);
    const { signature: _sig, ...content } = first;
    const publicKey = createPublicKey({ key: Buffer.from(SNAPSHOT_PUBLIC_KEYS['local-dev-1']?.spki ?? '', 'base64'), format: 'der', type: 'spki' });
    const check = (over: { cloudId: string | null; snapshot: Json }) =>
      verify(null, Buffer.from(snapshotSigningPayload({ keyId: 'local-dev-1', ...over }), 'utf8'), publicKey, Buffer.from(signature.sig, 'base64'));
    expect(check({ cloudId: LOCAL_CLOUD_ID, snapshot: content })).toBe(true);
    expect(check({ cloudId: 'another-site', snapshot: content })).toBe(false);
    expect(check({ cloudId: LOCAL_CLOUD_ID, snapshot: { ...content, localId: app.macroIds[3] } })).toBe(false);
    expect(check({ cloudId: LOCAL_CLOUD_ID, snapshot: { ...content, sequence: 2 } })).toBe(false);

    expect(app.engineering.admin.updateSpec('SHAFT-1060', { revision: 'S2' }).ok).toBe(true);
    clearSpecCache();
    const second = await appWrites(localId, 'SHAFT-1060', 'card');
    expect(second.sequence).toBe(2);
    expect(JSON.stringify(second)).toContain('"revision":"S2"');
  });
});

describe('3. a snapshot the app cannot verify it wrote counts as no snapshot', () => {
  test("a page editor's well-formed snapshot (title FORGED) is never exported or shown, and the app's next write replaces it", async () => {
    const localId = app.macroIds[4] as string;
    const signed = await appWrites(localId, 'PSU-4804', 'card');
    const { signature: _sig, ...unsignedCopy } = signed;
    const forged = structuredClone(unsignedCopy);
    const record = specsOf(forged)[0]?.record as Json;
    record.title = 'FORGED';
    specsOf(forged)[0]!.fetchedAt = new Date(Date.now() - 1000).toISOString();
    await writeSnapshotAsEditor(app, localId, forged);

    const doc = await exportOf(localId);
    expectValidAdf(doc);
    expect(JSON.stringify(doc)).not.toContain('FORGED');
    expect(JSON.stringify(doc)).toContain('no saved data');
    const view = await viewFromSnapshotOnly(localId, 'PSU-4804', 'card');
    expect(JSON.stringify(view)).not.toContain('FORGED');
    expect(view.specs[0]?.record).toBeUndefined();

    // The app's next write (the spec changed) is not merged with the forged record: it replaces it.
    resetBreaker();
    expect(app.engineering.admin.updateSpec('PSU-4804', { revision: 'P9' }).ok).toBe(true);
    const rewritten = await appWrites(localId, 'PSU-4804', 'card');
    expect(JSON.stringify(rewritten)).not.toContain('FORGED');
    expect(JSON.stringify(rewritten)).toContain('"revision":"P9"');
    expect(rewritten.signature).toBeDefined();
    expect(rewritten.sequence).toBe(1);
    expect(JSON.stringify(await exportOf(localId))).toContain('P9');
  });

  test('signed snapshots that do not verify for this macro and site are not used: tampered, copied, another site, unknown key, no signature', async () => {
    const source = app.macroIds[5] as string;
    const target = app.macroIds[6] as string;
    const signedSource = await appWrites(source, 'PSU-4805', 'card');
    const signedTarget = await appWrites(target, 'PSU-4805', 'card');
    const title = (specsOf(signedTarget)[0]?.record as Json).title as string;
    const tampered = structuredClone(signedTarget);
    (specsOf(tampered)[0]?.record as Json).title = 'FORGED';
    const forgedTitle = (snapshot: Json): Json => {
      const copy = structuredClone(snapshot);
      (specsOf(copy)[0]?.record as Json).title = 'FORGED';
      return copy;
    };
    const cases: [string, unknown][] = [
      ['tampered after signing', tampered],
      ["another macro's snapshot, copied as it is", signedSource],
      ['signed for another site', signWithDevKey(forgedTitle(signedTarget), { cloudId: '11111111-2222-4333-8444-555555555555' })],
      ['signed without the site', signWithDevKey(forgedTitle(signedTarget), { cloudId: null })],
      ['an unknown key id', { ...signWithDevKey(forgedTitle(signedTarget), { keyId: 'prod-9' }) }],
      ['a signature field of the wrong shape', { ...forgedTitle(signedTarget), signature: 'FORGED' }],
    ];
    // A positive control: the app's own snapshot of the target is exported.
    expect(JSON.stringify(await exportOf(target))).toContain(title);
    for (const [what, value] of cases) {
      await writeSnapshotAsEditor(app, target, value);
      const doc = await exportOf(target);
      expectValidAdf(doc);
      expect(JSON.stringify(doc), what).not.toContain('FORGED');
      expect(JSON.stringify(doc), what).toContain('no saved data');
      const view = await viewFromSnapshotOnly(target, 'PSU-4805', 'card');
      expect(JSON.stringify(view), what).not.toContain('FORGED');
      expect(view.specs[0]?.record, what).toBeUndefined();
    }
  });
});
