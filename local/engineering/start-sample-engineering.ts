/**
 * Starts the sample engineering system on a loopback port with a manual clock, a fault plan and
 * counters: the fixture for tests that need a real engineering endpoint.
 */
import type { DatabaseSync } from 'node:sqlite';
import { ManualClock } from '../platform/clock';
import { Counters } from '../platform/counters';
import { FaultPlan } from '../platform/faults';
import { openStore } from '../platform/store';
import { startEngineeringServer, type EngineeringServer } from './engineering-server';
import { createEngineeringSystem, type EngineeringSystem } from './engineering-system';

/** A started sample system with the test doubles it was built with. */
export interface SampleEngineering {
  system: EngineeringSystem;
  server: EngineeringServer;
  /** ENG_API_BASE_URL for clients. */
  baseUrl: string;
  token: string;
  db: DatabaseSync;
  clock: ManualClock;
  faults: FaultPlan;
  counters: Counters;
  /** fetch() relative to baseUrl with the bearer token set (callers may override headers). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/** Opens (or creates) the SQLite store at `dbPath` (default in-memory) and serves the system from it. */
export async function startSampleEngineering(
  options: { dbPath?: string; token?: string; documentationSecrets?: readonly string[] } = {},
): Promise<SampleEngineering> {
  const token = options.token ?? 'sample-engineering-token';
  const db = openStore(options.dbPath ?? ':memory:');
  const clock = new ManualClock();
  const faults = new FaultPlan(1);
  const counters = new Counters();
  const system = createEngineeringSystem({ db, token, clock, faults, counters, documentationSecrets: options.documentationSecrets });
  const server = await startEngineeringServer({ system });
  return {
    system,
    server,
    baseUrl: server.baseUrl,
    token,
    db,
    clock,
    faults,
    counters,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${server.baseUrl}${path}`, { ...init, headers });
    },
    async close() {
      await server.close();
      db.close();
    },
  };
}
