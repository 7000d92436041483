import { afterEach, expect, test } from 'vitest';
import { VirtualClock } from './ttl-sweep';

const clock = new VirtualClock();
afterEach(() => clock.uninstall());

test('the virtual clock moves Date.now() and new Date() forward together, never back, and leaves explicit dates alone', () => {
  const RealDate = Date;
  const before = Date.now();
  clock.install();
  clock.advanceTo(before + 3_600_000);

  expect(Date.now() - before).toBeGreaterThanOrEqual(3_600_000);
  expect(Date.now() - before).toBeLessThan(3_660_000);
  expect(new Date().getTime() - before).toBeGreaterThanOrEqual(3_600_000);
  expect(new Date('2026-01-01T00:00:00Z').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  expect(new Date(0).getTime()).toBe(0);
  const later = Date.now();
  clock.advanceTo(before);
  expect(Date.now()).toBeGreaterThanOrEqual(later);

  clock.uninstall();
  expect(Date).toBe(RealDate);
  expect(Date.now() - before).toBeLessThan(60_000);
});
