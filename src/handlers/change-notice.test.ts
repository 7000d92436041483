import { expect, it, test } from 'vitest';
import { signWebhook } from '../domain/webhook-signature';
import {
  handleChangeNotice,
  MAX_NOTICE_BYTES,
  MAX_WEBHOOK_ID_LENGTH,
  IN_FLIGHT_RETRY_SECONDS,
  RETRY_AFTER_SECONDS,
  type ChangeNoticeDeps,
  type NoticeOutcome,
  type RefreshEvent,
  type WebTriggerRequest,
} from './change-notice';

const CURRENT = `whsec_${Buffer.from('current-secret-for-tests-32-bytes').toString('base64')}`;
const PREVIOUS = `whsec_${Buffer.from('previous-secret-for-tests-32-byte').toString('base64')}`;
const RETIRED = `whsec_${Buffer.from('retired-secret-for-tests-32-bytes').toString('base64')}`;
const NOW = 1_760_000_000;

interface Fakes extends ChangeNoticeDeps {
  claimed: Map<string, 'pending' | 'queued'>;
  queued: RefreshEvent[][];
  logs: string[];
  failEnqueueTimes: number;
}

function makeDeps(overrides: Partial<ChangeNoticeDeps> = {}): Fakes {
  const fakes: Fakes = {
    secrets: [CURRENT],
    nowSeconds: () => NOW,
    claimed: new Map(),
    queued: [],
    logs: [],
    failEnqueueTimes: 0,
    async claimDeliveryId(id) {
      const state = fakes.claimed.get(id);
      if (state === 'queued') return 'duplicate';
      if (state === 'pending') return 'in_flight';
      fakes.claimed.set(id, 'pending');
      return 'claimed';
    },
    async confirmDeliveryId(id) {
      fakes.claimed.set(id, 'queued');
    },
    async releaseDeliveryId(id) {
      fakes.claimed.delete(id);
    },
    async enqueue(events) {
      if (fakes.failEnqueueTimes > 0) {
        fakes.failEnqueueTimes -= 1;
        throw new Error('queue unavailable');
      }
      fakes.queued.push(events);
    },
    log: {
      info: (message, meta) => fakes.logs.push(`${message} ${JSON.stringify(meta)}`),
      warn: (message, meta) => fakes.logs.push(`${message} ${JSON.stringify(meta)}`),
      error: (message, meta) => fakes.logs.push(`${message} ${JSON.stringify(meta)}`),
    },
    ...overrides,
  };
  return fakes;
}

function notice(specIds: unknown[] = ['S-100', 'S-101'], type = 'spec.updated'): string {
  return JSON.stringify({ type, timestamp: '2025-10-09T08:53:20Z', data: { specIds } });
}

function signedRequest(
  options: { body?: string; id?: string; timestamp?: number; secret?: string; headers?: Record<string, string[]> } = {},
): WebTriggerRequest {
  const body = options.body ?? notice();
  const id = options.id ?? 'msg_2mZ';
  const timestamp = options.timestamp ?? NOW;
  const signature = signWebhook({ id, timestamp, body, secret: options.secret ?? CURRENT });
  const headers = {
    'Content-Type': ['application/json'],
    'webhook-id': [id],
    'webhook-timestamp': [String(timestamp)],
    'webhook-signature': [signature],
    ...options.headers,
  };
  return { method: 'POST', path: '/', body, headers, queryParameters: {} };
}

function bodyOf(response: { body?: string }): unknown {
  return JSON.parse(response.body ?? 'null');
}

test('queues a signed notice and answers 202 with counts', async () => {
  const deps = makeDeps();

  const response = await handleChangeNotice(signedRequest(), deps);

  expect(response.statusCode).toBe(202);
  expect(bodyOf(response)).toEqual({ accepted: true, queued: 1, specIds: 2 });
  expect(deps.queued).toEqual([
    [{ type: 'spec.updated', specIds: ['S-100', 'S-101'], noticeId: 'msg_2mZ', noticeTimestamp: '2025-10-09T08:53:20Z' }],
  ]);
});

test('chunks a large notice into several small events and counts unique ids', async () => {
  const ids = Array.from({ length: 998 }, (_, i) => `S-${i}`);
  const deps = makeDeps();

  const response = await handleChangeNotice(signedRequest({ body: notice([...ids, 'S-1', 'S-2']) }), deps);

  const events = deps.queued[0] ?? [];
  expect(bodyOf(response)).toEqual({ accepted: true, queued: events.length, specIds: 998 });
  expect(events.length).toBeGreaterThan(1);
  expect(events.flatMap((event) => event.specIds)).toEqual(ids);
});

