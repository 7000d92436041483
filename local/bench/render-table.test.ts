import { expect, test } from 'vitest';
import { faster, fewer } from './render-table';

test('ratios say which way they go instead of printing numbers below 1×', () => {
  expect(fewer(10, 3000)).toBe('300× fewer');
  expect(fewer(30, 10)).toBe('3× more');
  expect(fewer(0, 3000)).toBe('none at all');
  expect(fewer(5, 0)).toBe('5 more');
  expect(fewer(7, 7)).toBe('same');
  expect(faster(302.8, 1353.6)).toBe('4.5× faster p50');
  expect(faster(404, 182.7)).toBe('2.2× slower p50');
  expect(faster(0, 10)).toBe('—');
});
