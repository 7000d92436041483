import { describe, expect, test } from 'vitest';
import type { PageIndexEntry } from '../domain/ports';
import { createDocumentationOutbox, MAX_INLINE_EVENT_BYTES, type DocumentationNoticeEvent } from './documentation-queue';

/** Forge refuses a queue push whose events are over 200 KB (forge-facts §7). */
const PUSH_LIMIT_BYTES = 200 * 1024;

function entry(macros: number, specsPerMacro: number): PageIndexEntry {
  return {
    pageId: '4242',
    contentType: 'page',
    version: 7,
    sequence: 3,
    status: 'current',
    macros: Array.from({ length: macros }, (_, m) => ({
      localId: `00000000-0000-4000-9000-${String(m).padStart(12, '0')}`,
      specIds: Array.from({ length: specsPerMacro }, (_, s) => `LONGSPECID-${String(10_000_000 + m * specsPerMacro + s)}`),
      pinnedRevisions: {},
    })),
    reconciledAt: 0,
  };
}

function outboxPushing(pushed: DocumentationNoticeEvent[], shown: (e: PageIndexEntry) => Record<string, Record<string, string>>) {
  return createDocumentationOutbox({
    receiverConfigured: () => Promise.resolve(true),
    raiseNewestSequence: () => Promise.resolve(),
    push: (event) => {
      pushed.push(event);
      return Promise.resolve();
    },
    shownRevisions: (e) => Promise.resolve(shown(e)),
    clock: { now: () => 1_000 },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/** Every live spec of every macro shown at a long revision: the largest `shownRevisions` a page can have. */
const allShown = (e: PageIndexEntry) => Object.fromEntries(e.macros.map((m) => [m.localId, Object.fromEntries(m.specIds.map((id) => [id, 'REV-0123456789']))]));

describe('documentation outbox', () => {
  test('a page of 200 macros of 50 specs is queued by reference, under the push limit', async () => {
    const pushed: DocumentationNoticeEvent[] = [];
    await outboxPushing(pushed, allShown).pageStateChanged({ entry: entry(200, 50), previous: undefined, gone: false });

    expect(pushed).toHaveLength(1);
    expect(Buffer.byteLength(JSON.stringify(pushed))).toBeLessThan(PUSH_LIMIT_BYTES);
    expect(pushed[0]).toMatchObject({ state: { pageId: '4242', sequence: 3, version: 7, macros: [], byReference: true } });
    expect(pushed[0]).not.toHaveProperty('shownRevisions');
  });

  test('a page whose state fits is queued whole, with the revisions its macros show', async () => {
    const pushed: DocumentationNoticeEvent[] = [];
    await outboxPushing(pushed, allShown).pageStateChanged({ entry: entry(20, 5), previous: undefined, gone: false });

    expect(Buffer.byteLength(JSON.stringify(pushed))).toBeLessThanOrEqual(MAX_INLINE_EVENT_BYTES);
    expect(pushed[0]!.state.macros).toHaveLength(20);
    expect(pushed[0]!.state).not.toHaveProperty('byReference');
    expect(Object.keys(pushed[0]!.shownRevisions ?? {})).toHaveLength(20);
  });
});
