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
