/** The sample engineering system (Spec Bridge's embedded default data source): what the dev environment, the benchmark and the tests start. */
export { createEngineeringSystem } from './engineering-system';
export type { EngineeringSystem } from './engineering-system';
export { startEngineeringServer } from './engineering-server';
