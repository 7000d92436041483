import { Webhook } from 'standardwebhooks';
import { expect, test } from 'vitest';
import { LOCAL_QUERY_SECRET } from '../keys/local-bridge-secrets';
import { runWhereUsedCli } from './run-where-used-cli';

function io(status = 200) {
  const out: string[] = [];
  const err: string[] = [];
  const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch = (async (url: string, init: { headers: Record<string, string>; body: string }) => {
    sent.push({ url, headers: init.headers, body: init.body });
    return new Response(JSON.stringify({ specId: 'SHAFT-1042', pages: [] }), { status });
  }) as unknown as typeof globalThis.fetch;
  return { out, err, sent, io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line), env: { PORT: '4100' }, fetch } };
}

test('without --url it asks the local dev server, signed with the local query secret, and prints the answer', async () => {
  const t = io();
  expect(await runWhereUsedCli(['shaft-1042', '--limit', '5'], t.io)).toBe(0);
  const [request] = t.sent;
  expect(request?.url).toBe('http://127.0.0.1:4100/x/where-used-query');
  expect(JSON.parse(request?.body ?? '')).toEqual({ query: 'pagesShowingSpec', specId: 'SHAFT-1042', limit: 5 });
  expect(() => new Webhook(LOCAL_QUERY_SECRET).verify(request?.body ?? '', request?.headers ?? {})).not.toThrow();
  expect(t.out.join('\n')).toContain('"pages": []');
});

test('a URL off this machine needs its own secret; a refused query exits 1', async () => {
  const t = io();
  expect(await runWhereUsedCli(['--url', 'https://example.com/x/where-used-query', 'SHAFT-1042'], t.io)).toBe(2);
  expect(t.sent).toHaveLength(0);
  const refused = io(401);
  expect(await runWhereUsedCli(['--page', '65537'], refused.io)).toBe(1);
  expect(JSON.parse(refused.sent[0]?.body ?? '')).toEqual({ query: 'macroOnPage', pageId: '65537' });
});
