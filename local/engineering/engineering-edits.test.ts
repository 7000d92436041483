import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test, vi } from 'vitest';
import type { SpecChangeEvent } from './spec-editor';
import { startSampleEngineering } from './start-sample-engineering';

async function start(dbPath?: string) {
  const sample = await startSampleEngineering({ dbPath });
  onTestFinished(() => sample.close());
  return sample;
}

function patch(body: unknown) {
  return { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

test('PATCH with a new revision updates the record, keeps the previous revision readable and fires onChange', async () => {
  const sample = await start();
  const events: SpecChangeEvent[] = [];
  sample.system.admin.onChange((event) => void events.push(event));
  const before = await sample.api('/specs/PSU-4801');
  const beforeBody = await before.json();
  sample.clock.advance(60_000);

  const response = await sample.api('/specs/PSU-4801', patch({ revision: 'D', status: 'in_review' }));
  const updated = await response.json();
  const current = await sample.api('/specs/PSU-4801', { headers: { 'if-none-match': before.headers.get('etag') as string } });
  const previous = await (await sample.api('/specs/PSU-4801/revisions/C')).json();
  const older = await (await sample.api('/specs/PSU-4801/revisions/A')).json();

  expect(response.status).toBe(200);
  expect(updated).toEqual({ ...beforeBody, revision: 'D', status: 'in_review', updatedAt: new Date(sample.clock.now()).toISOString() });
  expect(response.headers.get('etag')).not.toBe(before.headers.get('etag'));
  expect(current.status).toBe(200);
  expect(previous).toEqual(beforeBody);
  expect(older.revision).toBe('A');
  expect(events).toEqual([{ type: 'spec.updated', specIds: ['PSU-4801'] }]);
});

test('PATCH without a revision change edits the current revision in place', async () => {
  const sample = await start();

  const response = await sample.api('/specs/BOLT-2001', patch({ owner: 'Dana Novak' }));
  const revisions = await sample.api('/specs/BOLT-2001/revisions/B');

  expect(response.status).toBe(200);
  expect((await response.json()).owner).toBe('Dana Novak');
  expect((await revisions.json()).owner).toBe('Dana Novak');
});

test.each([
  [{ colour: 'red' }, 'colour'],
  [{ status: 'approved' }, 'status'],
  [{ title: '' }, 'title'],
  [{ parameters: [{ name: 'Torque', nominal: '25', unit: 'N·m' }] }, 'parameters[0].nominal'],
  [{ parameters: [{ name: 'V', nominal: null, unit: 'V', tolerance: { type: 'limits', min: 5.25, max: 4.75 } }] }, 'parameters[0].tolerance.max'],
  [{ revision: 'B' }, 'revision'],
])('PATCH %j answers 400 bad_request naming %s and changes nothing', async (body, field) => {
  const sample = await start();
  const events: SpecChangeEvent[] = [];
  sample.system.admin.onChange((event) => void events.push(event));
  const before = sample.system.admin.getSpec('SHAFT-1042');

  const response = await sample.api('/specs/SHAFT-1042', patch(body));
  const error = (await response.json()).error;

  expect(response.status).toBe(400);
  expect(error.code).toBe('bad_request');
  expect(error.message).toContain(`'${field}'`);
  expect(sample.system.admin.getSpec('SHAFT-1042')).toEqual(before);
  expect(events).toEqual([]);
});

test('PATCH answers 400 for a body that is not JSON and 404 for an unknown spec', async () => {
  const sample = await start();

  const notJson = await sample.api('/specs/SHAFT-1042', { method: 'PATCH', body: '{title:' });
  const unknown = await sample.api('/specs/SHAFT-9999', patch({ title: 'x' }));

  expect(notJson.status).toBe(400);
  expect((await notJson.json()).error.code).toBe('bad_request');
  expect(unknown.status).toBe(404);
});

test('DELETE removes the record and its history and fires spec.deleted', async () => {
  const sample = await start();
  const events: SpecChangeEvent[] = [];
  sample.system.admin.onChange((event) => void events.push(event));

  const deleted = await sample.api('/specs/SHAFT-1042', { method: 'DELETE' });
  const read = await sample.api('/specs/SHAFT-1042');
  const history = await sample.api('/specs/SHAFT-1042/revisions/B');
  const again = await sample.api('/specs/SHAFT-1042', { method: 'DELETE' });

  expect(deleted.status).toBe(204);
  expect(await deleted.text()).toBe('');
  expect(read.status).toBe(404);
  expect(history.status).toBe(404);
  expect(again.status).toBe(404);
  expect(events).toEqual([{ type: 'spec.deleted', specIds: ['SHAFT-1042'] }]);
});

test('admin edits validate like PATCH, notify listeners and are served over HTTP', async () => {
  const sample = await start();
  const events: SpecChangeEvent[] = [];
  const unsubscribe = sample.system.admin.onChange((event) => void events.push(event));

  const refused = sample.system.admin.updateSpec('S-100', { parameters: [{ name: 'd', nominal: 8.4 }] });
  const accepted = sample.system.admin.updateSpec('S-100', { title: 'Plain washer ISO 7089 8 — 300 HV' });
  unsubscribe();
  sample.system.admin.deleteSpec('BOLT-2005');
  const served = await (await sample.api('/specs/S-100')).json();

  expect(refused).toMatchObject({ ok: false, reason: 'bad_request', field: 'parameters[0].unit' });
  expect(accepted.ok).toBe(true);
  expect(served.title).toBe('Plain washer ISO 7089 8 — 300 HV');
  expect(events).toEqual([{ type: 'spec.updated', specIds: ['S-100'] }]);
});

test('a failing change listener neither fails the edit nor stops other listeners', async () => {
  const sample = await start();
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  onTestFinished(() => logged.mockRestore());
  const seen: string[] = [];
  sample.system.admin.onChange(() => Promise.reject(new Error('notice sender down')));
  sample.system.admin.onChange((event) => void seen.push(event.type));

  const response = await sample.api('/specs/S-100', patch({ status: 'obsolete' }));
  await sample.system.admin.settled();

  expect(response.status).toBe(200);
  expect(seen).toEqual(['spec.updated']);
  expect(logged).toHaveBeenCalledWith('engineering: change listener failed', expect.anything());
});

test('admin.reset reloads the seed data', async () => {
  const sample = await start();
  sample.system.admin.deleteSpec('S-100');
  sample.system.admin.updateSpec('SHAFT-1042', { revision: 'D' });

  sample.system.admin.reset();

  expect(sample.system.admin.getSpec('S-100')).toBeDefined();
  expect(sample.system.admin.getSpec('SHAFT-1042')?.revision).toBe('C');
  expect((await sample.api('/specs/SHAFT-1042/revisions/D')).status).toBe(404);
});

test('state survives reopening the same SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eng-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'platform.sqlite');
  const first = await startSampleEngineering({ dbPath });
  await first.api('/specs/SHAFT-1042', patch({ revision: 'D', owner: 'Dana Novak' }));
  await first.api('/specs/BOLT-2005', { method: 'DELETE' });
  await first.close();

  const second = await start(dbPath);
  const latest = await (await second.api('/specs/SHAFT-1042')).json();
  const revisionC = await second.api('/specs/SHAFT-1042/revisions/C');
  const deleted = await second.api('/specs/BOLT-2005');

  expect(latest).toMatchObject({ revision: 'D', owner: 'Dana Novak' });
  expect(revisionC.status).toBe(200);
  expect(deleted.status).toBe(404);
});

test('admin.createSpec adds a readable record and refuses an existing id', async () => {
  const sample = await startSampleEngineering();
  try {
    const record = { ...sample.system.admin.getSpec('BOLT-2001'), id: 'NEW-9001', title: 'New bracket bolt' };

    const created = sample.system.admin.createSpec(record);
    const again = sample.system.admin.createSpec(record);
    const response = await sample.api('/specs/NEW-9001');

    expect(created.ok).toBe(true);
    expect(again).toMatchObject({ ok: false, reason: 'bad_request', field: 'id' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { title: string }).title).toBe('New bracket bolt');
  } finally {
    await sample.close();
  }
});
