import { expect, test } from 'vitest';
import { buildDocumentationState, DEFAULT_DOCUMENTATION_PRIVACY, type PageStateInput } from './documentation-state';

const entry: PageStateInput['entry'] = {
  pageId: '4242',
  contentType: 'page',
  version: 7,
  sequence: 3,
  status: 'current',
  title: 'Gearbox design review',
  spaceKey: 'ENG',
  macros: [
    { localId: 'm-1', specIds: ['SHAFT-1042', 'BOLT-2001'], pinnedRevisions: { 'SHAFT-1042': 'B' } },
    { localId: 'm-2', specIds: ['SHAFT-1042'], pinnedRevisions: {} },
  ],
};

test('by default a state carries ids, revisions and a link, but no title or space key', () => {
  const state = buildDocumentationState({
    entry,
    cloudId: 'cloud-1',
    siteUrl: 'https://acme.atlassian.net/',
    shownRevisions: { 'm-1': { 'BOLT-2001': 'A' }, 'm-2': { 'SHAFT-1042': 'C' } },
    privacy: DEFAULT_DOCUMENTATION_PRIVACY,
    restricted: false,
  });
  expect(state).toEqual({
    cloudId: 'cloud-1',
    pageId: '4242',
    contentType: 'page',
    url: 'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=4242',
    version: 7,
    status: 'current',
    sequence: 3,
    specs: [
      { specId: 'SHAFT-1042', macroLocalId: 'm-1', revision: 'B', pinned: true },
      { specId: 'BOLT-2001', macroLocalId: 'm-1', revision: 'A', pinned: false },
      { specId: 'SHAFT-1042', macroLocalId: 'm-2', revision: 'C', pinned: false },
    ],
  });
});

test('titles and space keys are shared only when the admin opted in', () => {
  const state = buildDocumentationState({ entry, cloudId: 'cloud-1', privacy: { shareTitles: true, includeRestricted: false }, restricted: false });
  expect(state).toMatchObject({ title: 'Gearbox design review', spaceKey: 'ENG', url: null });
  expect(state.specs.map((s) => s.revision)).toEqual(['B', null, null]);
});

test.each([
  ['restricted', true],
  ['of unknown restriction', undefined],
])('a page %s is sent as gone, with no specs and no title even when titles are shared', (_name, restricted) => {
  const state = buildDocumentationState({ entry, cloudId: 'cloud-1', privacy: { shareTitles: true, includeRestricted: false }, restricted });
  expect(state.status).toBe('gone');
  expect(state.specs).toEqual([]);
  expect(state).not.toHaveProperty('title');
  expect(state).not.toHaveProperty('spaceKey');
  expect(state.sequence).toBe(3);
});

test('with restricted pages included, a restricted page is described like any other', () => {
  const state = buildDocumentationState({ entry: { ...entry, status: 'archived' }, cloudId: 'cloud-1', privacy: { shareTitles: false, includeRestricted: true }, restricted: true });
  expect(state.status).toBe('archived');
  expect(state.specs).toHaveLength(3);
});
