import { afterAll, beforeAll, expect, it, test } from 'vitest';
import { LOCAL_WEBHOOK_SECRET } from '../keys/local-webhook-secret';
import { NOTIFY_USAGE, runNotifyCli, SECRET_ENV, type NotifyCliIo } from './run-notify-cli';
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

function makeIo(env: Record<string, string> = {}): NotifyCliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
}

test('sends the listed specs as an update and exits 0 on 202', async () => {
  const io = makeIo();
  const before = server.queued.length;

  const code = await runNotifyCli(['--url', server.url, '--secret', SECRET, 'S-100', 's-101'], io);

  expect(code).toBe(0);
  expect(io.out[0]).toMatch(/^HTTP 202 /);
  expect(server.queued.slice(before)[0]?.[0]).toMatchObject({ type: 'spec.updated', specIds: ['S-100', 'S-101'] });
});

test('sends a deletion with --deleted and reads the secret from the environment', async () => {
  const io = makeIo({ [SECRET_ENV]: SECRET });
  const before = server.queued.length;

  const code = await runNotifyCli(['--url', server.url, '--deleted', 'S-9'], io);

  expect(code).toBe(0);
  expect(server.queued.slice(before)[0]?.[0]).toMatchObject({ type: 'spec.deleted', specIds: ['S-9'] });
});

test('exits 1 and prints the answer when the trigger refuses the notice', async () => {
  const io = makeIo();

  const code = await runNotifyCli(['--url', server.url, '--secret', OTHER, 'S-1'], io);

  expect(code).toBe(1);
  expect(io.err[0]).toContain('HTTP 401');
});

test('exits 1 with a clear message when the trigger cannot be reached', async () => {
  const io = makeIo();
  const fetchThatFails: typeof fetch = async () => {
    throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
  };

  const code = await runNotifyCli(['--url', 'http://127.0.0.1:1/x', '--secret', SECRET, 'S-1'], { ...io, fetch: fetchThatFails });

  expect(code).toBe(1);
  expect(io.err[0]).toBe('notify: could not reach http://127.0.0.1:1/x: fetch failed: connect ECONNREFUSED 127.0.0.1:1');
});

test('prints the usage with --help and exits 0', async () => {
  const io = makeIo();

  const code = await runNotifyCli(['--help'], io);

  expect(code).toBe(0);
  expect(io.out).toEqual([NOTIFY_USAGE]);
});

it.each([
  ['a URL that is not http', ['--url', 'ftp://host/x', '--secret', SECRET, 'S-1'], '--url must be an http(s) URL'],
  ['no secret for a URL not on this machine', ['--url', 'https://example.atlassian-dev.net/x1/abc', 'S-1'], '--secret is required'],
  ['a secret that is not whsec_ base64', ['--url', 'http://127.0.0.1/x', '--secret', 'hunter2!', 'S-1'], 'whsec_<base64>'],
  ['no spec ids', ['--url', 'http://127.0.0.1/x', '--secret', SECRET], 'at least one spec id'],
  ['a malformed spec id', ['--url', 'http://127.0.0.1/x', '--secret', SECRET, 'S-1', 'S1'], 'Not spec ids: S1'],
  ['an unknown option', ['--url', 'http://127.0.0.1/x', '--secret', SECRET, '--force', 'S-1'], "Unknown option '--force'"],
])('exits 2 with a usage error for %s', async (_name, argv, message) => {
  const io = makeIo();

  const code = await runNotifyCli(argv, io);

  expect(code).toBe(2);
  expect(io.err[0]).toContain(message);
  expect(io.err[0]).toContain('Usage: npm run notify');
});

test('with no --url or --secret it sends to the local dev server with the local development secret', async () => {
  const local = await startVerificationServer({ secrets: [LOCAL_WEBHOOK_SECRET] });
  try {
    const io = makeIo({ PORT: new URL(local.url).port });
    const sentTo: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      sentTo.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      // The verification server answers on any path; the request still goes to the default URL's port.
      return fetch(input, init);
    };

    const code = await runNotifyCli(['SHAFT-1042'], { ...io, fetch: recordingFetch });

    expect(code).toBe(0);
    expect(sentTo).toEqual([`http://127.0.0.1:${new URL(local.url).port}/x/spec-change-notice`]);
    expect(local.queued.flat()).toEqual([expect.objectContaining({ type: 'spec.updated', specIds: ['SHAFT-1042'] })]);
    expect(io.out[0]).toContain('signed with the local development secret');
  } finally {
    await local.close();
  }
});

test('the local development secret is never the default for a URL off this machine', async () => {
  const io = makeIo();
  const fetchThatMustNotRun: typeof fetch = () => Promise.reject(new Error('must not send'));

  const code = await runNotifyCli(['--url', 'https://example.atlassian-dev.net/x1/abc', 'S-1'], { ...io, fetch: fetchThatMustNotRun });

  expect(code).toBe(2);
  expect(io.err[0]).toContain('--secret is required for a URL not on this machine');
});

test('an explicit secret wins over the local default for a local URL', async () => {
  const io = makeIo();

  const code = await runNotifyCli(['--url', server.url, '--secret', SECRET, 'S-1'], io);

  expect(code).toBe(0);
  expect(io.out.join('\n')).not.toContain('local development secret');
});

test('when the local dev server is not running it says so', async () => {
  const io = makeIo({ PORT: '1' });
  const fetchThatFails: typeof fetch = async () => {
    throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
  };

  const code = await runNotifyCli(['S-1'], { ...io, fetch: fetchThatFails });

  expect(code).toBe(1);
  expect(io.err.join('\n')).toContain('is `npm run dev` running?');
});
