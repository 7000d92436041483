import { expect, test } from 'vitest';
import { FaultPlan } from './faults';

test('the same seed makes the same fault decisions', () => {
  const decisions = (seed: number) => {
    const plan = new FaultPlan(seed);
    plan.add({ service: 'kvs', rate: 0.5, status: 500 });
    return Array.from({ length: 50 }, () => plan.decide('kvs', 'get').status ?? 200);
  };

  expect(decisions(7)).toEqual(decisions(7));
  expect(decisions(7)).not.toEqual(decisions(8));
  expect(decisions(7)).toContain(500);
  expect(decisions(7)).toContain(200);
});

test('a rule with times stops firing after that many matches', () => {
  const plan = new FaultPlan(1);
  plan.add({ service: 'confluence', operation: /^PUT /, status: 409, times: 2 });

  const statuses = Array.from({ length: 4 }, () => plan.decide('confluence', 'PUT /properties').status);

  expect(statuses).toEqual([409, 409, undefined, undefined]);
  expect(plan.decide('confluence', 'GET /pages').status).toBeUndefined();
});

test('injectedCount counts the calls a rule fired on, per service and operation, across clear()', () => {
  const plan = new FaultPlan(1);
  plan.add({ service: 'kvs', operation: 'batch/get', status: 500, times: 2 });
  plan.add({ service: 'kvs', operation: 'batch/get', latencyMs: 1, times: 1 });

  for (const operation of ['get', 'batch/get', 'batch/get', 'batch/get', 'set']) plan.decide('kvs', operation);
  plan.clear();

  expect(plan.injectedCount('kvs', 'batch/get')).toBe(2);
  expect(plan.injectedCount('kvs', 'get')).toBe(0);
  expect(plan.injectedCount('kvs')).toBe(2);
  expect(plan.injectedCount('queue')).toBe(0);
});
