import { expect, test } from 'vitest';
import { ActivityLog } from '../../platform/activity-log';
import { FaultPlan } from '../../platform/faults';
import { createEngineeringModeSwitch } from './engineering-mode';

const statuses = (faults: FaultPlan, calls: number) => Array.from({ length: calls }, () => faults.decide('engineering', 'getSpec').status);

test('each mode is one engineering fault rule, and Normal removes it', () => {
  const faults = new FaultPlan(7);
  const modes = createEngineeringModeSwitch(faults, new ActivityLog());

  modes.set('outage');
  expect(statuses(faults, 5)).toEqual([503, 503, 503, 503, 503]);
  modes.set('erroring');
  const erroring = statuses(faults, 200);
  expect(erroring.filter((s) => s === 500).length).toBeGreaterThan(60);
  expect(erroring.filter((s) => s === undefined).length).toBeGreaterThan(60);
  modes.set('slow');
  const slow = faults.decide('engineering', 'getSpec');
  expect(slow.status).toBeUndefined();
  expect(slow.latencyMs).toBeGreaterThanOrEqual(2_500);
  modes.set('normal');
  const normal = faults.decide('engineering', 'getSpec');
  expect(normal.status).toBeUndefined();
  expect(normal.latencyMs).toBe(0);
  expect(modes.get()).toBe('normal');
});

test('the other services are left alone', () => {
  const faults = new FaultPlan(7);
  createEngineeringModeSwitch(faults, new ActivityLog()).set('outage');

  expect(faults.decide('kvs', 'get').status).toBeUndefined();
  expect(faults.decide('confluence', 'GET /pages').status).toBeUndefined();
});
