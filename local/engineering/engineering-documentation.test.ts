import { expect, onTestFinished, test } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { DOCUMENTATION_NOTICE_TYPE, documentationWebhookId, type DocumentationPageState } from '../../src/shared/documentation-notice';
import { startSampleEngineering, type SampleEngineering } from './start-sample-engineering';

const SECRET = 'whsec_' + Buffer.from('documentation-test-secret-32-bytes!').toString('base64');
const PREVIOUS_SECRET = 'whsec_' + Buffer.from('documentation-previous-secret-32b!!').toString('base64');
const WRONG_SECRET = 'whsec_' + Buffer.from('somebody-elses-secret-of-32-bytes!!').toString('base64');
const SITE_A = '00000000-0000-4000-8000-00000000000a';
const SITE_B = '00000000-0000-4000-8000-00000000000b';

async function start(documentationSecrets: string[] = [SECRET]): Promise<SampleEngineering> {
  const sample = await startSampleEngineering({ documentationSecrets });
  onTestFinished(() => sample.close());
  return sample;
}

function pageState(overrides: Partial<DocumentationPageState> = {}): DocumentationPageState {
  const pageId = overrides.pageId ?? '65601';
  return {
    cloudId: SITE_A,
    pageId,
    contentType: 'page',
    url: `https://a.example.net/wiki/pages/viewpage.action?pageId=${pageId}`,
    version: 1,
    status: 'current',
    sequence: 1,
    specs: [{ specId: 'SHAFT-1042', macroLocalId: 'macro-1', revision: 'C', pinned: false }],
    ...overrides,
  };
}

interface Delivery {
  state: DocumentationPageState;
  secret?: string;
  id?: string;
  /** Seconds added to the system clock for `webhook-timestamp`. */
  skewSeconds?: number;
  /** Changes the body after signing. */
  tamper?: (body: string) => string;
  unsigned?: boolean;
}

function deliver(sample: SampleEngineering, delivery: Delivery): Promise<Response> {
  const at = new Date(sample.clock.now() + (delivery.skewSeconds ?? 0) * 1000);
  const id = delivery.id ?? documentationWebhookId(delivery.state);
  const body = JSON.stringify({ type: DOCUMENTATION_NOTICE_TYPE, timestamp: at.toISOString(), data: delivery.state });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!delivery.unsigned) {
    headers['webhook-id'] = id;
    headers['webhook-timestamp'] = String(Math.floor(at.getTime() / 1000));
    headers['webhook-signature'] = new Webhook(delivery.secret ?? SECRET).sign(id, at, body);
  }
  // No bearer token: the receiving route is authenticated by its signature alone.
  return fetch(`${sample.baseUrl}/documentation-notices`, { method: 'POST', headers, body: delivery.tamper ? delivery.tamper(body) : body });
}

async function documentation(sample: SampleEngineering, specId: string) {
  const response = await sample.api(`/specs/${specId}/documentation`);
  expect(response.status).toBe(200);
  return (await response.json()) as { specId: string; revision: string; pages: Array<Record<string, unknown> & { cloudId: string; pageId: string }> };
}

test('a signed notice is applied and the spec lists the page with the revision each macro shows', async () => {
  const sample = await start();
  const state = pageState({
    version: 4,
    title: 'Gearbox input shaft',
    spaceKey: 'ENG',
    specs: [
      { specId: 'SHAFT-1042', macroLocalId: 'macro-2', revision: 'B', pinned: true },
      { specId: 'SHAFT-1042', macroLocalId: 'macro-1', revision: 'C', pinned: false },
      { specId: 'BRG-3001', macroLocalId: 'macro-1', revision: null, pinned: false },
    ],
  });

  const response = await deliver(sample, { state });

  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ accepted: true, applied: true, duplicate: false, sequence: 1 });
  expect(await documentation(sample, 'SHAFT-1042')).toEqual({
    specId: 'SHAFT-1042',
    revision: 'C',
    pages: [
      {
        cloudId: SITE_A,
        pageId: '65601',
        contentType: 'page',
        url: 'https://a.example.net/wiki/pages/viewpage.action?pageId=65601',
        version: 4,
        sequence: 1,
        status: 'current',
        title: 'Gearbox input shaft',
        spaceKey: 'ENG',
        macros: [
          { macroLocalId: 'macro-1', revision: 'C', pinned: false },
          { macroLocalId: 'macro-2', revision: 'B', pinned: true },
        ],
        receivedAt: new Date(sample.clock.now()).toISOString(),
      },
    ],
  });
  expect((await documentation(sample, 'BRG-3001')).pages[0]?.macros).toEqual([{ macroLocalId: 'macro-1', revision: null, pinned: false }]);
});

