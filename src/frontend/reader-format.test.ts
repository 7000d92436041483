import { expect, test } from 'vitest';
import { keepTogether, localizeNumbers } from './reader-format';

/** Where a browser may break a line inside plain text: after an ordinary space, an en dash or a slash. */
const BREAKABLE = /[ \u2013/](?!\u2060)/g;

test('a value keeps its numbers, dash, deviations and unit on one line', () => {
  for (const value of ['24.987–25.000 mm', '25.000 ± 0.005 mm', '12.000 +0.018/−0.000 mm', '−5.0 to 5.0 V', '4.75–5.25 V']) {
    const kept = keepTogether(value);

    expect(kept.match(BREAKABLE)).toBeNull();
    expect(kept.replace(/\u00A0/g, ' ').replace(/\u2060/g, '')).toBe(value);
  }
});

test('a nominal with its limits may wrap between the two values, never inside one', () => {
  const kept = keepTogether('40 mm (39.5–40.5 mm)');

  expect(kept.match(BREAKABLE)).toEqual([' ']);
  expect(kept.split(' (')).toEqual(['40\u00A0mm', '39.5–\u206040.5\u00A0mm)']);
});

test("the reader's decimal mark and the no-break rules apply together", () => {
  expect(localizeNumbers('25.000 ± 0.005 mm', { locale: 'de-DE' })).toBe('25,000\u00A0±\u00A00,005\u00A0mm');
});
