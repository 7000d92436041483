/**
 * The manifest's memory and timeout against what the functions need. Memory: `test/forge/memory-measured.json`,
 * written by `npx tsx local/bench/memory.ts --write-fixture` (each function's worst realistic case in a fresh
 * process; the required memoryMB is the estimated need times the headroom it records). Timeout: the refresh
 * consumer's own internal budget, computed from the app's exported constants, and the measured worst duration.
 * Run the measurement again after a change that could make a function need more memory, and commit the fixture.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { loadManifest } from '../../local/platform/manifest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../src/engineering/retry-policy';
import { CONFLUENCE_CONCURRENCY, MACROS_PER_DELIVERY } from '../../src/pipeline/apply-change';
import { DEFAULT_POLICY } from '../../src/pipeline/pipeline-deps';

const APP_DIR = resolve(__dirname, '../..');
const manifest = loadManifest(resolve(APP_DIR, 'manifest.yml'), {});

interface MeasuredFunction {
  worstScenario: string;
  estimatedNeedMB: number;
  requiredMemoryMB: number;
  worstDurationMs: number;
}
const measured = JSON.parse(readFileSync(resolve(__dirname, 'memory-measured.json'), 'utf8')) as {
  headroom: number;
  bundle: { bundleRssMB: number };
  perFunction: Record<string, MeasuredFunction>;
  scenarios: { scenario: string; functionKey: string | null; invocations: { functionKey: string; durationMs: number }[] }[];
};

/** Documented range of memoryMB (the schema allows up to 4096, the limits page says 1,024 MB). */
const MEMORY_RANGE_MB = [128, 1024] as const;
/** Confluence calls a macro of the push path makes: the page body, the snapshot property read and its write. */
const CONFLUENCE_CALLS_PER_MACRO = 3;
/**
 * A slow Confluence call the consumer must still finish a slice with: 1 s, about 16× the benchmark's 60 ms.
 * Slower than that for a whole slice, the delivery times out and the slice is redelivered.
 */
const SLOW_CONFLUENCE_CALL_MS = 1_000;
/** How many times the measured duration of a typical fan-out (100 macros, typical records) the timeout must cover. */
const TYPICAL_DURATION_HEADROOM = 3;

/** The longest one engineering read may take: every attempt at the request timeout plus the largest backoffs between them. */
function engineeringReadWorstMs(): number {
  let backoff = 0;
  for (let retry = 1; retry < DEFAULT_MAX_ATTEMPTS; retry += 1) backoff += Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  return DEFAULT_MAX_ATTEMPTS * DEFAULT_REQUEST_TIMEOUT_MS + backoff;
}

/** A change notice's delivery: one engineering read, waiting for another invocation's fetch, then one slice's Confluence calls. */
function consumerInternalWorstMs(): number {
  const rounds = Math.ceil(MACROS_PER_DELIVERY / CONFLUENCE_CONCURRENCY);
  return engineeringReadWorstMs() + DEFAULT_POLICY.followerWaitMs + rounds * CONFLUENCE_CALLS_PER_MACRO * SLOW_CONFLUENCE_CALL_MS;
}

test('the measurement covers every function of the manifest', () => {
  expect(Object.keys(measured.perFunction).sort()).toEqual([...manifest.functions.keys()].sort());
});

test.each([...manifest.functions.keys()])('%s has at least the measured memory need times the headroom, within the documented range', (key) => {
  const memoryMB = manifest.functions.get(key)?.memoryMB as number;
  const need = measured.perFunction[key] as MeasuredFunction;
  expect(measured.headroom).toBeGreaterThanOrEqual(1.5);
  expect(need.requiredMemoryMB).toBeGreaterThanOrEqual(Math.ceil(need.estimatedNeedMB * measured.headroom));
  expect(memoryMB, `${key}: worst case ${need.worstScenario} needs about ${need.estimatedNeedMB} MB`).toBeGreaterThanOrEqual(need.requiredMemoryMB);
  expect(memoryMB).toBeGreaterThanOrEqual(MEMORY_RANGE_MB[0]);
  expect(memoryMB).toBeLessThanOrEqual(MEMORY_RANGE_MB[1]);
});

test("the refresh consumer's timeout covers its own internal worst case and the measured durations", () => {
  const key = manifest.consumers[0]?.functionKey ?? '';
  const timeoutSeconds = manifest.functions.get(key)?.timeoutSeconds;
  expect(timeoutSeconds, 'the consumer needs more than the 55 s default').toBeDefined();
  const timeoutMs = (timeoutSeconds as number) * 1000;
  const typical = measured.scenarios.find((row) => row.scenario === 'consumer-fanout-typical')?.invocations.filter((i) => i.functionKey === key) ?? [];
  expect(typical.length).toBeGreaterThan(0);
  expect(timeoutMs).toBeGreaterThanOrEqual(consumerInternalWorstMs());
  expect(timeoutMs).toBeGreaterThanOrEqual(Math.max(...typical.map((i) => i.durationMs)) * TYPICAL_DURATION_HEADROOM);
  // The slowest delivery measured (every scenario that sizes the function) must at least fit.
  expect(timeoutMs).toBeGreaterThan(measured.perFunction[key]?.worstDurationMs ?? Infinity);
});

test("no fetch lease can end while the consumer holding it may still run (fetchLeaseSeconds: remaining + 5 s, at most leaseSeconds)", () => {
  for (const [key, fn] of manifest.functions) {
    if (fn.timeoutSeconds !== undefined) expect(fn.timeoutSeconds + 5, key).toBeLessThanOrEqual(DEFAULT_POLICY.leaseSeconds);
  }
});
