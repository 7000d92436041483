/**
 * The where-used page (`confluence:globalPage` spec-bridge-where-used): specs and the pages showing them, only pages the
 * viewer may see, the revision each macro's verified snapshot shows against the current one, pinned-and-behind and
 * stale flags, in bounded parts with a cursor — and what one part costs in Confluence calls.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adfDocument, forgeMacroNode } from '../../local/platform/confluence';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import type { WhereUsedAnswer } from '../../src/shared/where-used-contract';
import { expectOk, startApp, type TestApp } from '../support/start-app';

const OWNER = 'local-admin';
const READER = 'alice';

let app: TestApp;
let spaceId: string;
const pages: Record<'open' | 'restricted' | 'pinned', string> = { open: '', restricted: '', pinned: '' };
let firstRevision = '';

function pageWithMacro(title: string, localId: string, restrictions: { view?: string[] } = {}): string {
  return app.platform.confluence.admin.createPage({
    spaceId,
    title,
    body: adfDocument(forgeMacroNode({ localId, nodeLocalId: `node-${localId}`, config: {} })),
    restrictions,
  }).id;
}

async function view(functionKey: 'getSpecs' | 'refresh', pageId: string, localId: string, specIds: string): Promise<MacroViewModel> {
  const result = (await app.platform.invokeResolver({ functionKey, context: { pageId, localId, config: { specIds, layout: 'card' } }, accountId: OWNER })) as ResolverResult<MacroViewModel>;
  await app.platform.queue.drain();
  return expectOk(result);
}

async function whereUsed(accountId: string, payload: unknown = {}) {
  return (await app.platform.invokeGlobalPageResolver({ functionKey: 'getWhereUsed', payload, accountId })) as ResolverResult<WhereUsedAnswer>;
}

beforeAll(async () => {
  app = await startApp();
  spaceId = app.platform.confluence.admin.getPage(app.pageId)?.spaceId as string;
  pages.open = pageWithMacro('Gearbox assembly', 'wu-open');
  pages.restricted = pageWithMacro('Owner-only design review', 'wu-restricted', { view: [OWNER] });
  pages.pinned = pageWithMacro('Release 1 drawing set', 'wu-pinned');
  firstRevision = (await view('getSpecs', pages.open, 'wu-open', 'SPR-3301')).specs[0]?.record?.revision as string;
  await view('getSpecs', pages.restricted, 'wu-restricted', 'SPR-3301');
  await view('getSpecs', pages.pinned, 'wu-pinned', `SPR-3301@${firstRevision}`);
  app.engineering.admin.updateSpec('SPR-3301', { revision: 'Z' });
  await view('refresh', pages.open, 'wu-open', 'SPR-3301');
});

afterAll(async () => {
  await app.close();
});

test('a reader sees only the pages they may see, with the revision each shows against the current one', async () => {
  const answer = expectOk(await whereUsed(READER));

  expect(answer.specs).toHaveLength(1);
  const [spec] = answer.specs;
  expect(spec).toMatchObject({ specId: 'SPR-3301', currentRevision: 'Z' });
  expect(spec?.pages.map((page) => page.pageId).sort()).toEqual([pages.open, pages.pinned].sort());
  expect(spec?.pages.find((page) => page.pageId === pages.open)).toMatchObject({
    title: 'Gearbox assembly',
    url: expect.stringContaining(`/pages/${pages.open}/`),
    shownRevision: 'Z',
    pinnedBehind: false,
    stale: false,
  });
  expect(spec?.pages.find((page) => page.pageId === pages.pinned)).toMatchObject({ pinnedRevision: firstRevision, shownRevision: firstRevision, pinnedBehind: true, stale: false });
  expect(JSON.stringify(answer)).not.toContain('Owner-only');
});

test('the page’s owner also sees the restricted page, flagged stale: its snapshot still shows the old revision', async () => {
  const answer = expectOk(await whereUsed(OWNER));

  const restricted = answer.specs[0]?.pages.find((page) => page.pageId === pages.restricted);
  expect(restricted).toMatchObject({ title: 'Owner-only design review', shownRevision: firstRevision, stale: true, pinnedBehind: false });
  expect(answer.specs[0]?.pages).toHaveLength(3);
});

test('one part costs one page read as the viewer plus one snapshot read per visible macro', async () => {
  const gets = () => app.platform.counters.get('confluence.GET');
  const before = gets();

  expectOk(await whereUsed(READER));

  expect(gets() - before).toBe(1 + 2);
});

test('refuses a caller without an account and a payload other than a cursor', async () => {
  expect(await whereUsed(undefined as unknown as string)).toMatchObject({ ok: false, code: 'forbidden' });
  expect(await whereUsed(READER, { cursor: 42 })).toMatchObject({ ok: false, code: 'invalid_input' });
});
