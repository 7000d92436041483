import { expect, test } from 'vitest';
import { createHoldingEngineering } from '../support/held-engineering';
import { behindSnapshots, deliverNotice, eventually, storedSnapshot, unclearView } from '../support/fault-kit';
import { expectOk } from '../support/start-app';
import { useAuditedApp } from '../support/audited-app';

const BATCH = 'GET /specs';
const SINGLE = 'GET /specs/{id}';
const holding = createHoldingEngineering();
// A 3 s resolver limit gives each engineering request a 2 s budget, so a timeout costs 2 s, not 8.
const fixture = useAuditedApp({ seed: 13, limits: { resolverTimeoutMs: 3_000 }, wrapEngineering: holding.wrap, layout: 'table' });
const placed = fixture.placed;

function corrupt(specId: string, path: string, value: string | number): string {
  const before = (fixture.app.engineeringDb.prepare('SELECT record FROM eng_specs WHERE id = ?').get(specId) as { record: string }).record;
  fixture.app.engineeringDb.prepare('UPDATE eng_specs SET record = json_set(record, ?, ?) WHERE id = ?').run(path, value, specId);
  return before;
}

test.each([
  ['a timeout', 0, 'SHAFT-1042, BOLT-2001', { latencyMs: 2_600, times: 1 }, /in time/],
  ['500s', 1, 'SHAFT-1043, BOLT-2002', { status: 500, times: 3 }, /unavailable/i],
])('%s on a cold view shows each spec with the reason, and the next view has the data', async (_name, index, specIds, fault, reason) => {
  const macro = placed(index, specIds);
  fixture.app.engineeringFaults.add({ service: 'engineering', operation: BATCH, ...fault });

  const during = expectOk(await fixture.app.invoke('getSpecs', macro));
  const after = expectOk(await fixture.app.invoke('getSpecs', macro));

  expect(unclearView({ ok: true, value: during }, macro.config.specIds.split(', '))).toEqual([]);
  for (const spec of during.specs) expect(spec.problem?.message).toMatch(reason);
  expect(after.specs.map((s) => s.state)).toEqual(['fresh', 'fresh']);
});

test.each([
  ['a timeout', 2, 'SHAFT-1050', { latencyMs: 2_600, times: 1 }],
  ['500s', 3, 'SHAFT-1051', { status: 500, times: 3 }],
])('%s on a refresh keeps showing the cached record, marked degraded with the reason', async (_name, index, specId, fault) => {
  const macro = placed(index, specId);
  const before = expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.engineeringFaults.add({ service: 'engineering', operation: SINGLE, ...fault });

  const during = expectOk(await fixture.app.invoke('refresh', macro));

  expect(during.specs[0]?.record).toEqual(before.specs[0]?.record);
  expect(during.specs[0]?.state).toBe('degraded');
  expect(during.specs[0]?.problem?.message).toBeTruthy();
  expect(expectOk(await fixture.app.invoke('getSpecs', macro)).specs[0]?.record?.id).toBe(specId);
});

test('a malformed record in a batch becomes a problem on that spec only; the others show', async () => {
  const macro = placed(4, 'BOLT-2003, BOLT-2004');
  corrupt('BOLT-2003', '$.parameters[0].nominal', 'twelve');

  const view = expectOk(await fixture.app.invoke('getSpecs', macro));

  expect(view.specs[0]?.problem).toMatchObject({ code: 'invalid_record' });
  expect(view.specs[0]?.problem?.message).toMatch(/BOLT-2003.*cannot read/);
  expect(view.specs[1]?.state).toBe('fresh');
  expect(unclearView({ ok: true, value: view }, ['BOLT-2003', 'BOLT-2004'])).toEqual([]);
});

test('a record that turns malformed keeps its last good copy in view and snapshot until a valid revision arrives', async () => {
  const macro = placed(5, 'BOLT-2005');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  await fixture.app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer
  // The last good record as the engineering system served it (a table view answers records without parameters).
  const good = fixture.app.engineering.admin.getSpec('BOLT-2005');
  const original = corrupt('BOLT-2005', '$.status', 'scrapped');

  const refreshed = expectOk(await fixture.app.invoke('refresh', macro));
  const noticeStatus = await deliverNotice(fixture.app, ['BOLT-2005'], 'msg_malformed_1');
  await fixture.app.platform.queue.drain();
  const snapshotWhileBroken = storedSnapshot(fixture.app, macro.localId)?.specs[0]?.record;
  fixture.app.engineeringDb.prepare('UPDATE eng_specs SET record = ? WHERE id = ?').run(original, 'BOLT-2005');
  fixture.app.engineering.admin.updateSpec('BOLT-2005', { revision: 'V9' });
  const fixedStatus = await deliverNotice(fixture.app, ['BOLT-2005'], 'msg_malformed_2');
  await fixture.app.platform.queue.drain();

  expect(refreshed.specs[0]).toMatchObject({ state: 'degraded', record: { ...good, parameters: [] }, parameterSummary: { count: good?.parameters.length }, problem: { code: 'invalid_record' } });
  expect([noticeStatus, fixedStatus]).toEqual([202, 202]);
  expect(snapshotWhileBroken).toEqual(good);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
});

test('a record that changes while an older read is still in flight ends with every snapshot at the newest revision', async () => {
  const macro = placed(6, 'NUT-2101');
  expectOk(await fixture.app.invoke('getSpecs', macro));
  fixture.app.engineering.admin.updateSpec('NUT-2101', { revision: 'B' });
  const held = holding.holdNext('NUT-2101');
  const retriedBefore = fixture.app.platform.counters.get('queue.retried');

  const first = await deliverNotice(fixture.app, ['NUT-2101'], 'msg_between_1');
  await held.read;
  fixture.app.engineering.admin.updateSpec('NUT-2101', { revision: 'C' });
  const second = await deliverNotice(fixture.app, ['NUT-2101'], 'msg_between_2');
  await eventually(() => (fixture.app.platform.counters.get('queue.retried') > retriedBefore ? [] : ['second notice not yet deferred']));
  held.release();
  await fixture.app.platform.queue.drain();

  expect([first, second]).toEqual([202, 202]);
  expect(behindSnapshots(fixture.app, [macro])).toEqual([]);
  expect(expectOk(await fixture.app.invoke('getSpecs', macro)).specs[0]?.record?.revision).toBe('C');
});
