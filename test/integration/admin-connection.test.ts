/**
 * The admin page's connection and secrets on two sites installed from one environment: the local site, which the
 * deployment's variables name (ENV_CONFIG_SITE_IDS), and a second site they do not name. Calls go through the real
 * Forge-built bundle's admin resolver, with the admin check answered by the emulated Confluence.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_CALLS, type AdminState, type AuditEntry, type CreatedSecret, type TestConnectionResult } from '../../src/shared/admin-contract';
import type { MacroViewModel } from '../../src/shared/resolver-contract';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_ENG_TOKEN, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

const SITE_B = { cloudId: 'b0000000-0000-4000-8000-00000000b51e', installationId: 'b0000000-0000-4000-8000-0000000000b1' };

let named: TestApp;
let other: TestApp;

beforeAll(async () => {
  named = await startApp();
  // One environment: the same variables (the last platform started sets process.env for both) and one engineering
  // system, the only host the manifest's egress lets either site reach.
  other = await startApp({ site: SITE_B, env: { ENG_API_BASE_URL: named.server.baseUrl, ENG_API_ORIGIN: named.server.url } });
});

afterAll(async () => {
  await other?.close();
  await named?.close();
});

async function view(app: TestApp, localId: string, specIds: string): Promise<MacroViewModel> {
  return expectOk(await app.invoke('getSpecs', { localId, config: { specIds } }));
}

function engineeringRequests(app: TestApp): number {
  return app.engineeringCounters.get('engineering.requests');
}

/** Every row the app can have written on a site: plain KVS, KVS secrets, and content properties. */
function storedState(app: TestApp): string {
  const rows = app.platform.db.prepare('SELECT namespace, key, value FROM kvs_entries ORDER BY namespace, key').all();
  const properties = app.platform.db.prepare("SELECT * FROM sqlite_master WHERE type = 'table' AND name LIKE '%propert%'").all() as { name: string }[];
  const propertyRows = properties.map((t) => app.platform.db.prepare(`SELECT * FROM ${t.name}`).all());
  return JSON.stringify([rows, propertyRows]);
}

describe('a site the deployment does not name', () => {
  test('is not connected: its macros say so, and nothing is asked of the engineering system', async () => {
    const before = engineeringRequests(named);
    const shown = await view(other, other.macroIds[0] as string, 'SHAFT-1042');
    expect(shown.specs[0]?.record).toBeUndefined();
    expect(shown.specs[0]?.problem?.message).toMatch(/not connected to an engineering system on this site/);
    expect(engineeringRequests(named)).toBe(before);
    const state = expectOk(await other.invokeAdmin<AdminState>('getAdminState'));
    expect(state.connection).toMatchObject({ status: 'not_connected' });
    expect(state.cloudId).toBe(SITE_B.cloudId);
  });

  test("refuses change notices signed with the deployment's secret until its admin creates one", async () => {
    const answer = await other.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1042'] }));
    expect(answer.statusCode).toBe(503);
    expect(answer.body).toContain('not_configured');
  });
});

test('the site the deployment names keeps working on its variables, unchanged', async () => {
  const shown = await view(named, named.macroIds[0] as string, 'SHAFT-1042');
  expect(shown.specs[0]?.record?.id).toBe('SHAFT-1042');
  expect(expectOk(await named.invokeAdmin<AdminState>('getAdminState')).connection).toMatchObject({ status: 'connected', source: 'environment' });
  const notice = await named.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1042'] }));
  expect(notice.statusCode).toBe(202);
});

