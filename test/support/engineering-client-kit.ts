/**
 * Helpers for the engineering client's unit tests (src/engineering/*.test.ts), plus the record factory the domain
 * tests share: a valid SpecRecord, a client on a fake clock, a request counter for msw resolvers, and an error body
 * in the contract's shape. Each test file starts its own msw server (`setupServer` from msw/node); this file has none.
 */
import { HttpResponse } from 'msw';
import { createEngineeringClient, type EngineeringClientOptions } from '../../src/engineering/engineering-client';
import type { EngineeringRequestInfo } from '../../src/engineering/http-transport';
import type { SpecRecord } from '../../src/shared/spec-record';

/** Loopback base URL; msw intercepts it, so nothing leaves the process. */
export const BASE_URL = 'http://127.0.0.1:4010/eng/api/v1';
/** A recognisable fake token, so tests can assert it never leaks. */
export const TOKEN = 'tok-SECRET-4f1c9a';

/** A valid record; override any field. */
export function makeSpecRecord(overrides: Partial<SpecRecord> = {}): SpecRecord {
  return {
    id: 'SHAFT-1042',
    title: 'Drive shaft',
    revision: 'C',
    status: 'released',
    owner: 'A. Engineer',
    updatedAt: '2025-03-01T10:00:00Z',
    url: 'https://eng.example.com/specs/SHAFT-1042',
    parameters: [
      { name: 'Diameter', nominal: 25, unit: 'mm', tolerance: { type: 'symmetric', value: 0.005 } },
      { name: 'Length', nominal: 120, unit: 'mm', tolerance: { type: 'deviation', upper: 0.1, lower: 0 } },
      { name: 'Hardness', nominal: null, unit: 'HRC', tolerance: { type: 'limits', min: 58, max: 62 } },
    ],
    ...overrides,
  };
}

/** A client on a fake clock: sleeping only advances the fake time and is recorded in `slept`. */
export function makeTestClient(overrides: Partial<EngineeringClientOptions> & { remainingMs?: number } = {}) {
  const { remainingMs = 20_000, ...options } = overrides;
  const startMs = Date.UTC(2025, 2, 1, 12, 0, 0);
  const time = { elapsedMs: 0 };
  const slept: number[] = [];
  const requests: EngineeringRequestInfo[] = [];
  const client = createEngineeringClient({
    baseUrl: BASE_URL,
    token: TOKEN,
    fetch: (url, init) => globalThis.fetch(url, init),
    remainingTimeMs: () => remainingMs - time.elapsedMs,
    now: () => startMs + time.elapsedMs,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
      time.elapsedMs += ms;
    },
    onRequest: (info) => requests.push(info),
    ...options,
  });
  return { client, slept, requests, startMs };
}

/** A handler-side counter: wrap a resolver body and read `.calls` afterwards. */
export function counter() {
  const state = { calls: 0, headers: [] as Headers[], urls: [] as URL[] };
  return {
    state,
    seen(request: Request) {
      state.calls += 1;
      state.headers.push(request.headers);
      state.urls.push(new URL(request.url));
    },
  };
}

/** An error response in the contract's shape. */
export function errorJson(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return HttpResponse.json({ error: { code, message } }, { status, headers });
}
