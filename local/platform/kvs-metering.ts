import { EMPTY_KVS_READ_BYTES } from './costs';

/** KVS bytes one request read and wrote, as Forge bills them (per byte, not per operation). */
export interface KvsBytes {
  read: number;
  written: number;
}

type Item = { key?: unknown; value?: unknown; code?: unknown; error?: { code?: unknown } };

/**
 * Measures one answered `@forge/kvs` request (`/api/v1/<operation>`): reads count the value bytes
 * returned (UTF-8 of the value's JSON) and 1 KB per empty read (a missing key, per key in a batch; a
 * query page with no items); writes count the value bytes stored. Failed requests count nothing.
 */
export function kvsBytes(path: string, requestBody: string, status: number, responseBody: string): KvsBytes {
  const operation = (path.split('?')[0] ?? '').replace(/^\/api\/v1\//, '');
  const request = parse(requestBody);
  const response = parse(responseBody);
  const none = { read: 0, written: 0 };
  switch (operation) {
    case 'get':
    case 'secret/get':
      if (status === 404) return { read: EMPTY_KVS_READ_BYTES, written: 0 };
      return status === 200 ? { read: valueBytes((response as Item).value), written: 0 } : none;
    case 'batch/get': {
      if (status !== 200) return none;
      const { successfulKeys = [], failedKeys = [] } = response as { successfulKeys?: Item[]; failedKeys?: Item[] };
      const missing = failedKeys.filter((item) => item.error?.code === 'KEY_NOT_FOUND').length;
      return { read: sum(successfulKeys.map((item) => valueBytes(item.value))) + missing * EMPTY_KVS_READ_BYTES, written: 0 };
    }
    case 'query': {
      if (status !== 200) return none;
      const data = (response as { data?: Item[] }).data ?? [];
      return { read: data.length === 0 ? EMPTY_KVS_READ_BYTES : sum(data.map((item) => valueBytes(item.value))), written: 0 };
    }
    case 'set':
    case 'secret/set':
      return status < 300 ? { read: 0, written: valueBytes((request as Item).value) } : none;
    case 'batch/set': {
      if (status !== 200) return none;
      const stored = new Set(((response as { successfulKeys?: Item[] }).successfulKeys ?? []).map((item) => item.key));
      const items = Array.isArray(request) ? (request as Item[]) : [];
      return { read: 0, written: sum(items.filter((item) => stored.has(item.key)).map((item) => valueBytes(item.value))) };
    }
    case 'transaction': {
      if (status >= 300) return none;
      const sets = (request as { set?: Item[] }).set ?? [];
      return { read: 0, written: sum(sets.map((item) => valueBytes(item.value))) };
    }
    default:
      return none;
  }
}

function valueBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) ?? {} : {};
  } catch {
    return {};
  }
}