test('accepts a notice signed with the rotated-in previous secret', async () => {
  const deps = makeDeps({ secrets: [CURRENT, PREVIOUS] });

  const response = await handleChangeNotice(signedRequest({ secret: PREVIOUS }), deps);

  expect(response.statusCode).toBe(202);
});

it.each([
  ['a rotated-out secret', signedRequest({ secret: RETIRED })],
  ['a timestamp 6 minutes old', signedRequest({ timestamp: NOW - 360 })],
  ['a timestamp 6 minutes ahead', signedRequest({ timestamp: NOW + 360 })],
  ['no signature header', signedRequest({ headers: { 'webhook-signature': [] } })],
  ['no webhook-id header', signedRequest({ headers: { 'webhook-id': [] } })],
  ['a body changed after signing', { ...signedRequest(), body: notice(['S-999']) }],
  ['an unsigned malformed body', { ...signedRequest(), body: '{oops' }],
])('answers 401 with nothing more for %s and queues nothing', async (_name, request) => {
  const deps = makeDeps({ secrets: [CURRENT, PREVIOUS] });

  const response = await handleChangeNotice(request, deps);

  expect(response.statusCode).toBe(401);
  expect(response.body).toBe('{"error":"unauthorized"}');
  expect(deps.claimed.size).toBe(0);
  expect(deps.queued).toEqual([]);
});

test('logs why a delivery was rejected without the secret', async () => {
  const deps = makeDeps();

  await handleChangeNotice(signedRequest({ timestamp: NOW - 360 }), deps);

  expect(deps.logs).toEqual(['change notice rejected {"reason":"timestamp_out_of_range"}']);
});

test('looks up header names in any case and joins repeated signature headers', async () => {
  const request = signedRequest();
  const value = (name: string) => request.headers[name] ?? [];
  const headers = {
    'CONTENT-TYPE': ['Application/JSON; charset=utf-8'],
    'Webhook-Id': value('webhook-id'),
    'Webhook-Timestamp': value('webhook-timestamp'),
    'WEBHOOK-SIGNATURE': ['v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', ...value('webhook-signature')],
  };

  const response = await handleChangeNotice({ ...request, headers }, makeDeps());

  expect(response.statusCode).toBe(202);
});

test('answers a replayed webhook-id as a duplicate and does not queue it again', async () => {
  const deps = makeDeps();
  await handleChangeNotice(signedRequest({ id: 'msg_replay' }), deps);

  const replay = await handleChangeNotice(signedRequest({ id: 'msg_replay' }), deps);

  expect(replay.statusCode).toBe(200);
  expect(bodyOf(replay)).toEqual({ accepted: true, duplicate: true });
  expect(deps.queued).toHaveLength(1);
});

test('answers 413 for a 300 KB body before checking anything else', async () => {
  const deps = makeDeps();
  const body = JSON.stringify({ pad: 'x'.repeat(300 * 1024) });

  const response = await handleChangeNotice({ method: 'POST', body, headers: {} }, deps);

  expect(response.statusCode).toBe(413);
  expect(bodyOf(response)).toMatchObject({ error: 'payload_too_large' });
  expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_NOTICE_BYTES);
});

it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405 and Allow: POST', async (method) => {
  const response = await handleChangeNotice({ ...signedRequest(), method }, makeDeps());

  expect(response.statusCode).toBe(405);
  expect(response.headers?.Allow).toEqual(['POST']);
});

it.each([
  ['text/plain', { 'Content-Type': ['text/plain'] }],
  ['form data', { 'Content-Type': ['application/x-www-form-urlencoded'] }],
  ['a JSON look-alike', { 'Content-Type': ['application/jsonp'] }],
  ['no content type', { 'Content-Type': [] }],
])('answers 415 for %s', async (_name, headers) => {
  const response = await handleChangeNotice(signedRequest({ headers }), makeDeps());

  expect(response.statusCode).toBe(415);
});

test('answers 400 malformed_json for a signed body that is not JSON', async () => {
  const deps = makeDeps();

  const response = await handleChangeNotice(signedRequest({ body: '{"type":' }), deps);

  expect(response.statusCode).toBe(400);
  expect(bodyOf(response)).toMatchObject({ error: 'malformed_json' });
  expect(deps.claimed.size).toBe(0);
});

