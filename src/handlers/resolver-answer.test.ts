import { expect, test } from 'vitest';
import type { Logger } from '../domain/ports';
import { AppError, ConfigError } from '../errors';
import { answerFailuresHonestly, RESOLVER_FAILED } from './resolver-answer';

function recordingLogger() {
  const lines: { level: string; message: string; detail?: Record<string, unknown> }[] = [];
  const log: Logger = {
    info: (message, detail) => lines.push({ level: 'info', message, detail }),
    warn: (message, detail) => lines.push({ level: 'warn', message, detail }),
    error: (message, detail) => lines.push({ level: 'error', message, detail }),
  };
  return { log, lines };
}

test('an unexpected failure fails the invocation with one fixed sentence, and is logged with its stack and cause', async () => {
  const { log, lines } = recordingLogger();
  const answer = answerFailuresHonestly(log);
  const failure = new TypeError("Cannot read properties of undefined (reading 'specs') at kvs-7.internal", { cause: new Error('socket hang up') });

  const outcome = answer(() => Promise.reject(failure));

  await expect(outcome).rejects.toThrow(new AppError('internal', RESOLVER_FAILED));
  await outcome.catch((error: unknown) => expect(String(error)).not.toContain('kvs-7.internal'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'error', message: 'resolver failed', detail: { error: { name: 'TypeError', cause: { message: 'socket hang up' } } } });
  expect((lines[0]?.detail?.error as { stack?: string[] }).stack?.length).toBeGreaterThan(0);
});

test('a configuration error is answered as a value that says what to fix, and logged as an error', async () => {
  const { log, lines } = recordingLogger();

  const result = await answerFailuresHonestly(log)(() => Promise.reject(new ConfigError('ENG_API_TOKEN is not set')));

  expect(result).toEqual({ ok: false, code: 'unavailable', message: 'Spec Bridge is not configured on this site: ENG_API_TOKEN is not set' });
  expect(lines).toEqual([{ level: 'error', message: 'configuration problem: the macro cannot load until it is fixed', detail: { problem: 'ENG_API_TOKEN is not set' } }]);
});

test('an answer passes through untouched and logs nothing', async () => {
  const { log, lines } = recordingLogger();

  expect(await answerFailuresHonestly(log)(async () => ({ ok: true, value: 1 }))).toEqual({ ok: true, value: 1 });
  expect(lines).toEqual([]);
});
