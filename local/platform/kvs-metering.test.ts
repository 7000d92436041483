import { expect, test } from 'vitest';
import { EMPTY_KVS_READ_BYTES } from './costs';
import { kvsBytes } from './kvs-metering';

const value = { a: 'é' };
const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');

test('a query page counts its values, and an empty page as one empty read', () => {
  const page = JSON.stringify({ data: [{ key: 'k1', value }, { key: 'k2', value }] });

  expect(kvsBytes('/api/v1/query', '{}', 200, page)).toEqual({ read: 2 * bytes, written: 0 });
  expect(kvsBytes('/api/v1/query', '{}', 200, '{"data":[]}')).toEqual({ read: EMPTY_KVS_READ_BYTES, written: 0 });
});

test('a transaction counts the values it sets, a secret read its value, a delete nothing', () => {
  const transaction = JSON.stringify({ set: [{ key: 'a', value }, { key: 'b', value: 1 }], delete: [{ key: 'c' }] });

  expect(kvsBytes('/api/v1/transaction', transaction, 204, '')).toEqual({ read: 0, written: bytes + 1 });
  expect(kvsBytes('/api/v1/secret/get', '{"key":"s"}', 200, JSON.stringify({ key: 's', value }))).toEqual({ read: bytes, written: 0 });
  expect(kvsBytes('/api/v1/delete', '{"key":"a"}', 204, '')).toEqual({ read: 0, written: 0 });
});

test('a refused write counts nothing', () => {
  expect(kvsBytes('/api/v1/set', JSON.stringify({ key: 'a', value }), 409, '{"code":"KEY_CONFLICT"}')).toEqual({ read: 0, written: 0 });
});