test('the newest sequence wins whatever order the notices arrive in (5, 3, 4 keeps 5)', async () => {
  const sample = await start();
  const state = (sequence: number) =>
    pageState({ sequence, version: sequence, specs: [{ specId: 'SHAFT-1042', macroLocalId: 'macro-1', revision: `R${sequence}`, pinned: true }] });

  const answers = [];
  for (const sequence of [5, 3, 4]) answers.push(await (await deliver(sample, { state: state(sequence) })).json());

  expect(answers).toEqual([
    { accepted: true, applied: true, duplicate: false, sequence: 5 },
    { accepted: true, applied: false, duplicate: false, sequence: 5 },
    { accepted: true, applied: false, duplicate: false, sequence: 5 },
  ]);
  const [page] = (await documentation(sample, 'SHAFT-1042')).pages;
  expect(page).toMatchObject({ sequence: 5, version: 5, macros: [{ macroLocalId: 'macro-1', revision: 'R5', pinned: true }] });
});

test('an equal sequence under a new webhook-id is ignored too', async () => {
  const sample = await start();
  await deliver(sample, { state: pageState({ sequence: 2, version: 2 }) });

  const answer = await (await deliver(sample, { state: pageState({ sequence: 2, version: 9 }), id: 'another-id' })).json();

  expect(answer).toMatchObject({ applied: false, duplicate: false });
  expect((await documentation(sample, 'SHAFT-1042')).pages[0]).toMatchObject({ version: 2 });
});

test('a webhook-id received before changes nothing, even with a newer state under it', async () => {
  const sample = await start();
  await deliver(sample, { state: pageState({ sequence: 1 }), id: 'doc-delivery-1' });

  const retry = await deliver(sample, { state: pageState({ sequence: 1 }), id: 'doc-delivery-1' });
  const reused = await deliver(sample, { state: pageState({ sequence: 2, specs: [] }), id: 'doc-delivery-1' });

  expect(retry.status).toBe(200);
  expect(await retry.json()).toEqual({ accepted: true, applied: false, duplicate: true, sequence: 1 });
  expect(await reused.json()).toEqual({ accepted: true, applied: false, duplicate: true, sequence: 1 });
  expect((await documentation(sample, 'SHAFT-1042')).pages).toHaveLength(1);
});

test.each<[string, Partial<Delivery>]>([
  ['unsigned', { unsigned: true }],
  ['stale (timestamp 301 s old)', { skewSeconds: -301 }],
  ['from the future (timestamp 301 s ahead)', { skewSeconds: 301 }],
  ['tampered after signing', { tamper: (body) => body.replace('"revision":"C"', '"revision":"D"') }],
  ['signed with another key', { secret: WRONG_SECRET }],
])('a notice %s answers 401 with the error JSON and stores nothing', async (_label, delivery) => {
  const sample = await start();

  const response = await deliver(sample, { state: pageState(), ...delivery });

  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing, stale or unmatched Standard Webhooks signature.' } });
  expect((await documentation(sample, 'SHAFT-1042')).pages).toEqual([]);
  // Nothing was recorded either: the same webhook-id, properly signed, is still applied.
  expect(await (await deliver(sample, { state: pageState() })).json()).toMatchObject({ applied: true, duplicate: false });
});

test('a notice 299 s old is still accepted', async () => {
  const sample = await start();

  expect((await deliver(sample, { state: pageState(), skewSeconds: -299 })).status).toBe(200);
});

