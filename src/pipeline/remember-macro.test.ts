import { expect, test } from 'vitest';
import { makeSpecRecord } from '../../test/support/engineering-client-kit';
import type { SnapshotWrite } from '../domain/ports';
import type { MacroSettings } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';
import { writeSnapshotIfChanged } from './remember-macro';

const ref = { pageId: '1', localId: 'macro-1' };
const settings: MacroSettings = { specIds: ['SHAFT-1042'], layout: 'card', columns: ['id', 'title'], ttlSeconds: 600 };
const specs = [{ id: 'SHAFT-1042', state: 'fresh' as const, record: makeSpecRecord() }];

function depsAnswering(outcome: SnapshotWrite) {
  const logged: string[] = [];
  let writes = 0;
  const deps = {
    snapshots: {
      write: async () => {
        writes += 1;
        return outcome;
      },
    },
    log: { info: (message: string) => logged.push(message), warn: (message: string) => logged.push(message) },
  } as unknown as PipelineDeps;
  return { deps, logged, writes: () => writes };
}

test('a snapshot the store found already stored (unchanged) is not logged or counted as written', async () => {
  const { deps, logged, writes } = depsAnswering('unchanged');

  const result = await writeSnapshotIfChanged(deps, ref, settings, specs, undefined, Date.UTC(2026, 0, 1));

  expect(writes()).toBe(1);
  expect(result).toMatchObject({ failed: false, written: false });
  expect(result.hash).toBeDefined();
  expect(logged).not.toContain('snapshot written');
});

test('a snapshot the store wrote is logged and counted as written', async () => {
  const { deps, logged } = depsAnswering('written');

  const result = await writeSnapshotIfChanged(deps, ref, settings, specs, undefined, Date.UTC(2026, 0, 1));

  expect(result).toMatchObject({ failed: false, written: true });
  expect(logged).toContain('snapshot written');
});

test('an unchanged content hash skips the store and logs nothing', async () => {
  const first = depsAnswering('written');
  const { hash } = await writeSnapshotIfChanged(first.deps, ref, settings, specs, undefined, Date.UTC(2026, 0, 1));
  const { deps, logged, writes } = depsAnswering('written');

  const result = await writeSnapshotIfChanged(deps, ref, settings, specs, hash, Date.UTC(2026, 0, 2));

  expect(writes()).toBe(0);
  expect(result).toEqual({ hash, failed: false, written: false });
  expect(logged).toEqual([]);
});
