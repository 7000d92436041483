import { expect, it, test } from 'vitest';
import { validatePushEvents } from '@forge/events/out/validators';
import { AppError } from '../errors';
import {
  chunkForQueue,
  parseChangeNotice,
  SPEC_IDS_PER_EVENT,
  toRefreshEvents,
  type ChangeNotice,
} from './change-notice';

const TIMESTAMP = '2025-10-09T08:53:20Z';

function body(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = { specIds: ['S-100'] }): string {
  return JSON.stringify({ type: 'spec.updated', timestamp: TIMESTAMP, data, ...overrides });
}

function ids(count: number, prefix = 'S'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
}

it.each([
  ['an update of one spec', body()],
  ['a deletion', body({ type: 'spec.deleted' })],
  ['a timestamp with fractional seconds', body({ timestamp: '2025-10-09T08:53:20.344522Z' })],
  ['a timestamp with an offset', body({ timestamp: '2025-10-09T10:53:20+02:00' })],
  ['extra top-level and data fields', body({ source: 'plm' }, { specIds: ['S-100'], changedBy: 'ana' })],
  ['the most spec ids a notice may carry', body({}, { specIds: ids(1000) })],
])('accepts %s', (_name, raw) => {
  const result = parseChangeNotice(raw);

  expect(result.ok).toBe(true);
});

it.each([
  ['an unknown type', body({ type: 'spec.created' }), 'type'],
  ['a missing timestamp', body({ timestamp: undefined }), 'timestamp'],
  ['a date without a time', body({ timestamp: '2025-10-09' }), 'timestamp'],
  ['a timestamp without a zone', body({ timestamp: '2025-10-09T08:53:20' }), 'timestamp'],
  ['a missing data object', body({ data: undefined }), 'data'],
  ['specIds that is not an array', body({}, { specIds: 'S-100' }), 'data.specIds'],
  ['an empty specIds list', body({}, { specIds: [] }), 'data.specIds'],
  ['more than 1000 spec ids', body({}, { specIds: ids(1001) }), 'data.specIds'],
  ['a lower-case spec id at index 3', body({}, { specIds: ['S-1', 'S-2', 'S-3', 's-4'] }), 'data.specIds[3]'],
  ['a number among the spec ids', body({}, { specIds: ['S-1', 42] }), 'data.specIds[1]'],
])('rejects %s and names the field', (_name, raw, field) => {
  const result = parseChangeNotice(raw);

  expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_notice', field } });
  expect(result.ok === false && result.error.message.startsWith(`${field}:`)).toBe(true);
});

test('quotes the offending spec id and the expected pattern in the message', () => {
  const result = parseChangeNotice(body({}, { specIds: ['S-1', 'shaft 7'] }));

  expect(result.ok === false && result.error.message).toContain('"shaft 7" is not a spec id (expected ^[A-Z]');
});

it.each([
  ['an array', '[]'],
  ['a string', '"spec.updated"'],
  ['null', 'null'],
])('rejects a body that is %s without naming a field', (_name, raw) => {
  const result = parseChangeNotice(raw);

  expect(result).toEqual({
    ok: false,
    status: 400,
    error: { code: 'invalid_notice', message: 'body: the notice must be a JSON object' },
  });
});

it.each([
  ['truncated JSON', '{"type":"spec.updated"'],
  ['an empty body', ''],
  ['form data', 'type=spec.updated&ids=S-100'],
])('reports %s as malformed JSON', (_name, raw) => {
  const result = parseChangeNotice(raw);

  expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'malformed_json' } });
});

test('de-duplicates spec ids in first-seen order and keeps other fields', () => {
  const result = parseChangeNotice(body({}, { specIds: ['B-2', 'A-1', 'B-2', 'C-3', 'A-1'], reason: 'ECO-7' }));

  expect(result).toEqual({
    ok: true,
    value: { type: 'spec.updated', timestamp: TIMESTAMP, data: { specIds: ['B-2', 'A-1', 'C-3'], reason: 'ECO-7' } },
  });
});

it.each([1, SPEC_IDS_PER_EVENT, SPEC_IDS_PER_EVENT + 1, 1000])(
  'splits a notice of %i ids into events of at most the per-event size, keeping every id once',
  (count) => {
    const notice: ChangeNotice = { type: 'spec.deleted', timestamp: TIMESTAMP, data: { specIds: ids(count) } };

    const events = toRefreshEvents(notice, 'msg_9');

    expect(events).toHaveLength(Math.ceil(count / SPEC_IDS_PER_EVENT));
    expect(events.every((e) => e.specIds.length <= SPEC_IDS_PER_EVENT)).toBe(true);
    expect(events.flatMap((e) => e.specIds)).toEqual(ids(count));
    expect(events[0]).toMatchObject({ type: 'spec.deleted', noticeId: 'msg_9', noticeTimestamp: TIMESTAMP });
  },
);

it.each([
  ['many small events', 120, 10],
  ['events of about 30 KB each', 20, 30_000],
  ['events just under the push size limit', 3, 200 * 1024 - 40],
])('chunks %s into the fewest pushes that each pass @forge/events validation', (_name, count, padding) => {
  const events = Array.from({ length: count }, (_, i) => ({ n: i, pad: 'x'.repeat(padding) }));

  const pushes = chunkForQueue(events);

  expect(pushes.flat()).toEqual(events);
  for (const [index, push] of pushes.entries()) {
    expect(() => validatePushEvents(push.map((event) => ({ body: event })))).not.toThrow();
    const next = pushes[index + 1]?.[0];
    if (next !== undefined) {
      expect(() => validatePushEvents([...push, next].map((event) => ({ body: event })))).toThrow();
    }
  }
});

test('returns no pushes for no events', () => {
  expect(chunkForQueue([])).toEqual([]);
});

test('throws an internal AppError for one event larger than a push allows', () => {
  const tooBig = () => chunkForQueue([{ pad: 'x'.repeat(200 * 1024) }]);

  expect(tooBig).toThrow(AppError);
  expect(tooBig).toThrow(/a push allows 204800/);
});