test('while rotating, notices signed with the current or the previous secret are both accepted', async () => {
  const sample = await start([SECRET, PREVIOUS_SECRET]);

  const current = await deliver(sample, { state: pageState({ pageId: '1' }), secret: SECRET });
  const previous = await deliver(sample, { state: pageState({ pageId: '2' }), secret: PREVIOUS_SECRET });
  sample.system.admin.setDocumentationSecrets([SECRET]);
  const retired = await deliver(sample, { state: pageState({ pageId: '3' }), secret: PREVIOUS_SECRET });

  expect([current.status, previous.status, retired.status]).toEqual([200, 200, 401]);
  expect((await documentation(sample, 'SHAFT-1042')).pages.map((page) => page.pageId)).toEqual(['1', '2']);
});

test('with no secret configured every notice answers 401', async () => {
  const sample = await start([]);

  expect((await deliver(sample, { state: pageState() })).status).toBe(401);
});

test('a signed body that is not a documentation notice answers 400 naming the field, and stores nothing', async () => {
  const sample = await start();

  const response = await deliver(sample, { state: pageState({ sequence: -1 }) });

  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'Not a documentation notice: data.sequence: must be an integer ≥ 0' } });
  expect((await documentation(sample, 'SHAFT-1042')).pages).toEqual([]);
});

test('a gone page is removed, and an older state arriving after it does not bring it back', async () => {
  const sample = await start();
  await deliver(sample, { state: pageState({ sequence: 1 }) });

  const gone = await deliver(sample, { state: pageState({ sequence: 3, status: 'gone', specs: [] }) });
  const late = await deliver(sample, { state: pageState({ sequence: 2 }) });

  expect(await gone.json()).toMatchObject({ applied: true });
  expect(await late.json()).toMatchObject({ applied: false, sequence: 3 });
  expect((await documentation(sample, 'SHAFT-1042')).pages).toEqual([]);
});

test('a page whose last macro was removed (no specs) is removed; a later state with the macro lists it again', async () => {
  const sample = await start();
  await deliver(sample, { state: pageState({ sequence: 1 }) });

  await deliver(sample, { state: pageState({ sequence: 2, specs: [] }) });
  const emptied = (await documentation(sample, 'SHAFT-1042')).pages;
  await deliver(sample, { state: pageState({ sequence: 3 }) });

  expect(emptied).toEqual([]);
  expect((await documentation(sample, 'SHAFT-1042')).pages).toMatchObject([{ sequence: 3 }]);
});

test('an archived page stays listed as archived; a spec the page no longer shows loses it', async () => {
  const sample = await start();
  await deliver(sample, { state: pageState({ sequence: 1, specs: [{ specId: 'BRG-3001', macroLocalId: 'm', revision: 'A', pinned: false }, { specId: 'SHAFT-1042', macroLocalId: 'm', revision: 'C', pinned: false }] }) });

  await deliver(sample, { state: pageState({ sequence: 2, status: 'archived', specs: [{ specId: 'SHAFT-1042', macroLocalId: 'm', revision: 'C', pinned: false }] }) });

  expect((await documentation(sample, 'SHAFT-1042')).pages).toMatchObject([{ status: 'archived', sequence: 2 }]);
  expect((await documentation(sample, 'BRG-3001')).pages).toEqual([]);
});

