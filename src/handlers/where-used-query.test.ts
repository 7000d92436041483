import { Webhook } from 'standardwebhooks';
import { expect, test } from 'vitest';
import type { WebTriggerRequest } from './change-notice';
import { handleWhereUsedQuery, type WhereUsedQueryDeps } from './where-used-query';

const SECRET = `whsec_${Buffer.from('query-secret-for-unit-tests-32-by').toString('base64')}`;
const NOW = 1_760_000_000;

function request(body: string, options: { secret?: string; at?: number; method?: string } = {}): WebTriggerRequest {
  const at = options.at ?? NOW;
  const signature = new Webhook(options.secret ?? SECRET).sign('msg_1', new Date(at * 1000), body);
  return {
    method: options.method ?? 'POST',
    body,
    headers: { 'Content-Type': ['application/json'], 'webhook-id': ['msg_1'], 'webhook-timestamp': [String(at)], 'webhook-signature': [signature] },
  };
}

function deps(answers: unknown[] = []): WhereUsedQueryDeps & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    secrets: [SECRET],
    nowSeconds: () => NOW,
    answer: async (query) => {
      asked.push(query);
      return answers.shift();
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
}

const QUERY = JSON.stringify({ query: 'pagesShowingSpec', specId: 'SHAFT-1042' });

test('a signed query is answered with the default limit', async () => {
  const d = deps([{ pages: [] }]);
  const response = await handleWhereUsedQuery(request(QUERY), d);
  expect(response.statusCode).toBe(200);
  expect(d.asked).toEqual([{ query: 'pagesShowingSpec', specId: 'SHAFT-1042', limit: 20 }]);
});

test('the ±5 minute window: 300 s away is accepted, 301 s is not, and nothing is asked', async () => {
  expect((await handleWhereUsedQuery(request(QUERY, { at: NOW - 300 }), deps([{}]))).statusCode).toBe(200);
  const d = deps([{}]);
  const late = await handleWhereUsedQuery(request(QUERY, { at: NOW - 301 }), d);
  expect(late.statusCode).toBe(401);
  expect(JSON.parse(late.body ?? '')).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  expect(d.asked).toEqual([]);
});

test('a query the answer cannot find is 404 not_found; a failing store is 503 with Retry-After', async () => {
  const missing = await handleWhereUsedQuery(request(JSON.stringify({ query: 'macroOnPage', pageId: '12' })), deps([undefined]));
  expect(JSON.parse(missing.body ?? '')).toMatchObject({ error: { code: 'not_found' } });
  const failing = { ...deps(), answer: async () => Promise.reject(new Error('kvs down')) };
  const response = await handleWhereUsedQuery(request(QUERY), failing);
  expect(response.statusCode).toBe(503);
  expect(response.headers?.['Retry-After']).toEqual(['30']);
});

test('a body that is not JSON content is 415; signature checks come after the size and method checks', async () => {
  const plain = request(QUERY);
  plain.headers['Content-Type'] = ['text/plain'];
  expect((await handleWhereUsedQuery(plain, deps())).statusCode).toBe(415);
  expect((await handleWhereUsedQuery(request(QUERY, { method: 'PUT' }), deps())).headers?.Allow).toEqual(['POST']);
});
