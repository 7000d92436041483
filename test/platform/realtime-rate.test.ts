import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../local/platform/clock';
import { appFromExports } from '../../local/platform/loaded-app';
import { createLocalPlatform, type LocalPlatform } from '../../local/platform/platform';
import { DEFAULT_REALTIME_OPERATIONS_PER_SECOND } from '../../local/platform/realtime-rate';

/** Realtime's per-installation limit on operations per second (publish, subscribe, token signing), through the real @forge/realtime. */
const manifest = `
modules:
  function:
    - { key: publish-burst, handler: index.publishBurst }
    - { key: sign-then-publish, handler: index.signThenPublish }
app:
  id: ari:cloud:ecosystem::app/44444444-4444-4444-8444-444444444444
  runtime: { name: nodejs24.x }
`;

const clock = new ManualClock(Date.parse('2026-03-02T12:00:00.000Z'));
let platform: LocalPlatform;

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'spec-bridge-realtime-rate-'));
  writeFileSync(join(appDir, 'manifest.yml'), manifest);
  platform = createLocalPlatform({ appDir, clock, queue: { autoStart: false }, realtime: { operationsPerSecond: 3 } });
  const realtime = await import('@forge/realtime');
  platform.loadApp(
    appFromExports(
      {
        async signThenPublish() {
          const signed = await realtime.signRealtimeToken('burst', { purpose: 'rate' }, ['publish']);
          const published = await realtime.publish('burst', { i: 0 });
          return [signed.token ? 'signed' : 'refused', (published.errors?.[0] as { message?: string } | undefined)?.message ?? 'ok'];
        },
        async publishBurst(count: number) {
          const results = [];
          for (let i = 0; i < count; i++) results.push(await realtime.publish('burst', { i }));
          return results.map((result) => (result.errors?.[0] as { message?: string } | undefined)?.message ?? 'ok');
        },
      },
      { kind: 'stand-in', name: 'realtime rate handlers' },
    ),
  );
});

afterAll(() => platform.close());

test('realtime allows 50 operations per second per installation by default', () => {
  expect(DEFAULT_REALTIME_OPERATIONS_PER_SECOND).toBe(50);
});

test('publishes past the per-second limit fail with RATE_LIMIT_EXCEEDED, subscribes use the same budget, and the next second is fresh', async () => {
  const unsubscribe = platform.realtime.subscribe({ channel: 'burst', isGlobal: false, listener: () => undefined });

  const sameSecond = await platform.invokeFunction('publish-burst', [3]);
  clock.advance(1000);
  const nextSecond = await platform.invokeFunction('publish-burst', [3]);
  unsubscribe();

  expect(sameSecond).toEqual(['ok', 'ok', 'RATE_LIMIT_EXCEEDED']);
  expect(nextSecond).toEqual(['ok', 'ok', 'ok']);
  expect(platform.counters.get('realtime.rateLimited')).toBe(1);
});

test('signing a token is one of the same operations: with two left in a second, a sign and a publish take them', async () => {
  clock.advance(5000);
  const unsubscribe = platform.realtime.subscribe({ channel: 'burst', isGlobal: false, listener: () => undefined });

  const first = await platform.invokeFunction('sign-then-publish', []);
  const second = await platform.invokeFunction('sign-then-publish', []);
  unsubscribe();

  expect(first).toEqual(['signed', 'ok']);
  expect(second).toEqual(['refused', 'RATE_LIMIT_EXCEEDED']);
});
