import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import { REALTIME_TOKEN_LIFETIME_SECONDS } from '../../local/platform/realtime-service';

/**
 * `signRealtimeToken` through the real, unmodified @forge/realtime against the local platform:
 * Forge documents the result as `{ token, expiresAt }` with `expiresAt` in epoch seconds (a number).
 */
const manifest = `
modules:
  function:
    - { key: signer, handler: index.signer }
app:
  id: ari:cloud:ecosystem::app/22222222-2222-4222-8222-222222222222
  runtime: { name: nodejs24.x }
permissions:
  scopes: [storage:app]
`;

let platform: LocalPlatform;

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-realtime-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, queue: { autoStart: false } });
  const { signRealtimeToken } = await import('@forge/realtime');
  platform.loadApp(
    appFromExports({ signer: (claims: Record<string, unknown>) => signRealtimeToken('spec-changes', claims, ['subscribe']) }, { kind: 'stand-in', name: 'token signer' }),
  );
  return () => platform.close();
});

test('signRealtimeToken answers expiresAt as a number of epoch seconds, one token lifetime ahead', async () => {
  const before = Math.floor(Date.now() / 1000);

  const result = (await platform.invokeFunction('signer', [{ app: 'test' }])) as { token: unknown; expiresAt: unknown; errors?: unknown };

  const after = Math.ceil(Date.now() / 1000);
  expect(result.errors).toBeUndefined();
  expect(result.token).toEqual(expect.any(String));
  expect(typeof result.expiresAt).toBe('number');
  expect(Number.isInteger(result.expiresAt)).toBe(true);
  expect(result.expiresAt).toBeGreaterThanOrEqual(before + REALTIME_TOKEN_LIFETIME_SECONDS);
  expect(result.expiresAt).toBeLessThanOrEqual(after + REALTIME_TOKEN_LIFETIME_SECONDS);
});

test('expiresAt is the exp claim of the token it belongs to, and each signing is counted', async () => {
  const before = platform.counters.get('realtime.tokensSigned');

  const result = (await platform.invokeFunction('signer', [{ app: 'test' }])) as { token: string; expiresAt: number };

  const claims = JSON.parse(Buffer.from(result.token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  expect(result.expiresAt).toBe(claims.exp);
  expect(platform.counters.get('realtime.tokensSigned') - before).toBe(1);
});
