/** Makes a test file fail on React warnings (duplicate keys, bad props, updates after unmount…). */
import type { MockInstance } from 'vitest';
import { afterEach, beforeEach, expect, vi } from 'vitest';

/** Registers hooks that spy on console.error and expect no "Warning:" lines per test. */
export function failOnReactWarnings(): void {
  let spy: MockInstance<(...args: unknown[]) => void> | undefined;
  beforeEach(() => {
    spy = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    const warnings = (spy?.mock.calls ?? []).map((args) => String(args[0])).filter((m) => m.startsWith('Warning:'));
    spy?.mockRestore();
    expect(warnings).toEqual([]);
  });
}
