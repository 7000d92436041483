/** Record size: a record the field caps allow can still be too big to store; it becomes a per-record problem. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BASE_URL, makeSpecRecord, makeTestClient } from '../../test/support/engineering-client-kit';
import type { CacheEntry } from '../domain/cache-entry';
import type { SpecParameter, SpecRecord } from '../shared/spec-record';
import { MAX_RECORD_BYTES, SpecRecord as SpecRecordSchema } from './schema';
import { validateRecord } from './validate-record';

/** Forge KVS refuses values above 240 KiB. */
const KVS_VALUE_LIMIT = 240 * 1024;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const utf8Bytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/** `count` parameters with names and units at their length caps, in 3-byte characters. */
function bulkyParameters(count: number, char = '\u20AC'): SpecParameter[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${i}`.padEnd(200, char),
    nominal: 1.2345678901234567,
    unit: char.repeat(50),
    tolerance: { type: 'deviation', upper: 0.1234567890123456, lower: 0.1234567890123456 },
    actual: 1.2345678901234567,
  }));
}

test('a record within every field cap but over the per-record byte budget is refused, naming the record and its size', () => {
  const record = makeSpecRecord({ title: '\u20AC'.repeat(500), parameters: bulkyParameters(500) });
  expect(SpecRecordSchema.safeParse(record).success).toBe(true);
  expect(utf8Bytes(record)).toBeGreaterThan(KVS_VALUE_LIMIT);

  const validation = validateRecord(record, 'SHAFT-1042');

  expect(validation).toMatchObject({
    ok: false,
    error: { kind: 'invalid_response', id: 'SHAFT-1042', field: '', detail: expect.stringMatching(/^SHAFT-1042: \(root\): the record takes \d+(\.\d)? KiB, more than the 64 KiB/) },
  });
});

test('the budget counts UTF-8 bytes of the JSON, not characters', () => {
  // 120 parameters of 3-byte text: fewer than 64 Ki characters of JSON, more than 64 KiB of UTF-8.
  const parameters = bulkyParameters(120);
  const record = makeSpecRecord({ parameters });
  expect(JSON.stringify(record).length).toBeLessThan(MAX_RECORD_BYTES);
  expect(utf8Bytes(record)).toBeGreaterThan(MAX_RECORD_BYTES);

  expect(validateRecord(record).ok).toBe(false);
});

test('every record validation accepts, wrapped as the largest cache entry, stays well under the KVS value limit', () => {
  let count = 0;
  while (utf8Bytes(makeSpecRecord({ title: '\u20AC'.repeat(500), parameters: bulkyParameters(count + 1) })) <= MAX_RECORD_BYTES) count += 1;
  const largest = makeSpecRecord({ title: '\u20AC'.repeat(500), parameters: bulkyParameters(count) });
  const accepted = validateRecord(largest);
  expect(accepted.ok).toBe(true);

  const entry: CacheEntry = {
    specId: largest.id,
    record: accepted.ok ? accepted.record : largest,
    etag: `"${'e'.repeat(254)}"`,
    fetchedAt: Number.MAX_SAFE_INTEGER,
    notFoundAt: Number.MAX_SAFE_INTEGER,
    withdrawn: true,
    lastError: { message: 'x'.repeat(2000), at: Number.MAX_SAFE_INTEGER },
  };
  expect(utf8Bytes(entry)).toBeLessThan(MAX_RECORD_BYTES + 4 * 1024);
  expect(utf8Bytes(entry)).toBeLessThan(KVS_VALUE_LIMIT / 3);
});

test('in a batch, an oversized record is a problem of that record only; the others are served', async () => {
  const small = makeSpecRecord({ id: 'GEAR-7', url: 'https://eng.example.com/specs/GEAR-7' });
  const huge: SpecRecord = makeSpecRecord({ parameters: bulkyParameters(500, '\u4E2D') });
  server.use(
    http.get(`${BASE_URL}/specs`, () =>
      HttpResponse.json({ items: [{ record: huge, etag: '"a"' }, { record: small, etag: '"b"' }], missing: [] }),
    ),
  );
  const { client } = makeTestClient();

  const result = await client.getSpecs(['SHAFT-1042', 'GEAR-7']);

  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect([...result.value.found.keys()]).toEqual(['GEAR-7']);
  expect(result.value.invalid.get('SHAFT-1042')?.detail).toMatch(/KiB, more than the 64 KiB Spec Bridge stores per record/);
});
