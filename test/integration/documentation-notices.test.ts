/**
 * Documentation notices end to end on the local platform: a page state handed to the outbox goes through the
 * `documentation-notices` queue to the Forge-built consumer, which signs it with the site's outbound secret and POSTs
 * it to the receiver on the engineering system's host (here a seam in front of the sample engineering system that
 * verifies with the `standardwebhooks` package and keeps the newest state per page, as a receiver should).
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { EngineeringSystem } from '../../local/engineering';
import { adfDocument } from '../../local/platform/confluence';
import type { PageIndexEntry } from '../../src/domain/ports';
import type { AdminState, AuditEntry, CreatedSecret, DeliveryEntry } from '../../src/shared/admin-contract';
import type { DocumentationNotice, DocumentationPageState } from '../../src/shared/documentation-notice';
import { expectOk, startApp, type TestApp } from '../support/start-app';

const RECEIVER_PATH = '/documentation-notices';
/** One hour of the queue's delays at startApp's timeScale of 0.001. */
const HOUR_IN_QUEUE_TIME_MS = 3_600;

/** The receiver: verifies each delivery, answers `status()` and keeps the highest sequence per page. */
function createReceiver() {
  const receiver = {
    secret: undefined as string | undefined,
    status: (): number => 202,
    requests: 0,
    rejected: 0,
    applied: new Map<string, DocumentationPageState>(),
    received: [] as DocumentationPageState[],
    wrap: (system: EngineeringSystem): Pick<EngineeringSystem, 'handle' | 'basePath'> => ({
      basePath: system.basePath,
      async handle(request: Request) {
        if (new URL(request.url).pathname !== `${system.basePath}${RECEIVER_PATH}`) return system.handle(request);
        receiver.requests += 1;
        const status = receiver.status();
        if (status >= 300) return new Response(JSON.stringify({ error: 'unavailable' }), { status, headers: { 'content-type': 'application/json' } });
        const body = await request.text();
        let notice: DocumentationNotice;
        try {
          notice = new Webhook(receiver.secret ?? '').verify(body, Object.fromEntries(request.headers)) as DocumentationNotice;
        } catch {
          receiver.rejected += 1;
          return new Response('{"error":"bad signature"}', { status: 401 });
        }
        receiver.received.push(notice.data);
        const held = receiver.applied.get(notice.data.pageId);
        if (!held || held.sequence < notice.data.sequence) receiver.applied.set(notice.data.pageId, notice.data);
        return new Response(null, { status: 204 });
      },
    }),
  };
  return receiver;
}

let app: TestApp;
let receiver: ReturnType<typeof createReceiver>;
let outbox: import('../../src/domain/ports').DocumentationOutbox;

