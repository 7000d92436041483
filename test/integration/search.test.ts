import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SpecSummary } from '../../src/shared/resolver-contract';
import { expectOk, startApp, type TestApp } from '../support/start-app';

let app: TestApp;

/** The query for which the engineering system misbehaves and answers 100 hits whatever limit was asked for. */
const FLOOD_QUERY = 'flood';

beforeAll(async () => {
  app = await startApp({
    wrapEngineering: (system) => ({
      basePath: system.basePath,
      async handle(request: Request) {
        const url = new URL(request.url);
        if (!url.pathname.endsWith('/search') || url.searchParams.get('q') !== FLOOD_QUERY) return system.handle(request);
        const items = Array.from({ length: 100 }, (_, i) => ({ id: `BOLT-${5000 + i}`, title: `Flood bolt ${i}`, revision: 'A', status: 'released' }));
        return Response.json({ items });
      },
    }),
  });
});

afterAll(async () => {
  await app.close();
});

function search(query: unknown, isEditing: boolean) {
  return app.invoke<{ items: SpecSummary[] }>('searchSpecs', { localId: app.macroIds[0] as string, isEditing }, { query });
}

test('searchSpecs finds specs by title while the page is being edited, at most 10', async () => {
  const result = expectOk(await search('bolt', true));

  expect(result.items.length).toBeGreaterThan(0);
  expect(result.items.length).toBeLessThanOrEqual(10);
  for (const item of result.items) expect(`${item.id} ${item.title}`.toLowerCase()).toContain('bolt');
});

test('searchSpecs is refused to a reader who is not editing', async () => {
  expect(await search('bolt', false)).toMatchObject({ ok: false, code: 'not_editing' });
});

test("searchSpecs answers the macro's config dialog, which Confluence marks as configuring (extension.macro.isConfiguring)", async () => {
  const result = await app.invoke<{ items: SpecSummary[] }>('searchSpecs', { localId: app.macroIds[0] as string, isEditing: false, isConfiguring: true }, { query: 'bolt' });

  expect(expectOk(result).items.length).toBeGreaterThan(0);
});

test.each([
  ['too short', 'b'],
  ['too long', 'x'.repeat(101)],
  ['not text', 42],
  ['not well-formed text (a lone surrogate)', 'ab\ud800'],
])('searchSpecs refuses a query that is %s', async (_name, query) => {
  expect(await search(query, true)).toMatchObject({ ok: false, code: 'invalid_query' });
});

test('searchSpecs answers at most 10 hits when the engineering system sends 100', async () => {
  const result = expectOk(await search(FLOOD_QUERY, true));

  expect(result.items.map((item) => item.id)).toEqual(Array.from({ length: 10 }, (_, i) => `BOLT-${5000 + i}`));
});
