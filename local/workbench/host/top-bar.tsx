/**
 * The Confluence-like top bar: product name, the app's admin pages (site admins only, as Confluence shows its settings),
 * the local user switcher and "Reset demo data".
 */
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import React from 'react';
import { EngineeringModeBadge } from './engineering-mode-switch';
import { PanelToggle, type PanelsState } from './panel-toggles';
import type { EngineeringModeState, SiteInfo } from './workbench-api';

/** Props of the top bar. */
export interface TopBarProps {
  site?: SiteInfo;
  panels: PanelsState;
  engineeringMode?: EngineeringModeState;
  onSwitchUser: (accountId: string) => void;
  onReset: () => void;
}

/** The top bar. */
export function TopBar({ site, panels, engineeringMode, onSwitchUser, onReset }: TopBarProps): React.JSX.Element {
  const users = (site?.users ?? []).map((user) => ({ value: user.accountId, label: user.displayName }));
  // Only hides the entry: the admin page's resolver refuses non-admins on its own (open #/settings/<key> to see it).
  const isAdmin = site?.users.find((user) => user.accountId === site.user)?.isAdmin === true;
  return (
    <header className="wb-topbar">
      <div className="wb-topbar-start">
        <PanelToggle name="pages" panels={panels} />
        <div className="wb-brand">
          <span className="wb-logo" aria-hidden="true">◆</span> Confluence <span className="wb-local">local · Spec Bridge workbench</span>
        </div>
      </div>
      <div className="wb-topbar-actions">
        <EngineeringModeBadge state={engineeringMode} />
        {site?.appPages.map((app) => (
          <a key={app.key} className="wb-settings-link" href={`#/apps/${encodeURIComponent(app.key)}`} data-testid="app-page-entry">
            {app.title}
          </a>
        ))}
        {isAdmin
          ? site?.settingsPages.map((settings) => (
              <a key={settings.key} className="wb-settings-link" href={`#/settings/${encodeURIComponent(settings.key)}`} data-testid="settings-entry">
                {settings.title} settings
              </a>
            ))
          : null}
        <div className="wb-user">
          <label htmlFor="user-switch-input">Signed in as</label>
          <div className="wb-user-select">
            <Select
              inputId="user-switch-input"
              testId="user-switch"
              spacing="compact"
              options={users}
              value={users.find((option) => option.value === site?.user) ?? null}
              onChange={(choice) => choice && onSwitchUser(choice.value)}
            />
          </div>
        </div>
        <Button appearance="subtle" onClick={onReset} testId="reset-demo">
          Reset demo data
        </Button>
        <PanelToggle name="tools" panels={panels} />
      </div>
    </header>
  );
}
