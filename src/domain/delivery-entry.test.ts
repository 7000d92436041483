import { expect, test } from 'vitest';
import { claimedSpecIds, MAX_LOGGED_SPEC_IDS, MAX_LOGGED_WEBHOOK_ID, toDeliveryEntry, type NoticeOutcome } from './delivery-entry';

const AT = new Date('2026-11-30T09:00:00.000Z');
const accepted: NoticeOutcome = { status: 'accepted', httpStatus: 202, webhookId: 'msg_1', specIds: ['SHAFT-1042'], specIdCount: 1, verified: true };

test('a refused body claims only its spec-id-shaped strings, de-duplicated, the first 20, with the count', () => {
  const ids = Array.from({ length: 30 }, (_, i) => `S-${i}`);
  const body = JSON.stringify({ data: { specIds: ['S-0', 'not an id', 7, ...ids] } });

  expect(claimedSpecIds(body)).toEqual({ specIds: ids.slice(0, MAX_LOGGED_SPEC_IDS), specIdCount: 30 });
});

test.each([
  ['not JSON', '{oops'],
  ['no data', '{"type":"spec.updated"}'],
  ['specIds not a list', '{"data":{"specIds":"S-1"}}'],
  ['null', 'null'],
  ['empty', ''],
  ['over 64 KB', JSON.stringify({ data: { specIds: ['S-1'] }, pad: 'x'.repeat(70_000) })],
])('a refused body that is %s claims no spec ids', (_name, body) => {
  expect(claimedSpecIds(body)).toEqual({ specIds: [], specIdCount: 0 });
});

test('an accepted outcome becomes an inbound entry with its time and no reason', () => {
  expect(toDeliveryEntry(accepted, AT, false)).toEqual({
    at: '2026-11-30T09:00:00.000Z',
    direction: 'inbound',
    webhookId: 'msg_1',
    specIds: ['SHAFT-1042'],
    status: 'accepted',
    httpStatus: 202,
  });
});

test('an entry keeps 20 spec ids and says how many the notice listed; a test notice is marked', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `S-${i}`);

  const entry = toDeliveryEntry({ ...accepted, specIds: ids, specIdCount: 1000 }, AT, true);

  expect(entry.specIds).toEqual(ids.slice(0, 20));
  expect(entry.specIdCount).toBe(1000);
  expect(entry.test).toBe(true);
});

test('an unverified refusal is marked, and a webhook-id is clipped to 128 characters with control characters blanked', () => {
  const outcome: NoticeOutcome = { status: 'refused', httpStatus: 401, reason: 'no_matching_signature', webhookId: `a\nb\u0000${'x'.repeat(300)}`, specIds: [], specIdCount: 0, verified: false };

  const entry = toDeliveryEntry(outcome, AT, false);

  expect(entry.unverified).toBe(true);
  expect(entry.reason).toBe('no_matching_signature');
  expect(entry.webhookId).toHaveLength(MAX_LOGGED_WEBHOOK_ID);
  expect(entry.webhookId?.startsWith('a b ')).toBe(true);
  expect(entry.webhookId?.endsWith('…')).toBe(true);
});
