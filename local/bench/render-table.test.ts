import { expect, test } from 'vitest';
import { faster, fewer, stormTimeline } from './render-table';

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

test('the push storm timeline lists its moments in the order they happened', () => {
  const rows = stormTimeline({ lastNoticeAnsweredMs: 2100, convergedAfterFirstNoticeMs: 37_800, convergedAfterLastNoticeMs: 35_700 });

  expect(rows).toEqual([
    ['timeline: first notice sent', '0.0 s'],
    ['… last notice answered', '2.1 s'],
    ['… every snapshot current', '37.8 s (35.7 s after the last notice)'],
  ]);
  const times = rows.map(([, at]) => Number.parseFloat(at!));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(stormTimeline({ lastNoticeAnsweredMs: 2100, convergedAfterFirstNoticeMs: null, convergedAfterLastNoticeMs: null })[2]).toEqual(['… every snapshot current', 'never (timeout)']);
});
