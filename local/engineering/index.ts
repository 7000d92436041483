/** The sample engineering system (Spec Bridge's embedded default data source): public surface. */
export { createEngineeringSystem } from './engineering-system';
export type { EngineeringAdmin, EngineeringMode, EngineeringSystem, EngineeringSystemOptions } from './engineering-system';
export { startEngineeringServer } from './engineering-server';
export type { EngineeringServer, EngineeringServerOptions } from './engineering-server';
export { ENGINEERING_ROUTES } from './engineering-routes';
export type { EngineeringRoute } from './engineering-routes';
export { ENGINEERING_ERROR_CODES, specEtag } from './engineering-http';
export type { EngineeringErrorCode } from './engineering-http';
export type { SpecChangeEvent, SpecChangeListener, SpecEditResult } from './spec-editor';
export { validateSpecPatch, validateSpecRecord, REVISION_PATTERN } from './validate-spec-patch';
export type { Checked, FieldError, SpecPatch } from './validate-spec-patch';
export { startSampleEngineering } from './start-sample-engineering';
export type { SampleEngineering } from './start-sample-engineering';