test('a spec documented on two pages of each of two sites lists all four, by site then page, each with its own macros', async () => {
  const sample = await start();
  const shaft = (macroLocalId: string, revision: string, pinned = false) => ({ specId: 'SHAFT-1042', macroLocalId, revision, pinned });
  await deliver(sample, { state: pageState({ cloudId: SITE_B, pageId: '20', url: null, specs: [shaft('b20', 'C')] }) });
  await deliver(sample, { state: pageState({ cloudId: SITE_A, pageId: '11', specs: [shaft('a11', 'A', true), { specId: 'BRG-3001', macroLocalId: 'a11', revision: 'A', pinned: false }] }) });
  await deliver(sample, { state: pageState({ cloudId: SITE_B, pageId: '10', contentType: 'blogpost', specs: [shaft('b10', 'B', true)] }) });
  await deliver(sample, { state: pageState({ cloudId: SITE_A, pageId: '10', specs: [shaft('a10', 'C')] }) });
  await deliver(sample, { state: pageState({ cloudId: SITE_A, pageId: '12', specs: [{ specId: 'BRG-3001', macroLocalId: 'x', revision: 'A', pinned: false }] }) });

  const answer = await documentation(sample, 'SHAFT-1042');

  expect(answer.pages.map(({ cloudId, pageId, contentType, url, macros }) => ({ cloudId, pageId, contentType, url, macros }))).toEqual([
    { cloudId: SITE_A, pageId: '10', contentType: 'page', url: 'https://a.example.net/wiki/pages/viewpage.action?pageId=10', macros: [{ macroLocalId: 'a10', revision: 'C', pinned: false }] },
    { cloudId: SITE_A, pageId: '11', contentType: 'page', url: 'https://a.example.net/wiki/pages/viewpage.action?pageId=11', macros: [{ macroLocalId: 'a11', revision: 'A', pinned: true }] },
    { cloudId: SITE_B, pageId: '10', contentType: 'blogpost', url: 'https://a.example.net/wiki/pages/viewpage.action?pageId=10', macros: [{ macroLocalId: 'b10', revision: 'B', pinned: true }] },
    { cloudId: SITE_B, pageId: '20', contentType: 'page', url: null, macros: [{ macroLocalId: 'b20', revision: 'C', pinned: false }] },
  ]);
  expect(answer.pages.every((page) => !('title' in page) && !('spaceKey' in page))).toBe(true);
  expect(sample.system.documentation('SHAFT-1042')).toEqual(answer);
  expect((await documentation(sample, 'BRG-3001')).pages.map((page) => `${page.cloudId}/${page.pageId}`)).toEqual([`${SITE_A}/11`, `${SITE_A}/12`]);
});

test('documentation of an unknown spec answers 404, of a malformed id 400, and without the bearer token 401', async () => {
  const sample = await start();

  const unknown = await sample.api('/specs/NOPE-1/documentation');
  const malformed = await sample.api('/specs/shaft-1/documentation');
  const anonymous = await fetch(`${sample.baseUrl}/specs/SHAFT-1042/documentation`);

  expect([unknown.status, malformed.status, anonymous.status]).toEqual([404, 400, 401]);
  expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'Spec NOPE-1 not found.' } });
  expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  expect(sample.system.documentation('NOPE-1')).toBeUndefined();
  expect(sample.system.documentation('SHAFT-1042')).toEqual({ specId: 'SHAFT-1042', revision: 'C', pages: [] });
});

test('listeners hear applied states with the specs the page showed before and shows now, and not older states', async () => {
  const sample = await start();
  const heard: unknown[] = [];
  const stop = sample.system.admin.onDocumentation((change) => heard.push(change));

  await deliver(sample, { state: pageState({ sequence: 2 }) });
  await deliver(sample, { state: pageState({ sequence: 1 }) });
  await deliver(sample, { state: pageState({ sequence: 3, specs: [{ specId: 'BRG-3001', macroLocalId: 'm', revision: 'A', pinned: false }] }) });
  stop();
  await deliver(sample, { state: pageState({ sequence: 4 }) });

  expect(heard).toEqual([
    { cloudId: SITE_A, pageId: '65601', sequence: 2, specIds: ['SHAFT-1042'] },
    { cloudId: SITE_A, pageId: '65601', sequence: 3, specIds: ['BRG-3001', 'SHAFT-1042'] },
  ]);
});

test('the receiving route answers faults like every route (an engineering system that is down refuses notices)', async () => {
  const sample = await start();
  sample.system.admin.setMode({ failAll: true });

  const refused = await deliver(sample, { state: pageState() });
  sample.system.admin.setMode({});
  const retried = await deliver(sample, { state: pageState() });

  expect(refused.status).toBe(503);
  expect(await retried.json()).toMatchObject({ applied: true, duplicate: false });
});
