import { ManualClock } from '../clock';
import { Counters } from '../counters';
import { FaultPlan } from '../faults';
import type { Principal } from '../service';
import { openStore } from '../store';
import { createConfluenceService } from './confluence-service';

/** A caller of the service in tests: method, path under /wiki/api/v2, optional JSON body and principal. */
export type CallConfluence = (
  method: string,
  path: string,
  options?: { body?: unknown; rawBody?: string; as?: Principal },
) => Promise<{ status: number; headers: Headers; json: unknown }>;

/** A fresh in-memory Confluence service with a manual clock, a fault plan and counters, for tests. */
export function createTestConfluence() {
  const db = openStore(':memory:');
  const clock = new ManualClock();
  const faults = new FaultPlan(7);
  const counters = new Counters();
  const service = createConfluenceService({ db, clock, faults, counters, baseUrl: 'http://localhost:8080/wiki' });
  const call: CallConfluence = async (method, path, options = {}) => {
    const response = await service.handle({
      method,
      path: `/wiki/api/v2${path}`,
      headers: new Headers({ 'content-type': 'application/json' }),
      body: options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body)),
      principal: options.as ?? { kind: 'app' },
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return { db, clock, faults, counters, service, admin: service.admin, call };
}

/** Shorthand for a user principal. */
export function asUser(accountId: string): Principal {
  return { kind: 'user', accountId };
}
