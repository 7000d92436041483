import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoSite } from '../../local/platform/confluence';
import { startLocalServer, type LocalServer } from '../../local/platform/http-server';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';

/**
 * The platform itself, with a tiny app written here: its handlers call the real, unmodified
 * @forge/api, @forge/events and @forge/kvs packages, and the platform plays Forge.
 */
const manifest = `
modules:
  webtrigger:
    - key: echo-trigger
      function: echo
      response: { type: dynamic }
  macro:
    - key: slow-macro
      title: Slow
      resource: ui
      render: native
      resolver: { function: slow }
  consumer:
    - key: flaky-consumer
      queue: flaky-queue
      function: flaky
  function:
    - { key: echo, handler: index.echo }
    - { key: flaky, handler: index.flaky }
    - { key: fetcher, handler: index.fetcher }
    - { key: slow, handler: index.slow }
app:
  id: ari:cloud:ecosystem::app/11111111-1111-4111-8111-111111111111
  runtime: { name: nodejs24.x }
permissions:
  scopes: [storage:app]
  external:
    fetch:
      backend:
        - address: https://allowed.example.com
`;

let platform: LocalPlatform;
let server: LocalServer;
const deliveries: { attempt: number; retryCount?: number }[] = [];

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-platform-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, queue: { timeScale: 0.001 }, limits: { resolverTimeoutMs: 100 } });
  const { InvocationError, InvocationErrorCode, Queue } = await import('@forge/events');
  const api = await import('@forge/api');
  platform.loadApp(appFromExports({
    async echo(request: { method: string; body: string; headers: Record<string, string[]>; queryParameters: Record<string, string[]> }) {
      await new Queue({ key: 'flaky-queue' }).push([{ body: { from: 'echo' } }]);
      const url = await api.webTrigger.getUrl('echo-trigger');
      return {
        statusCode: 201,
        headers: { 'Content-Type': ['application/json'], 'X-Echo': ['yes'] },
        body: JSON.stringify({ method: request.method, body: request.body, query: request.queryParameters, header: request.headers['x-probe'], url }),
      };
    },
    async flaky(event: { retryContext?: { retryCount: number } }) {
      deliveries.push({ attempt: deliveries.length + 1, retryCount: event.retryContext?.retryCount });
      if (deliveries.length === 1) return new InvocationError({ retryAfter: 5, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST });
      return undefined;
    },
    async slow() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { late: true };
    },
    async fetcher() {
      return api.fetch('https://not-allowed.example.org/data');
    },
  }, { kind: 'stand-in', name: 'platform test handlers' }));
  server = await startLocalServer({ platform });
});

afterAll(async () => {
  await server.close();
  platform.close();
});

test('a web trigger round trip over HTTP passes Forge request shapes in and maps the response back', async () => {
  const response = await fetch(`${server.origin}/x/echo-trigger?a=1&a=2`, { method: 'POST', headers: { 'X-Probe': 'p' }, body: '{"raw": true}' });

  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status).toBe(201);
  expect(response.headers.get('x-echo')).toBe('yes');
  expect(body).toEqual({ method: 'POST', body: '{"raw": true}', query: { a: ['1', '2'] }, header: ['p'], url: `${server.origin}/x/echo-trigger` });
});

test('a consumer that returns an InvocationError is delivered again with its retry context', async () => {
  await platform.queue.drain();

  expect(deliveries).toEqual([
    { attempt: 1, retryCount: undefined },
    { attempt: 2, retryCount: 1 },
  ]);
  expect(platform.counters.get('queue.retried')).toBe(1);
});

test('function code cannot fetch a host missing from permissions.external.fetch.backend', async () => {
  const { ExternalEndpointNotAllowedError } = await import('@forge/api');
  const manifestFunction = platform.manifest.functions.get('fetcher');

  expect(manifestFunction).toBeDefined();
  await expect(platform.invokeFunction('fetcher', [])).rejects.toBeInstanceOf(ExternalEndpointNotAllowedError);
  expect(platform.counters.get('egress.refused')).toBe(1);
});

