import { describe, expect, test } from 'vitest';
import { DOCUMENTATION_NOTICE_TYPE, type DocumentationNotice } from './documentation-notice';
import { MAX_DOCUMENTED_SPECS, parseDocumentationNotice } from './documentation-notice-schema';

function notice(data: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: DOCUMENTATION_NOTICE_TYPE,
    timestamp: '2026-11-30T10:00:00.000Z',
    data: {
      cloudId: '00000000-0000-4000-8000-0000000c10d1',
      pageId: '65601',
      contentType: 'page',
      url: 'https://example.atlassian.net/wiki/pages/viewpage.action?pageId=65601',
      version: 7,
      status: 'current',
      sequence: 3,
      specs: [
        { specId: 'SHAFT-1042', macroLocalId: 'a1b2-c3', revision: 'C', pinned: false },
        { specId: 'SHAFT-1042', macroLocalId: 'd4e5-f6', revision: 'B', pinned: true },
        { specId: 'BRG-3001', macroLocalId: 'a1b2-c3', revision: null, pinned: false },
      ],
      ...data,
    },
    ...top,
  };
}

function rejection(body: unknown): string {
  const result = parseDocumentationNotice(body);
  if (result.ok) throw new Error('expected a rejection');
  return result.field;
}

describe('a documentation notice', () => {
  test('is accepted with every field and returned as given', () => {
    const body = notice({ title: 'Gearbox input shaft', spaceKey: 'ENG' });

    const result = parseDocumentationNotice(body);

    expect(result).toEqual({ ok: true, value: body as unknown as DocumentationNotice });
  });

  test('is accepted without a URL, title or space key, and for a gone page with no specs', () => {
    expect(parseDocumentationNotice(notice({ url: null })).ok).toBe(true);
    expect(parseDocumentationNotice(notice({ status: 'gone', specs: [] })).ok).toBe(true);
    expect(parseDocumentationNotice(notice({ contentType: 'blogpost', status: 'archived' }, { timestamp: '2026-11-30T11:00:00+01:00' })).ok).toBe(true);
  });

  test.each([
    ['another type', notice({}, { type: 'spec.updated' }), 'type'],
    ['an unknown top-level field', notice({}, { extra: 1 }), 'extra'],
    ['a missing data', { type: DOCUMENTATION_NOTICE_TYPE, timestamp: '2026-11-30T10:00:00Z' }, 'data'],
    ['a timestamp without a zone', notice({}, { timestamp: '2026-11-30T10:00:00' }), 'timestamp'],
    ['an impossible date', notice({}, { timestamp: '2026-13-45T10:00:00Z' }), 'timestamp'],
    ['an unknown data field', notice({ restricted: true }), 'data.restricted'],
    ['a missing sequence', notice({ sequence: undefined }), 'data.sequence'],
    ['a fractional sequence', notice({ sequence: 1.5 }), 'data.sequence'],
    ['a negative sequence', notice({ sequence: -1 }), 'data.sequence'],
    ['version 0', notice({ version: 0 }), 'data.version'],
    ['a sequence as text', notice({ sequence: '3' }), 'data.sequence'],
    ['a non-numeric page id', notice({ pageId: 'page-1' }), 'data.pageId'],
    ['an empty cloud id', notice({ cloudId: '' }), 'data.cloudId'],
    ['another content type', notice({ contentType: 'whiteboard' }), 'data.contentType'],
    ['another status', notice({ status: 'trashed' }), 'data.status'],
    ['a javascript: URL', notice({ url: 'javascript:alert(1)' }), 'data.url'],
    ['an empty space key', notice({ spaceKey: '' }), 'data.spaceKey'],
    ['a numeric title', notice({ title: 5 }), 'data.title'],
    ['specs that are not a list', notice({ specs: {} }), 'data.specs'],
    ['a gone page that lists specs', notice({ status: 'gone' }), 'data.specs'],
    ['a malformed spec id', notice({ specs: [{ specId: 'shaft-1', macroLocalId: 'm', revision: 'A', pinned: false }] }), 'data.specs[0].specId'],
    ['a macro id with a space', notice({ specs: [{ specId: 'S-1', macroLocalId: 'a b', revision: 'A', pinned: false }] }), 'data.specs[0].macroLocalId'],
    ['an empty revision', notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: '', pinned: false }] }), 'data.specs[0].revision'],
    ['a pin without a revision', notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: null, pinned: true }] }), 'data.specs[0].revision'],
    ['pinned as text', notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: 'A', pinned: 'yes' }] }), 'data.specs[0].pinned'],
    ['an unknown spec field', notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: 'A', pinned: false, stale: true }] }), 'data.specs[0].stale'],
    ['one spec twice in one macro', notice({ specs: [{ specId: 'S-1', macroLocalId: 'm', revision: 'A', pinned: false }, { specId: 'S-1', macroLocalId: 'm', revision: 'B', pinned: true }] }), 'data.specs[1]'],
    ['an array body', [], '(body)'],
  ])('is refused for %s, naming the field', (_label, body, field) => {
    expect(rejection(JSON.parse(JSON.stringify(body)))).toBe(field);
  });

  test(`lists at most ${MAX_DOCUMENTED_SPECS} specs`, () => {
    const spec = (index: number) => ({ specId: `S-${index}`, macroLocalId: `m${Math.floor(index / 50)}`, revision: 'A', pinned: false });

    expect(parseDocumentationNotice(notice({ specs: Array.from({ length: MAX_DOCUMENTED_SPECS }, (_, i) => spec(i)) })).ok).toBe(true);
    expect(rejection(notice({ specs: Array.from({ length: MAX_DOCUMENTED_SPECS + 1 }, (_, i) => spec(i)) }))).toBe('data.specs');
  });

  test('says which field is wrong and why', () => {
    expect(parseDocumentationNotice(notice({ version: 0 }))).toEqual({ ok: false, field: 'data.version', message: 'data.version: must be an integer ≥ 1' });
  });
});