beforeEach(async () => {
  receiver = createReceiver();
  app = await startApp({ wrapEngineering: receiver.wrap });
  // The app's own outbox, as src/deps.ts wires it, running in this process against the platform's KVS and queue.
  const queue = await import('../../src/queue/documentation-queue');
  const settings = await import('../../src/kvs/documentation-settings');
  outbox = queue.createDocumentationOutbox({
    receiverConfigured: async () => (await settings.readDocumentationSettings()) !== undefined,
    raiseNewestSequence: settings.raiseNewestSequence,
    push: queue.pushDocumentationEvent,
    clock: { now: () => Date.now() },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
});

afterEach(async () => {
  await app.close();
});

async function configure(options: { shareTitles?: boolean; includeRestricted?: boolean } = {}): Promise<void> {
  const created = expectOk(await app.invokeAdmin<CreatedSecret>('createSecret', { direction: 'outbound' }));
  receiver.secret = created.secret;
  expectOk(await app.invokeAdmin('saveDocumentationNotices', { receiverUrl: `${app.server.baseUrl}${RECEIVER_PATH}`, ...options }));
}

function entry(pageId: string, sequence: number, specIds: string[]): PageIndexEntry {
  return {
    pageId,
    contentType: 'page',
    version: sequence + 1,
    sequence,
    status: 'current',
    title: 'Integration test page',
    spaceKey: 'TST',
    macros: [{ localId: app.macroIds[0]!, specIds, pinnedRevisions: specIds[0] ? { [specIds[0]]: 'B' } : {} }],
    reconciledAt: Date.now(),
  };
}

async function outboundLog(): Promise<DeliveryEntry[]> {
  return expectOk(await app.invokeAdmin<{ items: DeliveryEntry[] }>('listDeliveries', { direction: 'outbound' })).items;
}

test('a page state reaches the receiver signed with the outbound secret, with ids and links only by default', async () => {
  await configure();
  await outbox.pageStateChanged({ entry: entry(app.pageId, 1, ['SHAFT-1042', 'BOLT-2001']), previous: undefined, gone: false });
  await app.platform.queue.drain();

  expect(receiver.rejected).toBe(0);
  expect(receiver.received).toHaveLength(1);
  const state = receiver.received[0]!;
  expect(state).toMatchObject({ pageId: app.pageId, sequence: 1, status: 'current', version: 2, contentType: 'page' });
  expect(state.url).toMatch(new RegExp(`/wiki/pages/viewpage\\.action\\?pageId=${app.pageId}$`));
  expect(state.specs).toEqual([
    { specId: 'SHAFT-1042', macroLocalId: app.macroIds[0], revision: 'B', pinned: true },
    { specId: 'BOLT-2001', macroLocalId: app.macroIds[0], revision: null, pinned: false },
  ]);
  expect(state).not.toHaveProperty('title');
  expect(state).not.toHaveProperty('spaceKey');
  const log = await outboundLog();
  expect(log.map((e) => [e.status, e.httpStatus, e.webhookId])).toEqual([['accepted', 204, `doc_${state.cloudId}_${app.pageId}_1`]]);
});

test('a restricted page is sent as gone unless the admin includes restricted pages; titles only when shared', async () => {
  app.platform.confluence.admin.setRestrictions(app.pageId, { view: ['local-admin'] });
  await configure({ shareTitles: true });
  await outbox.pageStateChanged({ entry: entry(app.pageId, 1, ['SHAFT-1042']), previous: undefined, gone: false });
  await app.platform.queue.drain();
  expect(receiver.received.at(-1)).toMatchObject({ status: 'gone', specs: [] });
  expect(receiver.received.at(-1)).not.toHaveProperty('title');

  expectOk(await app.invokeAdmin('saveDocumentationNotices', { receiverUrl: `${app.server.baseUrl}${RECEIVER_PATH}`, shareTitles: true, includeRestricted: true }));
  await outbox.pageStateChanged({ entry: entry(app.pageId, 2, ['SHAFT-1042']), previous: undefined, gone: false });
  await app.platform.queue.drain();
  expect(receiver.received.at(-1)).toMatchObject({ status: 'current', sequence: 2, title: 'Integration test page', spaceKey: 'TST' });
  expect(receiver.received.at(-1)!.specs).toHaveLength(1);
});

test('with the receiver down for an hour of queue time, every page gets its newest state afterwards and none is lost', async () => {
  await configure();
  const otherPage = app.platform.confluence.admin.createPage({ spaceId: app.platform.confluence.admin.listSpaces()[0]!.id, title: 'Second page', body: adfDocument() });
  // Down for an hour of the queue's time: startApp runs the queue at timeScale 0.001, so 3.6 s here is 3,600 s there.
  const downUntil = Date.now() + HOUR_IN_QUEUE_TIME_MS;
  let refusedWhileDown = 0;
  receiver.status = () => {
    if (Date.now() >= downUntil) return 202;
    refusedWhileDown += 1;
    return 503;
  };

  await outbox.pageStateChanged({ entry: entry(app.pageId, 1, ['SHAFT-1042']), previous: undefined, gone: false });
  await outbox.pageStateChanged({ entry: entry(otherPage.id, 1, ['GEAR-7']), previous: undefined, gone: false });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await outbox.pageStateChanged({ entry: entry(app.pageId, 2, ['SHAFT-1042', 'BOLT-2001']), previous: undefined, gone: false });
  await outbox.pageStateChanged({ entry: entry(app.pageId, 3, ['BOLT-2001']), previous: undefined, gone: false });
  await app.platform.queue.drain(60_000);

  expect(Date.now()).toBeGreaterThanOrEqual(downUntil);
  expect(refusedWhileDown).toBeGreaterThanOrEqual(8);
  expect(receiver.rejected).toBe(0);
  expect(receiver.applied.get(app.pageId)).toMatchObject({ sequence: 3, specs: [{ specId: 'BOLT-2001' }] });
  expect(receiver.applied.get(otherPage.id)).toMatchObject({ sequence: 1, specs: [{ specId: 'GEAR-7' }] });
  // The older states of the first page were superseded while the receiver was down: none was sent after the newest.
  const sentAfterDown = receiver.received.map((s) => `${s.pageId}:${s.sequence}`);
  expect(sentAfterDown.filter((s) => s.startsWith(`${app.pageId}:`))).toEqual([`${app.pageId}:3`]);
  const retries = app.platform.queue.deliveries().filter((d) => d.body.type === 'documentation.notice' && d.retry);
  expect(Math.max(...retries.map((d) => d.retry!.afterSeconds))).toBeLessThanOrEqual(900);
  const log = await outboundLog();
  expect(log.filter((e) => e.status === 'accepted')).toHaveLength(2);
  expect(log.filter((e) => e.status === 'refused').every((e) => e.httpStatus === 503 && /retry in \d+ s/.test(e.reason ?? ''))).toBe(true);
}, 90_000);

test('with no receiver configured nothing is queued, sent or logged', async () => {
  const pushesBefore = app.platform.counters.get('queue.events');
  await outbox.pageStateChanged({ entry: entry(app.pageId, 1, ['SHAFT-1042']), previous: undefined, gone: false });
  await app.platform.queue.drain();
  expect(app.platform.counters.get('queue.events')).toBe(pushesBefore);
  expect(receiver.requests).toBe(0);
  expect(await outboundLog()).toEqual([]);
});

test('the admin page refuses a receiver off the engineering host or over plain http, and audits a saved one', async () => {
  const refusedHost = await app.invokeAdmin('saveDocumentationNotices', { receiverUrl: 'https://elsewhere.example.com/documentation-notices' });
  expect(refusedHost).toMatchObject({ ok: false, code: 'invalid_input' });
  const refusedHttp = await app.invokeAdmin('saveDocumentationNotices', { receiverUrl: 'http://eng.example.org/documentation-notices' });
  expect(refusedHttp).toMatchObject({ ok: false, code: 'invalid_input' });
  const refusedByNonAdmin = await app.invokeAdmin('saveDocumentationNotices', { receiverUrl: `${app.server.baseUrl}${RECEIVER_PATH}` }, 'alice');
  expect(refusedByNonAdmin).toMatchObject({ ok: false, code: 'forbidden' });

  const state = expectOk(await app.invokeAdmin<AdminState>('saveDocumentationNotices', { receiverUrl: `${app.server.baseUrl}${RECEIVER_PATH}` }));
  expect(state.documentationNotices).toMatchObject({ receiverUrl: `${app.server.baseUrl}${RECEIVER_PATH}`, shareTitles: false, includeRestricted: false, updatedBy: 'local-admin' });
  const audit = expectOk(await app.invokeAdmin<{ items: AuditEntry[] }>('listAudit', {})).items;
  expect(audit[0]).toMatchObject({ action: 'documentationNotices.saved', accountId: 'local-admin' });
  expect(audit[0]!.detail).toContain('titles and space keys not shared; restricted pages left out');

  const stopped = expectOk(await app.invokeAdmin<AdminState>('removeDocumentationNotices', {}));
  expect(stopped.documentationNotices).toBeUndefined();
});

test('a state whose event nears the 24 h retention is pushed again, and past the last re-push recorded failed', async () => {
  await configure();
  const { pushDocumentationEvent, DOCUMENTATION_EVENT_TYPE } = await import('../../src/queue/documentation-queue');
  const { raiseNewestSequence } = await import('../../src/kvs/documentation-settings');
  const nearlyADayAgo = Date.now() - 24 * 3_600_000 + 30_000; // 30 s of retention left: less than a retry and its margin
  const queued = (pageId: string, repushes: number) => {
    const { reconciledAt: _notQueued, ...state } = entry(pageId, 4, ['SHAFT-1042']);
    return { type: DOCUMENTATION_EVENT_TYPE as typeof DOCUMENTATION_EVENT_TYPE, state, queuedAt: nearlyADayAgo, firstQueuedAt: nearlyADayAgo, repushes };
  };
  await raiseNewestSequence(app.pageId, 4);

  // Refused once: with a re-push left, the state goes back on the queue as a fresh event, which is then delivered.
  let refusals = 1;
  receiver.status = () => (refusals-- > 0 ? 503 : 202);
  await pushDocumentationEvent(queued(app.pageId, 1));
  await app.platform.queue.drain(30_000);
  const repushes = app.platform.queue.deliveries().filter((d) => d.body.type === 'documentation.notice').map((d) => d.body.repushes);
  expect(repushes).toEqual([1, 2]);
  expect(receiver.received).toHaveLength(1);

  // Refused with no re-push left: recorded failed, not retried.
  receiver.status = () => 503;
  await pushDocumentationEvent(queued(app.pageId, 2));
  await app.platform.queue.drain(30_000);
  const log = await outboundLog();
  expect(log.map((e) => e.reason ?? e.status)).toEqual([expect.stringMatching(/^http_503; given up after 24 h$/), 'accepted', 'http_503; queued again (2)']);
}, 60_000);
