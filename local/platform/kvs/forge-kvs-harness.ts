import type { DatabaseSync } from 'node:sqlite';
import { ManualClock } from '../clock';
import { Counters } from '../counters';
import { FaultPlan } from '../faults';
import type { PlatformService } from '../service';
import { openStore } from '../store';
import { createKvsService } from './kvs-service';

/** Test harness: the real `@forge/kvs` package talking to the emulated KVS through `__forge_fetch__`. */
export interface KvsTestPlatform {
  db: DatabaseSync;
  clock: ManualClock;
  faults: FaultPlan;
  counters: Counters;
  service: PlatformService;
}

/** What the package passed to `__forge_fetch__` on its latest call. */
export interface ForgeFetchCall {
  target: unknown;
  path: string;
  method: string | undefined;
}

let served: PlatformService | undefined;
let lastCall: ForgeFetchCall | undefined;

/**
 * Installs the globals `@forge/kvs` reads, then imports it. Only `__forge_fetch__` is needed (looked
 * up per call); `__forge_runtime__` is read at import time and only switches transport when it has
 * `kvs.{url,host}`, so it is installed without them.
 */
export async function importForgeKvs(): Promise<typeof import('@forge/kvs')> {
  const g = globalThis as Record<string, unknown>;
  g.__forge_runtime__ ??= {
    proxy: { token: 't', url: 'http://proxy' },
    tracing: { traceId: 'trace', spanId: 'span' },
    appContext: { appId: 'app', environmentId: 'env', installationId: 'install', invocationId: 'inv' },
  };
  g.__forge_fetch__ = async (target: unknown, path: string, init?: RequestInit) => {
    lastCall = { target, path, method: init?.method };
    if (!served) throw new Error('No KVS service is being served');
    return served.handle({
      method: init?.method ?? 'GET',
      path,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : '',
      principal: { kind: 'app' },
    });
  };
  return import('@forge/kvs');
}

/** Starts a KVS service on `path` (default a fresh in-memory store) and routes `__forge_fetch__` to it. */
export function serveKvs(path = ':memory:', clock = new ManualClock(), options: { lazyExpiry?: boolean } = {}): KvsTestPlatform {
  const db = openStore(path);
  const faults = new FaultPlan(1);
  const counters = new Counters();
  const service = createKvsService({ db, clock, faults, counters, lazyExpiry: options.lazyExpiry });
  served = service;
  return { db, clock, faults, counters, service };
}

/** The latest `__forge_fetch__` call the package made. */
export function lastForgeFetch(): ForgeFetchCall | undefined {
  return lastCall;
}

/** What a rejected KVS call threw, loosely typed for assertions. */
export type Rejection = { code?: string; message: string; name: string } & Record<string, unknown>;

/** Catches what `promise` rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Rejection> {
  try {
    await promise;
  } catch (error) {
    return error as Rejection;
  }
  throw new Error('Expected the promise to reject');
}
