/** The honest fallback for a ForgeDoc type the workbench does not map: a labelled box around its children. */
import React from 'react';
import type { MappedProps } from './forge-doc';

/** "Component X is not rendered by the workbench", with whatever the component wrapped. */
export function UnknownComponent({ node, children }: MappedProps): React.JSX.Element {
  return (
    <div className="wb-unknown-component" data-forge-type={node.type} role="note" style={{ border: '1px dashed #c9372c', borderRadius: 4, padding: 8, margin: '4px 0' }}>
      <div style={{ font: '12px/16px monospace', color: '#ae2e24' }}>Component {node.type} is not rendered by the workbench</div>
      {children}
    </div>
  );
}
