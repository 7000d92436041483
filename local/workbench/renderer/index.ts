/** ForgeDoc → Atlaskit rendering for the workbench host (and its unit tests). */
export { ForgeDocView, MacroConfigFields, createRenderer } from './render-forge-doc';
export { collectConfig } from './config-fields';
export { tableProps } from './dynamic-table';
export { VIEW_COMPONENTS } from './view-components';
export type { ForgeDoc } from './forge-doc';
