/** ForgeDoc → Atlaskit rendering for the workbench host (and its unit tests). */
export { ForgeDocView, MacroConfigFields, createRenderer } from './render-forge-doc';
export { collectConfig } from './config-fields';
export { tableProps } from './dynamic-table';
export { settleAppValue } from './use-buffered-value';
export { VIEW_COMPONENTS } from './view-components';
export type { ForgeDoc, MappedComponent, SerialisableEvent } from './forge-doc';