test('an unknown web trigger key answers 404', async () => {
  const response = await fetch(`${server.origin}/x/nope`, { method: 'POST', body: '{}' });

  expect(response.status).toBe(404);
});

test('a resolver that runs past its time limit fails the invocation', async () => {
  const { InvocationTimeoutError } = await import('../../local/platform/limits');

  await expect(platform.invokeResolver({ functionKey: 'any', context: { localId: 'l', pageId: '1' } })).rejects.toBeInstanceOf(InvocationTimeoutError);
});

test('an invoke payload over 500 KB is refused before the resolver runs', async () => {
  const { PayloadTooLargeError } = await import('../../local/platform/limits');
  const payload = { blob: 'x'.repeat(501 * 1024) };

  await expect(platform.invokeResolver({ functionKey: 'any', payload, context: { localId: 'l', pageId: '1' } })).rejects.toBeInstanceOf(PayloadTooLargeError);
});

/** One request through `agent`; resolves with the status, body and whether it went over a reused connection. */
function requestWithAgent(agent: Agent, method: string, path: string, body?: Buffer): Promise<{ status: number; text: string; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.origin}${path}`, { method, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), reusedSocket: req.reusedSocket }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a keep-alive client gets a 413 for a body over 6 MB and its next request on the same connection succeeds', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let connections = 0;
  const countConnection = () => void connections++;
  server.server.on('connection', countConnection);
  try {
    const tooLarge = await requestWithAgent(agent, 'POST', '/x/echo-trigger', Buffer.alloc(7 * 1024 * 1024, 'x'));
    const next = await requestWithAgent(agent, 'GET', '/__local/info');

    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.text)).toEqual({ error: expect.stringContaining('Request body too large') });
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(true);
    expect(connections).toBe(1);
  } finally {
    server.server.off('connection', countConnection);
    agent.destroy();
  }
});

test('a body more than 16 MB past the 6 MB limit is answered 413 with Connection: close instead of being read to the end', async () => {
  const limit = 6 * 1024 * 1024 + 16 * 1024 * 1024;
  const socket = connect({ host: '127.0.0.1', port: Number(new URL(server.origin).port) });
  const received: Buffer[] = [];
  socket.on('data', (chunk) => received.push(chunk));
  const closed = new Promise<void>((resolve, reject) => {
    socket.once('end', resolve);
    socket.once('error', reject);
  });
  // Announces far more than the server reads, but sends only one byte past what it discards, so nothing is left unread when it closes.
  socket.write(`POST /x/echo-trigger HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${limit * 4}\r\n\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  for (let sent = 0; sent < limit; sent += chunk.length) {
    if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
  }
  socket.write('x');
  await closed;

  const response = Buffer.concat(received).toString('utf8');
  expect(response).toMatch(/^HTTP\/1\.1 413 /);
  expect(response).toMatch(/\r\nconnection: close\r\n/i);
}, 10_000);

test('a web trigger path with malformed percent-encoding answers 400 with a JSON error', async () => {
  const response = await fetch(`${server.origin}/x/%E0%A4%A`, { method: 'POST', body: '{}' });

  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: 'Malformed percent-encoding in /x/%E0%A4%A' });
});

test('a Confluence property write whose JSON nests 100 000 levels deep answers 400, not 500', async () => {
  seedDemoSite(platform.confluence);
  const page = platform.confluence.admin.listPages()[0]!;
  const nested = '['.repeat(100_000) + ']'.repeat(100_000);
  const response = await fetch(`${server.origin}/wiki/api/v2/pages/${page.id}/properties`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"key":"deep","value":${nested}}`,
  });

  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ errors: [{ status: 400, title: 'Malformed JSON request body', detail: 'The JSON nests deeper than 512 levels' }] });
});
