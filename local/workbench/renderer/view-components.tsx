/** Every ForgeDoc type the workbench renders in a macro view, by type. */
import { DynamicTableComponent } from './dynamic-table';
import { FEEDBACK_COMPONENTS } from './feedback-components';
import type { MappedComponent } from './forge-doc';
import { INPUT_COMPONENTS } from './input-components';
import { LAYOUT_COMPONENTS } from './layout-components';
import { TabsComponent } from './tabs-components';

/** The view's component map; types missing here render the fallback box. */
export const VIEW_COMPONENTS: Record<string, MappedComponent> = {
  ...LAYOUT_COMPONENTS,
  ...FEEDBACK_COMPONENTS,
  ...INPUT_COMPONENTS,
  DynamicTable: DynamicTableComponent,
  Tabs: TabsComponent,
};
