import { afterAll, beforeAll, expect, test } from 'vitest';
import { signedNotice } from '../support/notices';
import { expectOk, startApp, TEST_WEBHOOK_SECRET, type TestApp } from '../support/start-app';

/**
 * Page views hand open macros a realtime subscribe token. Signing one is a realtime operation
 * (50/s per installation, shared with publishes), so views reuse the token kept in KVS.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
});

const signed = () => app.platform.counters.get('realtime.tokensSigned');

function view(index: number, specIds: string) {
  return app.invoke('getSpecs', { localId: app.macroIds[index] as string, config: { specIds, layout: 'card' } });
}

/** The subscribe token as the app keeps it in KVS. */
function storedToken(): { token: string; expiresAtMs: number } | undefined {
  const row = app.platform.db.prepare("SELECT value FROM kvs_entries WHERE namespace = 'kvs' AND key = 'realtime-token:subscribe'").get() as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as { token: string; expiresAtMs: number }) : undefined;
}

test('many page views sign one subscribe token and all get that token', async () => {
  const before = signed();

  const first = expectOk(await view(0, 'SHAFT-1042'));
  const sequential = [];
  for (let i = 1; i <= 5; i += 1) sequential.push(expectOk(await view(i, 'BOLT-2001')));
  const concurrent = (await Promise.all([6, 7, 8, 9, 0, 1].map((i) => view(i, 'SHAFT-1042')))).map(expectOk);

  expect(first.live?.token).toEqual(expect.any(String));
  for (const later of [...sequential, ...concurrent]) expect(later.live?.token).toBe(first.live?.token);
  expect(signed() - before).toBe(1);
});

test('the kept token carries the expiry the platform signed, in epoch milliseconds', async () => {
  expectOk(await view(10, 'SHAFT-1042'));
  const kept = storedToken();
  const claims = JSON.parse(Buffer.from(kept?.token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };

  expect(kept?.expiresAtMs).toBe(claims.exp * 1000);
});

test('a token within 10 minutes of expiring is replaced once, then the new one is reused', async () => {
  expectOk(await view(11, 'SHAFT-1042'));
  app.platform.db
    .prepare("UPDATE kvs_entries SET value = json_set(value, '$.expiresAtMs', ?) WHERE namespace = 'kvs' AND key = 'realtime-token:subscribe'")
    .run(Date.now() + 5 * 60_000);
  const before = signed();

  const views = [];
  for (let i = 0; i < 4; i += 1) views.push(expectOk(await view(i, 'BOLT-2001')));

  expect(signed() - before).toBe(1);
  expect(storedToken()?.expiresAtMs).toBeGreaterThan(Date.now() + 50 * 60_000);
  for (const later of views) expect(later.live?.token).toBe(views[0]?.live?.token);
});

test('change notices sign one publish token and reuse it: each change costs two realtime operations, not three', async () => {
  const before = signed();
  const publishes = app.platform.counters.get('realtime.publishes');

  for (let i = 0; i < 4; i += 1) {
    app.engineering.admin.updateSpec('SHAFT-1042', { revision: `P${i}` });
    expect((await app.platform.callWebTrigger('spec-change-notice', signedNotice({ secret: TEST_WEBHOOK_SECRET, specIds: ['SHAFT-1042'] }))).statusCode).toBe(202);
    await app.platform.queue.drain();
  }

  expect(app.platform.counters.get('realtime.publishes') - publishes).toBe(8);
  expect(signed() - before).toBe(1);
});