test('answers 400 naming the field for a signed notice that breaks the schema', async () => {
  const deps = makeDeps();

  const response = await handleChangeNotice(signedRequest({ body: notice(['S-1', 'bad id']) }), deps);

  expect(response.statusCode).toBe(400);
  expect(bodyOf(response)).toMatchObject({ error: 'invalid_notice', field: 'data.specIds[1]' });
  expect(deps.queued).toEqual([]);
});

test('answers 503 with Retry-After when enqueue fails, releases the id, and accepts the retry', async () => {
  const deps = makeDeps();
  deps.failEnqueueTimes = 1;

  const failed = await handleChangeNotice(signedRequest({ id: 'msg_retry' }), deps);
  const retried = await handleChangeNotice(signedRequest({ id: 'msg_retry' }), deps);

  expect(failed.statusCode).toBe(503);
  expect(failed.headers?.['Retry-After']).toEqual([String(RETRY_AFTER_SECONDS)]);
  expect(bodyOf(failed)).toMatchObject({ error: 'unavailable' });
  expect(retried.statusCode).toBe(202);
  expect(deps.queued).toHaveLength(1);
});

test('answers 503 and queues nothing when the delivery id cannot be claimed', async () => {
  const deps = makeDeps({
    claimDeliveryId: async () => {
      throw new Error('kvs down');
    },
  });

  const response = await handleChangeNotice(signedRequest(), deps);

  expect(response.statusCode).toBe(503);
  expect(deps.queued).toEqual([]);
});

test('still answers 503 when releasing the claim fails too', async () => {
  const deps = makeDeps({
    releaseDeliveryId: async () => {
      throw new Error('kvs down');
    },
  });
  deps.failEnqueueTimes = 1;

  const response = await handleChangeNotice(signedRequest(), deps);

  expect(response.statusCode).toBe(503);
  expect(deps.logs.some((line) => line.startsWith('change notice release failed'))).toBe(true);
});

it.each([
  ['202', () => signedRequest(), 202],
  ['400', () => signedRequest({ body: '[' }), 400],
  ['401', () => signedRequest({ secret: RETIRED }), 401],
  ['405', () => ({ ...signedRequest(), method: 'GET' }), 405],
  ['413', () => ({ ...signedRequest(), body: 'x'.repeat(MAX_NOTICE_BYTES + 1) }), 413],
  ['415', () => signedRequest({ headers: { 'Content-Type': ['text/csv'] } }), 415],
])('sends a JSON body with content-type application/json on a %s', async (_name, makeRequest, status) => {
  const response = await handleChangeNotice(makeRequest(), makeDeps());

  expect(response.statusCode).toBe(status);
  expect(response.headers?.['Content-Type']).toEqual(['application/json']);
  expect(() => JSON.parse(response.body ?? '')).not.toThrow();
});

test('a delivery of an id that another delivery is still queueing is not acknowledged and asks for a retry', async () => {
  const deps = makeDeps();
  deps.claimed.set('msg_in_flight', 'pending');

  const response = await handleChangeNotice(signedRequest({ id: 'msg_in_flight' }), deps);

  expect(response.statusCode).toBe(503);
  expect(response.headers?.['Retry-After']).toEqual([String(IN_FLIGHT_RETRY_SECONDS)]);
  expect(deps.queued).toEqual([]);
});

test('a notice is acknowledged even when marking its id as queued fails, since it was queued', async () => {
  const deps = makeDeps({ confirmDeliveryId: async () => Promise.reject(new Error('kvs down')) });

  const response = await handleChangeNotice(signedRequest({ id: 'msg_confirm_fails' }), deps);

  expect(response.statusCode).toBe(202);
  expect(deps.queued).toHaveLength(1);
  expect(deps.logs.some((line) => line.startsWith('change notice confirm failed'))).toBe(true);
});

test(`a signed notice whose webhook-id is longer than ${MAX_WEBHOOK_ID_LENGTH} characters gets a permanent 400, not a retry`, async () => {
  const deps = makeDeps();

  const atLimit = await handleChangeNotice(signedRequest({ id: 'a'.repeat(MAX_WEBHOOK_ID_LENGTH) }), deps);
  const over = await handleChangeNotice(signedRequest({ id: 'b'.repeat(MAX_WEBHOOK_ID_LENGTH + 1) }), deps);

  expect(atLimit.statusCode).toBe(202);
  expect(over.statusCode).toBe(400);
  expect(bodyOf(over)).toMatchObject({ error: 'invalid_webhook_id' });
  expect(deps.queued).toHaveLength(1);
  expect(deps.claimed.has('b'.repeat(MAX_WEBHOOK_ID_LENGTH + 1))).toBe(false);
});

