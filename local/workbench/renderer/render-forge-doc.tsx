/**
 * Renders ForgeDoc trees with the real Atlaskit components UI Kit maps them to. The view tree
 * (`Root`) uses VIEW_COMPONENTS; the config panel (`MacroConfig`) swaps in uncontrolled fields.
 */
import React, { Fragment, type ReactNode } from 'react';
import { CONFIG_COMPONENTS, ConfigValues } from './config-fields';
import { stringProp, type ForgeDoc, type MappedComponent, type RenderNode } from './forge-doc';
import { UnknownComponent } from './unknown-component';
import { VIEW_COMPONENTS } from './view-components';

/** Creates a renderer over a component map; unknown types render the fallback box. */
export function createRenderer(components: Record<string, MappedComponent>): RenderNode {
  const render: RenderNode = (node, index = 0) => {
    if (node.type === 'String') return stringProp(node.props, 'text') ?? '';
    const Component = components[node.type] ?? UnknownComponent;
    const children: ReactNode = node.children.length > 0 ? node.children.map((child, i) => <Fragment key={child.key ?? i}>{render(child, i)}</Fragment>) : null;
    return <Component key={node.key ?? index} node={node} render={render}>{children}</Component>;
  };
  return render;
}

const renderView = createRenderer(VIEW_COMPONENTS);
const renderConfig = createRenderer({ ...VIEW_COMPONENTS, ...CONFIG_COMPONENTS });

/** The macro's view: the children of a `Root` tree. */
export function ForgeDocView({ doc }: { doc: ForgeDoc }): React.JSX.Element {
  return <>{doc.children.map((child, i) => renderView(child, i))}</>;
}

/** The fields of a `MacroConfig` tree, uncontrolled; wrap them in a form and read them with collectConfig. */
export function MacroConfigFields({ doc, config }: { doc: ForgeDoc; config: Record<string, unknown> | undefined }): React.JSX.Element {
  return <ConfigValues.Provider value={config ?? {}}>{doc.children.map((child, i) => renderConfig(child, i))}</ConfigValues.Provider>;
}
