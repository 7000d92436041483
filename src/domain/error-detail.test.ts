import { expect, test } from 'vitest';
import { errorDetail } from './error-detail';

test('an error is logged with its name, message, code, stack and cause chain', () => {
  const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  const error = new TypeError('could not read the snapshot', { cause: root });

  const { error: logged } = errorDetail(error);

  expect(logged).toMatchObject({ name: 'TypeError', message: 'could not read the snapshot', cause: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' } });
  expect(logged.stack?.[0]).toMatch(/error-detail\.test\.ts/);
  expect(logged.cause?.stack?.length).toBeGreaterThan(0);
});

test('a long message, a deep stack and a long cause chain are bounded', () => {
  let error: Error = new Error('x'.repeat(5_000));
  for (let i = 0; i < 10; i += 1) error = new Error(`level ${i}`, { cause: error });
  error.stack = ['Error: level 9', ...Array.from({ length: 50 }, (_, i) => `    at frame${i} (file.ts:${i}:1)`)].join('\n');

  const { error: logged } = errorDetail(error);

  expect(logged.stack).toHaveLength(12);
  let depth = 0;
  for (let c = logged.cause; c; c = c.cause) depth += 1;
  expect(depth).toBe(3);
  expect(JSON.stringify(errorDetail(new Error('y'.repeat(5_000)))).length).toBeLessThan(4_000);
});

test('a thrown non-error is logged as its text', () => {
  expect(errorDetail('KVS said no')).toEqual({ error: { message: 'KVS said no' } });
});