/** Every outcome the handler reports, with its answer's status. */
async function outcomesOf(requests: WebTriggerRequest[], overrides: Partial<ChangeNoticeDeps> = {}) {
  const outcomes: NoticeOutcome[] = [];
  const statuses: number[] = [];
  const deps = makeDeps({ ...overrides, onOutcome: (outcome) => outcomes.push(outcome) });
  for (const request of requests) statuses.push((await handleChangeNotice(request, deps)).statusCode);
  return { outcomes, statuses };
}

test('reports each delivery outcome once: accepted, then duplicate, with the verified spec ids', async () => {
  const { outcomes, statuses } = await outcomesOf([signedRequest(), signedRequest()]);

  expect(statuses).toEqual([202, 200]);
  expect(outcomes).toEqual([
    { status: 'accepted', httpStatus: 202, webhookId: 'msg_2mZ', specIds: ['S-100', 'S-101'], specIdCount: 2, verified: true },
    { status: 'duplicate', httpStatus: 200, webhookId: 'msg_2mZ', specIds: ['S-100', 'S-101'], specIdCount: 2, verified: true },
  ]);
});

test('reports a refused signature with the verification reason and the spec ids the body claims, as unverified', async () => {
  const { outcomes } = await outcomesOf([
    signedRequest({ secret: RETIRED, id: 'msg_bad' }),
    signedRequest({ timestamp: NOW - 360, id: 'msg_stale' }),
    signedRequest({ headers: { 'webhook-signature': [] }, body: '{oops' }),
  ]);

  expect(outcomes).toEqual([
    { status: 'refused', httpStatus: 401, reason: 'no_matching_signature', webhookId: 'msg_bad', specIds: ['S-100', 'S-101'], specIdCount: 2, verified: false },
    { status: 'refused', httpStatus: 401, reason: 'timestamp_out_of_range', webhookId: 'msg_stale', specIds: ['S-100', 'S-101'], specIdCount: 2, verified: false },
    { status: 'refused', httpStatus: 401, reason: 'missing_headers', webhookId: 'msg_2mZ', specIds: [], specIdCount: 0, verified: false },
  ]);
});

test('reports refusals before the signature check as unverified, and invalid signed notices as verified', async () => {
  const { outcomes } = await outcomesOf([
    { ...signedRequest(), method: 'GET' },
    signedRequest({ body: `{"pad":"${'x'.repeat(MAX_NOTICE_BYTES)}"}` }),
    signedRequest({ headers: { 'Content-Type': ['text/plain'] } }),
    signedRequest({ body: notice(['S-1', 'not an id']) }),
    signedRequest({ id: 'm'.repeat(MAX_WEBHOOK_ID_LENGTH + 1) }),
  ]);

  expect(outcomes.map((o) => [o.httpStatus, o.reason, o.verified, o.specIds])).toEqual([
    [405, 'method_not_allowed', false, ['S-100', 'S-101']],
    [413, 'payload_too_large', false, []],
    [415, 'unsupported_media_type', false, ['S-100', 'S-101']],
    [400, 'invalid_notice at data.specIds[1]', true, ['S-1']],
    [400, 'invalid_webhook_id', true, ['S-100', 'S-101']],
  ]);
  expect(outcomes.every((o) => o.status === 'refused')).toBe(true);
});

test('reports a notice that could not be claimed or queued, or is in flight, as refused with a 503', async () => {
  const claimFails = await outcomesOf([signedRequest()], { claimDeliveryId: () => Promise.reject(new Error('kvs down')) });
  const inFlight = await outcomesOf([signedRequest()], { claimDeliveryId: () => Promise.resolve('in_flight') });
  const queueFails = await outcomesOf([signedRequest()], { enqueue: () => Promise.reject(new Error('queue down')) });

  expect([...claimFails.outcomes, ...inFlight.outcomes, ...queueFails.outcomes].map((o) => [o.status, o.httpStatus, o.reason, o.verified])).toEqual([
    ['refused', 503, 'unavailable', true],
    ['refused', 503, 'in_flight', true],
    ['refused', 503, 'unavailable', true],
  ]);
});
