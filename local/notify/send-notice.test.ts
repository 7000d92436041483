import { afterAll, beforeAll, expect, test } from 'vitest';
import { sendChangeNotice } from './send-notice';
import { startVerificationServer, type VerificationServer } from './verification-server';

const SECRET = `whsec_${Buffer.from('engineering-shared-secret-32byte').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('some-other-secret-of-32-bytes!!!').toString('base64')}`;
let server: VerificationServer;

beforeAll(async () => {
  server = await startVerificationServer({ secrets: [SECRET] });
});

afterAll(async () => {
  await server.close();
});

test('sends an update notice the web trigger handler verifies and queues', async () => {
  const before = server.queued.length;

  const result = await sendChangeNotice({ url: server.url, secret: SECRET, type: 'spec.updated', specIds: ['S-100', 'S-101'] });

  expect(result.status).toBe(202);
  expect(JSON.parse(result.body)).toEqual({ accepted: true, queued: 1, specIds: 2 });
  expect(server.queued.slice(before)).toEqual([
    [{ type: 'spec.updated', specIds: ['S-100', 'S-101'], noticeId: result.id, noticeTimestamp: expect.any(String) }],
  ]);
});

test('sends a deletion notice with the given timestamp', async () => {
  const now = new Date();
  now.setMilliseconds(0);
  const before = server.queued.length;

  await sendChangeNotice({ url: server.url, secret: SECRET, type: 'spec.deleted', specIds: ['S-7'], now: () => now });

  expect(server.queued.slice(before)[0]?.[0]).toMatchObject({ type: 'spec.deleted', noticeTimestamp: now.toISOString() });
});

test('returns a refusal as a value rather than throwing', async () => {
  const result = await sendChangeNotice({ url: server.url, secret: OTHER, type: 'spec.updated', specIds: ['S-1'] });

  expect(result).toMatchObject({ status: 401, body: '{"error":"unauthorized"}' });
});

test('reusing a webhook-id is answered as a duplicate', async () => {
  const first = await sendChangeNotice({ url: server.url, secret: SECRET, type: 'spec.updated', specIds: ['S-2'] });

  const again = await sendChangeNotice({ url: server.url, secret: SECRET, type: 'spec.updated', specIds: ['S-2'], id: first.id });

  expect(again.status).toBe(200);
  expect(JSON.parse(again.body)).toEqual({ accepted: true, duplicate: true });
});

test('mints a fresh webhook-id for every delivery', async () => {
  const a = await sendChangeNotice({ url: server.url, secret: SECRET, type: 'spec.updated', specIds: ['S-3'] });
  const b = await sendChangeNotice({ url: server.url, secret: SECRET, type: 'spec.updated', specIds: ['S-3'] });

  expect(a.id).not.toBe(b.id);
  expect(b.status).toBe(202);
});
