/**
 * Pins through the pipeline (src/pipeline/pinned-revision.ts) with real KVS: each spec at its own pinned
 * revision, and a pinned revision that cannot be read never passed off as the one shown.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { applyPinnedRevision } from '../../src/pipeline/pinned-revision';
import type { MacroSettings, SpecView } from '../../src/shared/resolver-contract';
import { createPipelineRig, record, type PipelineRig } from '../support/pipeline-rig';

let rig: PipelineRig;

beforeAll(async () => {
  rig = await createPipelineRig();
});

beforeEach(() => {
  rig.source.failure = undefined;
});

afterAll(() => rig.close());

function latest(id: string, revision: string): SpecView {
  const shown = record(id, revision);
  rig.source.serve(shown);
  return { id, state: 'fresh', record: shown };
}

function settings(specIds: string[], pins: Partial<MacroSettings> = {}): MacroSettings {
  return { specIds, layout: 'table', columns: ['id', 'revision'], ttlSeconds: 600, ...pins };
}

test('each spec is shown at its own pinned revision, and a spec without a pin stays at its latest', async () => {
  const specs = [latest('PIN-1', 'C'), latest('PIN-2', 'D'), latest('PIN-3', 'B')];

  const views = await applyPinnedRevision(rig.invocation(), specs, settings(['PIN-1', 'PIN-2', 'PIN-3'], { pinnedRevisions: { 'PIN-1': 'A', 'PIN-2': 'B' } }), false);

  expect(views.map((v) => [v.record?.revision, v.pinned?.revision, v.pinned?.latestRevision, v.pinned?.availability])).toEqual([
    ['A', 'A', 'C', 'shown'],
    ['B', 'B', 'D', 'shown'],
    ['B', undefined, undefined, undefined],
  ]);
});

test('the pinned revision field of an existing macro pins its first spec only', async () => {
  const specs = [latest('PIN-4', 'C'), latest('PIN-5', 'C')];

  const views = await applyPinnedRevision(rig.invocation(), specs, settings(['PIN-4', 'PIN-5'], { pinnedRevision: 'B' }), false);

  expect(views.map((v) => [v.record?.revision, v.pinned?.revision])).toEqual([
    ['B', 'B'],
    ['C', undefined],
  ]);
});

test('a spec pinned to its latest revision is labelled pinned without asking for an old revision', async () => {
  const asked = rig.source.revisionRequests.length;

  const [view] = await applyPinnedRevision(rig.invocation(), [latest('PIN-6', 'C')], settings(['PIN-6'], { pinnedRevisions: { 'PIN-6': 'C' } }), false);

  expect(view?.pinned).toEqual({ revision: 'C', latestRevision: 'C', changes: [], availability: 'shown' });
  expect(rig.source.revisionRequests.length).toBe(asked);
});

test('a pinned revision that cannot be read now is reported unreadable and the latest record is kept', async () => {
  const spec = latest('PIN-7', 'C');
  rig.source.failure = { kind: 'unavailable', message: 'engineering is down' };

  const [view] = await applyPinnedRevision(rig.invocation(), [spec], settings(['PIN-7'], { pinnedRevisions: { 'PIN-7': 'B' } }), false);

  expect(view?.record?.revision).toBe('C');
  expect(view?.pinned).toEqual({ revision: 'B', latestRevision: 'C', changes: null, availability: 'unreadable' });
});

test('while the engineering system is not being called a pinned revision is not asked for and is unreadable', async () => {
  const spec = latest('PIN-8', 'C');
  const asked = rig.source.revisionRequests.length;

  const [view] = await applyPinnedRevision(rig.invocation(), [spec], settings(['PIN-8'], { pinnedRevisions: { 'PIN-8': 'B' } }), true);

  expect(rig.source.revisionRequests.length).toBe(asked);
  expect(view?.pinned?.availability).toBe('unreadable');
});