describe('connecting a site on its admin page', () => {
  test('test connection reads a sample record with the typed URL and token, or says precisely why not', async () => {
    const baseUrl = named.server.baseUrl;
    const good = expectOk(await other.invokeAdmin<TestConnectionResult>('testConnection', { baseUrl, token: TEST_ENG_TOKEN, sampleId: 'SHAFT-1042' }));
    expect(good).toMatchObject({ ok: true, status: 200, sample: { id: 'SHAFT-1042' } });
    expect(good.latencyMs).toBeGreaterThanOrEqual(0);

    const badToken = expectOk(await other.invokeAdmin<TestConnectionResult>('testConnection', { baseUrl, token: 'not-the-token', sampleId: 'SHAFT-1042' }));
    expect(badToken).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/rejected the API token/) });

    const notAllowed = expectOk(await other.invokeAdmin<TestConnectionResult>('testConnection', { baseUrl: 'https://plm.elsewhere.example/api', token: TEST_ENG_TOKEN, sampleId: 'SHAFT-1042' }));
    expect(notAllowed).toMatchObject({ ok: false, reason: expect.stringMatching(/Forge does not allow Spec Bridge to reach this host/) });

    const noSample = expectOk(await other.invokeAdmin<TestConnectionResult>('testConnection', { baseUrl, token: TEST_ENG_TOKEN }));
    expect(noSample).toMatchObject({ ok: true, status: 200, sample: { id: expect.any(String) } });

    const plainHttp = await other.invokeAdmin('testConnection', { baseUrl: 'http://plm.example.com/api', token: TEST_ENG_TOKEN });
    expect(plainHttp).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringMatching(/unencrypted/) });
  });

  test('saving stores the token as a KVS secret, shows only its last 4 characters, and the macros render', async () => {
    const saved = expectOk(await other.invokeAdmin<AdminState>('saveConnection', { baseUrl: `${named.server.baseUrl}/`, token: TEST_ENG_TOKEN }));
    expect(saved.connection).toMatchObject({ status: 'connected', source: 'site', baseUrl: named.server.baseUrl, tokenHint: `…${TEST_ENG_TOKEN.slice(-4)}`, updatedBy: 'local-admin' });
    expect(JSON.stringify(saved)).not.toContain(TEST_ENG_TOKEN);
    const plainRows = JSON.stringify(other.platform.db.prepare("SELECT value FROM kvs_entries WHERE namespace NOT LIKE '%secret%'").all());
    expect(plainRows).not.toContain(TEST_ENG_TOKEN);

    const shown = await view(other, other.macroIds[1] as string, 'SHAFT-1042');
    expect(shown.specs[0]?.record?.id).toBe('SHAFT-1042');
  });

  test('a stored token is only sent to the URL it was entered for', async () => {
    const moved = await other.invokeAdmin('saveConnection', { baseUrl: 'https://plm.elsewhere.example/api' });
    expect(moved).toMatchObject({ ok: false, code: 'invalid_input', message: expect.stringMatching(/only sent to the URL it was entered for/) });
    const tested = await other.invokeAdmin('testConnection', { baseUrl: 'https://plm.elsewhere.example/api' });
    expect(tested).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(expectOk(await other.invokeAdmin<AdminState>('getAdminState')).connection.baseUrl).toBe(named.server.baseUrl);
    // The same URL keeps the stored token.
    expect(expectOk(await other.invokeAdmin<AdminState>('saveConnection', { baseUrl: named.server.baseUrl })).connection.tokenHint).toBe(`…${TEST_ENG_TOKEN.slice(-4)}`);
  });

  test('a secret created on the page verifies notices; after a rotation the old one works until it is removed', async () => {
    const first = expectOk(await other.invokeAdmin<CreatedSecret>('createSecret', { direction: 'inbound' }));
    expect(first.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const notice = (secret: string) => other.platform.callWebTrigger('spec-change-notice', signedNotice({ secret, specIds: ['SHAFT-1042'] }));
    expect((await notice(first.secret)).statusCode).toBe(202);

    const second = expectOk(await other.invokeAdmin<CreatedSecret>('createSecret', { direction: 'inbound' }));
    expect((await notice(second.secret)).statusCode).toBe(202);
    expect((await notice(first.secret)).statusCode).toBe(202);
    const state = expectOk(await other.invokeAdmin<AdminState>('getAdminState'));
    expect(state.secrets.filter((s) => s.direction === 'inbound').map((s) => [s.id, s.role])).toEqual(
      expect.arrayContaining([[first.info.id, 'previous'], [second.info.id, 'current']]),
    );
    expect(JSON.stringify(state)).not.toContain(first.secret);

    expectOk(await other.invokeAdmin('removeSecret', { id: first.info.id }));
    expect((await notice(first.secret)).statusCode).toBe(401);
    expect((await notice(second.secret)).statusCode).toBe(202);
  });
});

test('every change made on the page is in the audit trail: who, what, when, and never a secret', async () => {
  const trail = expectOk(await other.invokeAdmin<{ items: AuditEntry[] }>('listAudit')).items;
  const actions = trail.map((entry) => entry.action);
  expect(actions).toEqual(expect.arrayContaining(['connection.saved', 'secret.created', 'secret.removed']));
  expect(trail.every((entry) => entry.accountId === 'local-admin' && !Number.isNaN(Date.parse(entry.at)))).toBe(true);
  expect(trail.find((entry) => entry.action === 'connection.saved')?.detail).toMatch(/^base URL http:\/\/127\.0\.0\.1:\d+\/eng\/api\/v1, token (replaced|kept)$/);
  expect(JSON.stringify(trail)).not.toContain(TEST_ENG_TOKEN);
  expect(JSON.stringify(trail)).not.toMatch(/whsec_[A-Za-z0-9+/]{20}/);
});

describe('who may call the admin resolver', () => {
  const payloads: Record<string, unknown> = {
    saveConnection: { baseUrl: 'https://plm.example.com/api', token: 'stolen-token-attempt' },
    testConnection: { baseUrl: 'https://plm.example.com/api', token: 'stolen-token-attempt' },
    createSecret: { direction: 'inbound' },
    removeSecret: { id: 'anything' },
    startAction: { action: 'remove_snapshots' },
    saveAllowList: { entries: [{ spaceKey: '*', patterns: ['NOTHING-*'] }] },
    sendTestNotice: {},
  };

  test.each([
    ['a site user who is not a Confluence administrator', 'alice'],
    ['an anonymous caller', null],
    ['an account Confluence does not know', 'someone-else'],
  ])('%s is refused on every call, and nothing changes', async (_who, accountId) => {
    const before = storedState(other);
    const engineeringBefore = engineeringRequests(named);
    for (const call of ADMIN_CALLS) {
      const answer = await other.invokeAdmin(call, payloads[call] ?? {}, accountId);
      expect(answer, call).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(storedState(other)).toBe(before);
    expect(engineeringRequests(named)).toBe(engineeringBefore);
  });
});
