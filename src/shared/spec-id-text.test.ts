import { expect, it } from 'vitest';
import { idMinWidth } from './spec-id-text';

// Widths measured in Chromium's body font (test/support/browser.ts), in em; the estimate must never be narrower.
it.each([
  ['SHAFT-1042', 5.59],
  ['BOLT-2001', 5.11],
  ['WWWWWWWWWW-88888888', 14.13],
  ['MMMMMMMMMM-00000000', 13.89],
  ['IIIII-11111', 4.58],
  ['A-1', 1.53],
])('the minimum width of %s holds its measured %s em', (id, measured) => {
  const width = Number(idMinWidth(id).replace(/em$/, ''));

  expect(width).toBeGreaterThanOrEqual(measured);
  expect(width).toBeLessThan(measured * 1.6);
});
