import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { recordWrites, regressions } from '../../local/bench/write-audit';
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
    expect(regressions(started().platform.db, started().engineeringDb)).toEqual([]);
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
