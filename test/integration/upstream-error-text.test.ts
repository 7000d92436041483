/**
 * Upstream error text (an error body's code and message, host names) never reaches readers: every failure kind reads
 * as one fixed sentence in the view, the page banner and the stored snapshot, while the logs keep the details.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { storedSnapshot } from '../support/fault-kit';
import { expectOk, startApp, type TestApp } from '../support/start-app';

/** What the failing engineering system says: an internal host, a port and an internal error code. */
const UPSTREAM_HOST = 'pg-primary-7.plm-internal.corp';
const UPSTREAM_CODE = 'PLM_DB_DOWN_0x2F';
const UPSTREAM_TEXT = [UPSTREAM_HOST, 'plm-internal', UPSTREAM_CODE, '5432', 'HTTP 503', 'HTTP 400'];

/** Which requests fail, and with what status; empty: the engineering system works. */
const failing = { ids: new Set<string>(), status: 503, search: false };
let app: TestApp;

beforeAll(async () => {
  app = await startApp({
    wrapEngineering: (system) => ({
      basePath: system.basePath,
      async handle(request: Request) {
        const url = new URL(request.url);
        const asked = decodeURIComponent(url.pathname + url.search);
        const fails = url.pathname.endsWith('/search') ? failing.search : [...failing.ids].some((id) => asked.includes(id));
        if (!fails) return system.handle(request);
        const message = `connection to ${UPSTREAM_HOST}:5432 refused while reading ${asked} (${'x'.repeat(1500)})`;
        return Response.json({ error: { code: UPSTREAM_CODE, message } }, { status: failing.status });
      },
    }),
  });
});

afterAll(async () => {
  await app.close();
});

function macro(index: number, specIds: string) {
  return { localId: app.macroIds[index] as string, config: { specIds, layout: 'table' } };
}

/** Every string a reader can be shown from this answer: spec problems, the page banner, error envelopes. */
function readerTexts(result: ResolverResult<MacroViewModel>): string[] {
  if (!result.ok) return [result.message];
  const view = result.value;
  return [
    ...view.specs.flatMap((s) => (s.problem ? [s.problem.message] : [])),
    ...(view.page.reason === undefined ? [] : [view.page.reason]),
    ...view.configProblems,
  ];
}

function leaks(texts: string[]): string[] {
  return texts.filter((text) => UPSTREAM_TEXT.some((upstream) => text.includes(upstream)));
}

function logged(): string {
  return JSON.stringify(app.platform.activity.recent(500).filter((e) => e.source === 'app-log'));
}

test('a record that fails validation is one fixed sentence for the reader; the field and reason are logged', async () => {
  app.engineeringDb.prepare("UPDATE eng_specs SET record = json_set(record, '$.parameters[0].nominal', 'twelve') WHERE id = ?").run('BOLT-2003');

  const view = await app.invoke('getSpecs', macro(4, 'BOLT-2003, BOLT-2004'));

  const problem = expectOk(view).specs[0]?.problem;
  expect(problem).toEqual({ code: 'invalid_record', message: 'The engineering system sent BOLT-2003 in a form Spec Bridge cannot read; the details are in the app logs.' });
  expect(readerTexts(view).join(' ')).not.toContain('parameters[0]');
  expect(logged()).toMatch(/BOLT-2003: parameters\[0\]\.nominal/);
});

test('a failing search tells the editor a fixed sentence; the logs keep the upstream text', async () => {
  failing.search = true;
  failing.status = 400;
  const result = await app.invoke('searchSpecs', { localId: app.macroIds[5] as string, isEditing: true }, { query: 'bolt' });
  failing.search = false;

  expect(result).toMatchObject({ ok: false, code: 'unavailable', message: 'The engineering system is unavailable right now.' });
  expect(leaks(result.ok ? [] : [result.message])).toEqual([]);
  expect(logged()).toMatch(/engineering search failed.*PLM_DB_DOWN_0x2F/);
});

// Last: it leaves the circuit breaker open.
test('a failing engineering system shows fixed sentences on a cold view, a refresh and with the breaker open; the logs keep its text', async () => {
  const cold = macro(0, 'SHAFT-1042, BOLT-2001');
  const warm = macro(1, 'PSU-4801');
  expectOk(await app.invoke('getSpecs', warm));
  failing.ids = new Set(['SHAFT-1042', 'BOLT-2001', 'PSU-4801']);

  const coldView = await app.invoke('getSpecs', cold);
  const refreshed = await app.invoke('refresh', warm);
  const third = await app.invoke('getSpecs', macro(2, 'SHAFT-1042'));
  const breakerOpen = await app.invoke('getSpecs', macro(3, 'BOLT-2002'));
  failing.ids.clear();

  const views = [coldView, refreshed, third, breakerOpen];
  const texts = views.flatMap(readerTexts);
  expect(expectOk(coldView).specs.map((s) => s.problem?.message)).toEqual(Array(2).fill('The engineering system is unavailable right now.'));
  expect(expectOk(refreshed).specs[0]?.state).toBe('degraded');
  expect(expectOk(breakerOpen).specs[0]?.problem?.message).toBe('The engineering system is not answering; Spec Bridge waits a little before asking again.');
  expect(texts.length).toBeGreaterThanOrEqual(5);
  expect(leaks(texts)).toEqual([]);
  const snapshots = [0, 1, 2, 3].map((i) => JSON.stringify(storedSnapshot(app, app.macroIds[i] as string) ?? {}));
  expect(leaks(snapshots)).toEqual([]);
  expect(logged()).toContain(UPSTREAM_HOST);
  expect(logged()).toContain(UPSTREAM_CODE);
});
