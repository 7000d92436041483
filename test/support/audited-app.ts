import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { recordWrites, regressions, writtenVersions } from '../../local/bench/write-audit';
import type { Layout } from '../../src/shared/resolver-contract';
import type { PlacedMacro } from './fault-kit';
import { startApp, type StartAppOptions, type TestApp } from './start-app';

/**
 * One app per fault-injection test file, with every snapshot and cache version audited: after
 * each test the injected faults are cleared and no version may have gone back.
 */
export function useAuditedApp(options: StartAppOptions & { layout: Layout }) {
  let app: TestApp | undefined;
  const started = () => {
    if (!app) throw new Error('the audited app starts in beforeAll');
    return app;
  };
  beforeAll(async () => {
    app = await startApp(options);
    recordWrites(app.platform.db, app.engineeringDb);
  });
  afterEach(() => {
    started().platform.faults.clear();
    started().engineeringFaults.clear();
    started().engineering.admin.setMode({});
    const found = regressions(started().platform.db, started().engineeringDb);
    // What each regressed place was written, in order, so a failure can be read without a rerun.
    for (const regression of found) {
      const versions = writtenVersions(started().platform.db).filter((v) => v.where === regression.where || v.where === `spec:${regression.specId}`);
      const shown = versions.map((v) => {
        const value = v.value as { record?: { revision?: string }; fetchedAt?: number; specs?: { id: string; record?: { revision?: string }; fetchedAt?: number; problem?: { code: string } }[] };
        const spec = v.kind === 'cache' ? value : value.specs?.find((s) => s.id === regression.specId);
        return `${v.kind} ${spec?.record?.revision ?? '-'} fetchedAt=${String(spec?.fetchedAt ?? '-')} ${(spec as { problem?: { code: string } } | undefined)?.problem?.code ?? ''}`;
      });
      console.error(`regression at ${regression.where} ${regression.specId}:\n  ${shown.join('\n  ')}`);
    }
    expect(found).toEqual([]);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app(): TestApp {
      return started();
    },
    /** Macro `index` of the test page, showing `specIds` in the file's layout. */
    placed: (index: number, specIds: string): PlacedMacro => ({
      localId: started().macroIds[index] as string,
      config: { specIds, layout: options.layout },
    }),
  };
}
