import { expect, test } from 'vitest';
import { FaultPlan } from './faults';

test('a rule with skip lets that many matching calls pass before it fires', () => {
  const plan = new FaultPlan(1);
  plan.add({ service: 'confluence', operation: /^PUT /, skip: 2, status: 500, times: 1 });

  const statuses = Array.from({ length: 5 }, () => plan.decide('confluence', 'PUT /properties').status);

  expect(statuses).toEqual([undefined, undefined, 500, undefined, undefined]);
  expect(plan.decide('confluence', 'GET /pages').status).toBeUndefined();
});

test('calls to other operations do not count towards skip', () => {
  const plan = new FaultPlan(1);
  plan.add({ service: 'kvs', operation: 'get', skip: 1, status: 429 });

  const statuses = ['set', 'get', 'set', 'get', 'get'].map((operation) => plan.decide('kvs', operation).status);

  expect(statuses).toEqual([undefined, undefined, undefined, 429, 429]);
});
