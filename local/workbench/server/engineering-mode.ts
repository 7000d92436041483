/**
 * The engineering panel's service switch: Normal, Slow, Erroring or Outage. Each mode other than Normal is one
 * fault rule on the platform's FaultPlan for the sample engineering system (the dev environment creates the system
 * with `platform.faults`), so the app meets a slow or failing engineering API exactly as tests inject one.
 */
import type { FaultPlan, FaultRule } from '../../platform/faults';
import type { LocalPlatform } from '../../platform/platform';
import { badRequest, json, readJsonObject, type Route } from './router';

interface ModeDefinition {
  label: string;
  /** What the engineering system does in this mode, as the panel says it. */
  description: string;
  rule?: Omit<FaultRule, 'service'>;
}

const MODES: Record<'normal' | 'slow' | 'erroring' | 'outage', ModeDefinition> = {
  normal: { label: 'Normal', description: 'The engineering system answers at once.' },
  slow: { label: 'Slow', description: 'Every answer takes about 3 seconds.', rule: { latencyMs: 3_000, jitterMs: 500 } },
  erroring: { label: 'Erroring', description: 'About half of the requests fail with HTTP 500.', rule: { status: 500, rate: 0.5 } },
  outage: { label: 'Outage', description: 'The engineering system is down: every request fails with HTTP 503.', rule: { status: 503 } },
};

type ModeName = keyof typeof MODES;

const isModeName = (value: unknown): value is ModeName => typeof value === 'string' && Object.hasOwn(MODES, value);

/** Holds the current mode; `set` replaces the previous mode's rule. */
export function createEngineeringModeSwitch(faults: Pick<FaultPlan, 'add'>, activity: LocalPlatform['activity']) {
  let current: ModeName = 'normal';
  let removeRule = () => {};
  return {
    get: () => current,
    set(next: ModeName) {
      removeRule();
      const rule = MODES[next].rule;
      removeRule = rule ? faults.add({ service: 'engineering', ...rule }) : () => {};
      if (next !== current) activity.add('engineering', `engineering system mode: ${MODES[next].label} — ${MODES[next].description}`);
      current = next;
    },
  };
}

type EngineeringModeSwitch = ReturnType<typeof createEngineeringModeSwitch>;

function state(modes: EngineeringModeSwitch) {
  return {
    mode: modes.get(),
    modes: Object.entries(MODES).map(([name, mode]) => ({ name, label: mode.label, description: mode.description })),
  };
}

/** Routes for `/__workbench/api/engineering-mode`: read it, or PUT `{ mode }`. */
export function engineeringModeRoutes(modes: EngineeringModeSwitch): Route[] {
  return [
    { method: 'GET', pattern: /^\/__workbench\/api\/engineering-mode$/, handle: () => json(200, state(modes)) },
    {
      method: 'PUT',
      pattern: /^\/__workbench\/api\/engineering-mode$/,
      async handle(request) {
        const mode = (await readJsonObject(request))?.mode;
        if (!isModeName(mode)) return badRequest(`mode must be one of ${Object.keys(MODES).join(', ')}`);
        modes.set(mode);
        return json(200, state(modes));
      },
    },
  ];
}
