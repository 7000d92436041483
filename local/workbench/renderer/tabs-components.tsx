/**
 * Tabs (TabList → Tab, then TabPanel per tab), drawn by the workbench itself: @atlaskit/tabs is not one of this
 * repo's dependencies. Like UI Kit's, the selected tab is the app's `selected`, else the user's click (starting at
 * `defaultSelected`); onChange gets the tab's index. Every panel stays mounted, the others hidden.
 */
import React, { Fragment, useState } from 'react';
import { callApp, stringProp, type MappedProps } from './forge-doc';

export function TabsComponent({ node, render }: MappedProps): React.JSX.Element {
  const { props } = node;
  const id = stringProp(props, 'id') ?? 'tabs';
  const list = node.children.find((child) => child.type === 'TabList');
  const tabs = list?.children.filter((child) => child.type === 'Tab') ?? [];
  const panels = node.children.filter((child) => child.type === 'TabPanel');
  const [clicked, setClicked] = useState(typeof props.defaultSelected === 'number' ? props.defaultSelected : 0);
  const selected = typeof props.selected === 'number' ? props.selected : clicked;
  return (
    <div className="wb-tabs" data-testid={stringProp(props, 'testId')}>
      <div role="tablist" className="wb-tab-list">
        {tabs.map((tab, index) => (
          <button
            key={tab.key ?? index}
            type="button"
            role="tab"
            id={`${id}-${index}`}
            aria-selected={index === selected}
            aria-controls={`${id}-${index}-tab`}
            className="wb-tab"
            onClick={() => {
              setClicked(index);
              callApp(props.onChange, index);
            }}
          >
            {tab.children.map((child, i) => <Fragment key={child.key ?? i}>{render(child, i)}</Fragment>)}
          </button>
        ))}
      </div>
      {panels.map((panel, index) => (
        <div key={panel.key ?? index} role="tabpanel" id={`${id}-${index}-tab`} aria-labelledby={`${id}-${index}`} hidden={index !== selected}>
          {panel.children.map((child, i) => <Fragment key={child.key ?? i}>{render(child, i)}</Fragment>)}
        </div>
      ))}
    </div>
  );
}
