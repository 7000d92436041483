/**
 * The latency the benchmark injects so the local platform resembles production: a remote
 * engineering API, Forge KVS and Confluence REST calls, and the real queue delays.
 */
import type { FaultPlan } from '../platform/faults';

/** Injected latencies (ms) and queue settings; all zero in quick mode. */
export interface LatencyModel {
  engineeringMs: number;
  engineeringJitterMs: number;
  kvsMs: number;
  confluenceMs: number;
  /**
   * A queue push and a realtime publish: calls from the function to Forge's events and realtime APIs. No published
   * figure; taken as a KVS call's (an assumption, like kvsMs).
   */
  queuePushMs: number;
  realtimeMs: number;
  /** Multiplier on every queue delay (1 = real time, so the app's 2 s coalescing delay is 2 s). */
  queueTimeScale: number;
  /** Consumer invocations the local queue runs at once. */
  queueConcurrency: number;
  /** The app's own delay before a notice's refresh is delivered (src/handlers/change-notice-entry.ts). */
  noticeCoalesceSeconds: number;
}

/** The production-like model of a full run. */
export const PRODUCTION_LIKE: LatencyModel = {
  engineeringMs: 150,
  engineeringJitterMs: 50,
  kvsMs: 15,
  confluenceMs: 60,
  queuePushMs: 15,
  realtimeMs: 15,
  queueTimeScale: 1,
  queueConcurrency: 8,
  noticeCoalesceSeconds: 2,
};

/** `--quick`: no injected latency and a fast queue; for the smoke test, not for numbers. */
export const NO_LATENCY: LatencyModel = {
  engineeringMs: 0,
  engineeringJitterMs: 0,
  kvsMs: 0,
  confluenceMs: 0,
  queuePushMs: 0,
  realtimeMs: 0,
  queueTimeScale: 0.001,
  queueConcurrency: 8,
  noticeCoalesceSeconds: 2,
};

/** Adds the model's latency rules to the platform's and the engineering system's fault plans. */
export function applyLatency(model: LatencyModel, platformFaults: FaultPlan, engineeringFaults: FaultPlan): void {
  if (model.engineeringMs > 0) engineeringFaults.add({ service: 'engineering', latencyMs: model.engineeringMs, jitterMs: model.engineeringJitterMs });
  if (model.kvsMs > 0) platformFaults.add({ service: 'kvs', latencyMs: model.kvsMs });
  if (model.confluenceMs > 0) platformFaults.add({ service: 'confluence', latencyMs: model.confluenceMs });
  if (model.queuePushMs > 0) platformFaults.add({ service: 'queue', operation: 'push', latencyMs: model.queuePushMs });
  if (model.realtimeMs > 0) platformFaults.add({ service: 'realtime', latencyMs: model.realtimeMs });
}

/** One line describing the model, for the table output. */
export function describeLatency(model: LatencyModel): string {
  if (model.engineeringMs === 0 && model.kvsMs === 0 && model.confluenceMs === 0 && model.queuePushMs === 0 && model.realtimeMs === 0) return 'no injected latency (--quick)';
  return [
    `engineering API ${model.engineeringMs} ms ± ${model.engineeringJitterMs} ms`,
    `KVS ${model.kvsMs} ms`,
    `Confluence ${model.confluenceMs} ms`,
    `queue push ${model.queuePushMs} ms`,
    `realtime ${model.realtimeMs} ms`,
    `queue timeScale ${model.queueTimeScale} + ${model.noticeCoalesceSeconds} s coalescing delay, ${model.queueConcurrency} consumers`,
  ].join(', ');
}
