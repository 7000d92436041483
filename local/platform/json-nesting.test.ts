import { expect, test } from 'vitest';
import { nestsDeeperThan } from './json-nesting';

test('counts arrays and objects opened inside each other against the limit', () => {
  expect(nestsDeeperThan('[[{"a":[1]}]]', 4)).toBe(false);
  expect(nestsDeeperThan('[[{"a":[[1]]}]]', 4)).toBe(true);
  expect(nestsDeeperThan('[[],[],[],[],[]]', 2)).toBe(false);
});

test('ignores brackets inside strings, escaped quotes included', () => {
  expect(nestsDeeperThan(`{"text":"${'[{'.repeat(50)}","quoted":"\\"[[[[[\\\\"}`, 1)).toBe(false);
});
