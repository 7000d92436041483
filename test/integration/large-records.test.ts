/**
 * Fifty records just under the 64 KiB Spec Bridge accepts per record (500 parameters each) on one macro: the
 * resolver's answer must stay within its response budget, well under Forge's 5 MB invoke response limit (which the
 * local platform enforces), and say what it left out.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EngineeringSystem } from '../../local/engineering';
import { VIEW_MAX_BYTES } from '../../src/domain/bound-view';
import { expectOk, startApp, type TestApp } from '../support/start-app';

const PARAMETERS = 500;
const BIG_IDS = Array.from({ length: 50 }, (_, i) => `BIG-${i + 1}`);

function bigRecord(id: string) {
  return {
    id,
    title: `Large assembly ${id}`,
    revision: 'C',
    status: 'released',
    owner: 'Ada Lovelace',
    updatedAt: '2026-03-04T09:00:00Z',
    url: `https://eng.example.com/specs/${id}`,
    parameters: Array.from({ length: PARAMETERS }, (_, i) => ({
      name: `${String(i).padStart(3, '0')} ${'n'.repeat(18)}`,
      nominal: 25 + i,
      unit: 'u'.repeat(4),
      tolerance: { type: 'deviation', upper: 0.0125, lower: 0.0375 },
    })),
  };
}

/** Serves BIG-n records (batch and single reads); everything else goes to the sample system. */
function servingBigRecords(system: EngineeringSystem): Pick<EngineeringSystem, 'handle' | 'basePath'> {
  return {
    basePath: system.basePath,
    async handle(request: Request) {
      const url = new URL(request.url);
      const path = url.pathname.slice(system.basePath.length);
      const ids = path === '/specs' ? (url.searchParams.get('ids')?.split(',') ?? []) : [decodeURIComponent(path.replace(/^\/specs\//, ''))];
      if (!ids.every((id) => id.startsWith('BIG-'))) return system.handle(request);
      if (path === '/specs') return Response.json({ items: ids.map((id) => ({ record: bigRecord(id), etag: `"${id}"` })), missing: [] });
      return Response.json(bigRecord(ids[0]!), { headers: { ETag: `"${ids[0]}"` } });
    },
  };
}

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ wrapEngineering: servingBigRecords });
  // Warm the cache five records at a time: one batch answer of fifty would pass the client's 1 MiB response cap.
  for (let group = 0; group < 10; group += 1) {
    const specIds = BIG_IDS.slice(group * 5, group * 5 + 5).join(',');
    const warm = expectOk(await app.invoke('getSpecs', { localId: app.macroIds[group] as string, config: { specIds, layout: 'table' } }));
    expect(warm.specs.map((s) => s.state)).toEqual(['fresh', 'fresh', 'fresh', 'fresh', 'fresh']);
  }
});

afterAll(async () => {
  await app.close();
});

test('a table of fifty large records answers with parameter counts, not fifty parameter lists, far under the invoke limit', async () => {
  const localId = app.macroIds[10] as string;

  const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: BIG_IDS.join(','), layout: 'table' } }));

  const bytes = Buffer.byteLength(JSON.stringify(view));
  console.info(`table of ${BIG_IDS.length} records of ${PARAMETERS} parameters: ${bytes} bytes answered`);
  expect(bytes).toBeLessThan(100_000);
  expect(view.specs.map((s) => s.id)).toEqual(BIG_IDS);
  for (const spec of view.specs) {
    expect(spec.state).toBe('fresh');
    expect(spec.record?.parameters).toEqual([]);
    expect(spec.parameterSummary).toEqual({ count: PARAMETERS, outOfLimits: 0 });
  }
});

test('a card of the same fifty records answers the shown record whole and the others as counts', async () => {
  const localId = app.macroIds[9] as string;

  const view = expectOk(await app.invoke('getSpecs', { localId, config: { specIds: BIG_IDS.join(','), layout: 'card' } }));

  expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThanOrEqual(VIEW_MAX_BYTES);
  expect(view.specs[0]?.record?.parameters).toHaveLength(PARAMETERS);
  expect(view.specs[0]?.parameterSummary).toBeUndefined();
  expect(view.specs.slice(1).every((s) => s.record?.parameters.length === 0 && s.parameterSummary?.count === PARAMETERS)).toBe(true);
});

test('the export of a large record says its parameters were left out, not that it lists none', async () => {
  const localId = app.macroIds[11] as string;
  expectOk(await app.invoke('getSpecs', { localId, config: { specIds: 'BIG-1', layout: 'card' } }));
  await app.platform.queue.drain(); // the view hands its snapshot write to the refresh consumer

  const text = JSON.stringify(await app.platform.invokeAdfExport({ localId, pageId: app.pageId, exportType: 'pdf' }));

  expect(text).toContain('The parameters of this specification were left out');
  expect(text).not.toContain('lists no parameters');
});
