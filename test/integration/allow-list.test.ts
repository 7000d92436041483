/**
 * The site admin's allow-list of what may be embedded (docs/decisions.md §29), on the local platform with the
 * Forge-built bundle: most tests set the list by writing its KVS key through the platform's KVS service; the saves
 * that also invalidate snapshots, and the refused ones, go through the bundle's admin resolver as the site admin.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { snapshotPropertyKey } from '../../src/confluence/content-properties';
import type { MacroSnapshot } from '../../src/domain/snapshot';
import { digestConfig } from '../../src/frontend/config-digest';
import { planFromSnapshot } from '../../src/frontend/snapshot-view';
import { KEYS } from '../../src/kvs/keys';
import type { AdminState, AllowListEntry, AuditEntry } from '../../src/shared/admin-contract';
import type { CheckedConfig, MacroViewModel, SpecSummary } from '../../src/shared/resolver-contract';
import { paintableSnapshot } from '../../src/shared/snapshot-shape';
import { verifySnapshotInBrowser } from '../../src/shared/snapshot-verify';
import { deliverNotice } from '../support/fault-kit';
import { LOCAL_CLOUD_ID } from '../../local/platform/platform';
import { writeKvsKey } from '../support/kvs-key';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

afterEach(async () => {
  await writeKvsKey(app, KEYS.allowList(), undefined);
  await app.platform.queue.drain(10_000);
});

function setAllowList(entries: AllowListEntry[]): Promise<void> {
  return writeKvsKey(app, KEYS.allowList(), { entries, savedAt: Date.now() });
}

function view(index: number, specIds: string, spaceKey = 'ENG', functionKey = 'getSpecs') {
  return app.invoke<MacroViewModel>(functionKey, { localId: app.macroIds[index] as string, spaceKey, config: { specIds, layout: 'table' } });
}

function storedSnapshot(index: number): MacroSnapshot | undefined {
  return app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(app.macroIds[index] as string))?.value as MacroSnapshot | undefined;
}

const titleOf = (id: string) => app.engineering.admin.getSpec(id)?.title ?? `no title for ${id}`;

test('with no allow-list, every spec the token can read is shown in every space', async () => {
  const shown = expectOk(await view(0, 'SHAFT-1042, BOLT-2001', 'ENG'));

  expect(shown.specs.map((s) => [s.id, s.record?.id, s.problem?.code])).toEqual([
    ['SHAFT-1042', 'SHAFT-1042', undefined],
    ['BOLT-2001', 'BOLT-2001', undefined],
  ]);
});

test('a view of a refused spec shows the problem and none of its record; allowed specs still render; other spaces are unrestricted', async () => {
  expectOk(await view(1, 'SHAFT-1042, BOLT-2001'));
  await app.platform.queue.drain(10_000);
  await setAllowList([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);

  for (const functionKey of ['getSpecs', 'refresh']) {
    const answer = await view(1, 'SHAFT-1042, BOLT-2001', 'ENG', functionKey);
    const restricted = expectOk(answer);

    expect(restricted.specs[0]).toMatchObject({ id: 'SHAFT-1042', record: { id: 'SHAFT-1042' } });
    expect(restricted.specs[1]).toEqual({
      id: 'BOLT-2001',
      state: 'missing',
      problem: { code: 'not_allowed', message: "Spec Bridge's site settings do not allow BOLT-2001 in this space." },
    });
    expect(JSON.stringify(answer)).not.toContain(titleOf('BOLT-2001'));
  }
  const elsewhere = expectOk(await view(2, 'SHAFT-1042, BOLT-2001', 'QA'));
  expect(elsewhere.specs.map((s) => s.record?.id)).toEqual(['SHAFT-1042', 'BOLT-2001']);
});

test('the * entry covers every space without its own entry, and the space comes from the platform context, not the payload', async () => {
  await setAllowList([{ spaceKey: 'ENG', patterns: ['*'] }, { spaceKey: '*', patterns: ['SHAFT-*'] }]);

  const result = await app.platform.invokeResolver({
    functionKey: 'getSpecs',
    // A payload naming another space changes nothing: the resolver reads extension.space.key.
    payload: { spaceKey: 'ENG', space: { key: 'ENG' } },
    context: { localId: app.macroIds[3] as string, pageId: app.pageId, spaceKey: 'HR', config: { specIds: 'SHAFT-1043, BOLT-2002' } },
    accountId: 'local-admin',
  });

  expect(expectOk(result as never as { ok: true; value: MacroViewModel }).specs.map((s) => [s.id, s.record?.id, s.problem?.code])).toEqual([
    ['SHAFT-1043', 'SHAFT-1043', undefined],
    ['BOLT-2002', undefined, 'not_allowed'],
  ]);
});

test('the edit-mode search in a restricted space offers only the specs the space may show', async () => {
  await setAllowList([{ spaceKey: 'ENG', patterns: ['BOLT-2001', 'SHAFT-*'] }]);
  const search = (spaceKey: string) =>
    app.invoke<{ items: SpecSummary[] }>('searchSpecs', { localId: app.macroIds[0] as string, isEditing: true, spaceKey }, { query: 'bolt' });

  const restricted = expectOk(await search('ENG')).items.map((hit) => hit.id);
  const open = expectOk(await search('QA')).items.map((hit) => hit.id);

  expect(restricted).toEqual(['BOLT-2001']);
  expect(open.length).toBeGreaterThan(1);
  expect(open).toContain('BOLT-2001');
});

test("checkConfig names each refused spec as a problem and gives no title for it", async () => {
  await setAllowList([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);
  expectOk(await view(4, 'SHAFT-1042, BOLT-2001', 'QA'));

  const checked = expectOk(
    await app.invoke<CheckedConfig>('checkConfig', { localId: app.macroIds[4] as string, isConfiguring: true, spaceKey: 'ENG', config: { specIds: 'SHAFT-1042, BOLT-2001' } }),
  );
  const drafted = expectOk(
    await app.invoke<CheckedConfig>('checkConfig', { localId: app.macroIds[4] as string, isConfiguring: true, spaceKey: 'ENG' }, { config: { version: 2, specs: [{ id: 'BOLT-2001' }, { id: 'GEAR-1' }] } }),
  );

  expect(checked.problems).toEqual(["Spec Bridge's site settings do not allow BOLT-2001 in this space."]);
  expect(checked.known?.map((k) => k.id)).toEqual(['SHAFT-1042']);
  expect(drafted.problems).toEqual([
    "Spec Bridge's site settings do not allow BOLT-2001 in this space.",
    "Spec Bridge's site settings do not allow GEAR-1 in this space.",
  ]);
});

test('the export leaves out a record the allow-list refuses, even from a snapshot written before the change', async () => {
  expectOk(await view(5, 'SHAFT-1042, BOLT-2001'));
  await app.platform.queue.drain(10_000);
  expect(storedSnapshot(5)?.specs.map((s) => s.record?.id)).toEqual(['SHAFT-1042', 'BOLT-2001']);
  await setAllowList([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);

  const doc = JSON.stringify(await app.platform.invokeAdfExport({ localId: app.macroIds[5] as string, pageId: app.pageId, spaceKey: 'ENG', exportType: 'pdf' }));

  expect(doc).toContain(titleOf('SHAFT-1042'));
  expect(doc).not.toContain(titleOf('BOLT-2001'));
  expect(doc).toContain("Spec Bridge's site settings do not allow BOLT-2001 in this space.");
});

test('after a save, a snapshot written before it is rewritten without the refused record, so first paint cannot show it as current', async () => {
  const config = { specIds: 'SHAFT-1042, BOLT-2001', layout: 'table' };
  expectOk(await app.invoke('getSpecs', { localId: app.macroIds[6] as string, spaceKey: 'ENG', config }));
  await app.platform.queue.drain(10_000);
  const binding = { pageId: app.pageId, localId: app.macroIds[6] as string, cloudId: LOCAL_CLOUD_ID, trustDevKeys: true };
  const planOf = async () => {
    const value = app.platform.confluence.admin.getPropertyByKey(app.pageId, snapshotPropertyKey(app.macroIds[6] as string))?.value;
    expect(await verifySnapshotInBrowser(value, binding)).toBe('verified');
    const snapshot = paintableSnapshot(value);
    const digest = digestConfig(config);
    if (!snapshot || !digest) throw new Error('the snapshot or the config cannot be painted');
    return planFromSnapshot(snapshot, digest, Date.now());
  };
  const before = await planOf();
  expect(before).toMatchObject({ paint: true, current: true });

  const saved = await app.invokeAdmin<AdminState>('saveAllowList', { allowList: [{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }] });
  await app.platform.queue.drain(10_000);

  expect(saved).toMatchObject({ ok: true, value: { allowList: [{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }] } });
  const [audited] = expectOk(await app.invokeAdmin<{ items: AuditEntry[] }>('listAudit')).items;
  expect(audited).toMatchObject({ accountId: 'local-admin', action: 'allowList.saved', detail: expect.stringMatching(/^1 space entry; [1-9]\d* snapshot\(s\) queued for rewriting$/) });
  const after = await planOf();
  expect(after.paint && after.current).toBe(false);
  if (after.paint) expect(after.view.specs[1]).toMatchObject({ id: 'BOLT-2001', problem: { code: 'not_allowed' } });
  expect(storedSnapshot(6)?.specs[1]).toEqual({ id: 'BOLT-2001', problem: { code: 'not_allowed', message: "Spec Bridge's site settings do not allow BOLT-2001 in this space." } });
  expect(JSON.stringify(storedSnapshot(6))).not.toContain(titleOf('BOLT-2001'));
});

test('a change notice for a refused spec does not put its record back into the snapshot', async () => {
  expectOk(await view(7, 'SHAFT-1042, BOLT-2001'));
  await app.platform.queue.drain(10_000);
  await setAllowList([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);
  app.engineering.admin.updateSpec('BOLT-2001', { revision: 'Q' });

  expect(await deliverNotice(app, ['BOLT-2001', 'SHAFT-1042'], 'msg_allow_list_push_1')).toBe(202);
  await app.platform.queue.drain(10_000);

  expect(storedSnapshot(7)?.specs.map((s) => [s.id, s.record?.id, s.problem?.code])).toEqual([
    ['SHAFT-1042', 'SHAFT-1042', undefined],
    ['BOLT-2001', undefined, 'not_allowed'],
  ]);
});

test('a malformed stored list refuses every spec until an admin saves a valid one', async () => {
  await writeKvsKey(app, KEYS.allowList(), { entries: [{ spaceKey: 'ENG', patterns: 'SHAFT-*' }] });

  const refused = expectOk(await view(8, 'SHAFT-1042', 'QA'));
  expect(refused.specs[0]).toMatchObject({ id: 'SHAFT-1042', problem: { code: 'not_allowed', message: expect.stringContaining('a site admin can save them again') } });
  expect(refused.specs[0]?.record).toBeUndefined();

  expect(expectOk(await app.invokeAdmin<AdminState>('getAdminState'))).toMatchObject({ allowList: [], allowListMalformed: true });
  const saved = expectOk(await app.invokeAdmin<AdminState>('saveAllowList', { allowList: [] }));
  expect(saved.allowList).toEqual([]);
  expect(saved.allowListMalformed).toBeUndefined();
  expect(expectOk(await view(8, 'SHAFT-1042', 'QA')).specs[0]?.record?.id).toBe('SHAFT-1042');
});

test('a save with a problem changes nothing and names it', async () => {
  await setAllowList([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);
  const refused = await app.invokeAdmin('saveAllowList', { allowList: [{ spaceKey: 'EN G', patterns: ['shaft-*'] }] });

  expect(refused).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringMatching(/entries\[0\]\.spaceKey: .*\(and 1 more\)/) });
  expect(expectOk(await app.invokeAdmin<AdminState>('getAdminState')).allowList).toEqual([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);
});

test('with an allow-list set, a warm view still makes exactly one KVS operation: the list rides in its batch read', async () => {
  await setAllowList([{ spaceKey: 'ENG', patterns: ['SHAFT-*'] }]);
  expectOk(await view(9, 'SHAFT-1042, BOLT-2001'));
  await app.platform.queue.drain(10_000);
  expectOk(await view(9, 'SHAFT-1042, BOLT-2001'));
  await app.platform.queue.drain(10_000);
  const before = app.platform.counters.snapshot();

  const warm = expectOk(await view(9, 'SHAFT-1042, BOLT-2001'));

  const after = app.platform.counters.snapshot();
  const kvs = Object.fromEntries(Object.keys(after).filter((k) => k.startsWith('kvs.') && after[k] !== before[k]).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
  expect(warm.specs.map((s) => s.problem?.code)).toEqual([undefined, 'not_allowed']);
  expect(kvs).toEqual({ 'kvs.batch/get': 1 });
});
