import { expect, test } from 'vitest';
import { MEMORY_HEADROOM, perFunction } from './memory';

const row = (scenario: string, functionKey: string | null, estimatedNeedMB: number, durations: number[]) => ({
  scenario: scenario as Parameters<typeof perFunction>[0][number]['scenario'],
  functionKey,
  estimatedNeedMB,
  peakHeapMB: estimatedNeedMB / 2,
  invocations: durations.map((durationMs) => ({ functionKey: functionKey ?? '', durationMs, failed: false, confluenceRequests: 0 })),
});

test('each function is sized by its worst scenario that sizes memory, times the headroom; the unbounded fan-out is left out', () => {
  const sized = perFunction(
    [
      row('runtime-idle', null, 59, []),
      row('resolver-cold-table', 'resolver', 170.4, [3400]),
      row('resolver-cold-card', 'resolver', 168, [3300]),
      row('consumer-fanout-typical', 'refresh-consumer', 80, [5000]),
      row('consumer-fanout-shared', 'refresh-consumer', 274.3, [112_000]),
      row('consumer-fanout-distinct', 'refresh-consumer', 1225, [400_000]),
      row('adf-export', 'adf-export', 40, [150]),
    ],
    59,
  );

  expect(sized.resolver).toMatchObject({ worstScenario: 'resolver-cold-table', estimatedNeedMB: 170.4, requiredMemoryMB: Math.ceil(170.4 * MEMORY_HEADROOM), worstDurationMs: 3400 });
  expect(sized['refresh-consumer']).toMatchObject({ worstScenario: 'consumer-fanout-shared', requiredMemoryMB: Math.ceil(274.3 * MEMORY_HEADROOM), worstDurationMs: 112_000 });
  // Never below the idle bundle times the headroom.
  expect(sized['adf-export']?.requiredMemoryMB).toBe(Math.ceil(59 * MEMORY_HEADROOM));
  expect(Object.keys(sized).sort()).toEqual(['adf-export', 'refresh-consumer', 'resolver']);
});
