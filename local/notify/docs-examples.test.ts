import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startVerificationServer, type VerificationServer } from './verification-server';

// The copy-paste examples in docs/change-notices.md, run as written against the real handler on loopback.
const run = promisify(execFile);
const DOC = readFileSync(join(import.meta.dirname, '../../docs/change-notices.md'), 'utf8');
// Key bytes that include 0x00 and 0xff, which break naive "key as text" implementations.
const SECRET = `whsec_${Buffer.from([0, 255, 1, 254, ...Buffer.from('spec-bridge-docs-example-key')]).toString('base64')}`;
const WRONG = `whsec_${Buffer.from('a-secret-the-trigger-does-not-know').toString('base64')}`;

let server: VerificationServer;
let dir: string;

beforeAll(async () => {
  server = await startVerificationServer({ secrets: [SECRET] });
  dir = mkdtempSync(join(tmpdir(), 'change-notice-examples-'));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function example(name: string, language: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!match?.[1]) throw new Error(`docs/change-notices.md has no "${name}" ${language} example`);
  return match[1];
}

async function runExample(command: string, file: string, secret: string) {
  const env = { ...process.env, WEBTRIGGER_URL: server.url, WEBHOOK_SECRET: secret };
  return run(command, [file], { env, timeout: 20_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
}

it.each([
  ['curl', 'bash', 'bash', 'example.sh'],
  ['python', 'python', 'python3', 'example.py'],
])('the %s example sends a notice the web trigger accepts, and fails with the wrong secret', async (name, language, command, fileName) => {
  const file = join(dir, fileName);
  writeFileSync(file, example(name, language));
  const before = server.queued.length;

  const accepted = await runExample(command, file, SECRET);
  const refused = await runExample(command, file, WRONG);

  expect(accepted.code).toBe(0);
  expect(accepted.stdout).toContain('{"accepted":true,"queued":1,"specIds":2}');
  expect(server.queued.slice(before).flat()).toEqual([
    expect.objectContaining({ type: 'spec.updated', specIds: ['S-100', 'S-101'] }),
  ]);
  expect(refused.code).not.toBe(0);
  expect(refused.stdout).toContain('{"error":"unauthorized"}');
});
