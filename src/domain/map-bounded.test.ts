import { expect, test } from 'vitest';
import { mapBounded } from './map-bounded';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('runs at most `limit` calls at once and answers in input order', async () => {
  let running = 0;
  let most = 0;
  const answers = await mapBounded(Array.from({ length: 40 }, (_, i) => i), 6, async (n) => {
    running += 1;
    most = Math.max(most, running);
    for (let i = 0; i < (n % 3) + 1; i += 1) await tick();
    running -= 1;
    return n * 2;
  });

  expect(most).toBe(6);
  expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
});

test('rejects with the first error after the calls already running end, and starts no new ones', async () => {
  const started: number[] = [];
  const outcome = mapBounded([0, 1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
    started.push(n);
    if (n === 0) throw new Error('call 0 failed');
    await tick();
    return n;
  });

  await expect(outcome).rejects.toThrow('call 0 failed');
  expect(started).toEqual([0, 1]);
});
