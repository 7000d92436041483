/**
 * The workbench page: a Confluence-like frame (top bar, space sidebar, page title and body) whose
 * Forge macros run live, plus side panels for macro config, the engineering system and activity.
 */
import Button from '@atlaskit/button/new';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import type { BundleReport } from '../build/build-workbench';
import { ActivityPanel, useActivityStream } from './activity-panel';
import { ConfigPanel } from './config-panel';
import { CustomConfigDialog } from './custom-config-dialog';
import { useEngineeringMode } from './engineering-mode-switch';
import { EngineeringPanel } from './engineering-panel';
import { MacroRegistry } from './macro-registry';
import { specIdsOnPage } from './page-specs';
import { RESET_DONE, ResetDialog } from './reset-dialog';
import { MacroSlot } from './macro-slot';
import { panelId, usePanels } from './panel-toggles';
import { renderAdf } from './page-body';
import { SettingsView } from './settings-view';
import { TopBar } from './top-bar';
import { workbenchApi, type PageInfo, type SiteInfo } from './workbench-api';
import { findMacro, macroModuleKey } from '../server/macro-locator';

type Panel = 'config' | 'engineering' | 'activity';

/** The page opened when none is asked for, or the asked one is not visible: the first child page. */
function fallbackPage(site: SiteInfo): SiteInfo['pages'][number] | undefined {
  return site.pages.find((p) => p.parentId !== null) ?? site.pages[0];
}

function pageIdFromHash(): string | undefined {
  return /^#\/pages\/([^/]+)$/.exec(location.hash)?.[1];
}

/** `#/settings/<moduleKey>`: an admin page of the app instead of a page; `#/apps/<moduleKey>`: an app page. */
function settingsKeyFromHash(): string | undefined {
  return moduleKeyFromHash(/^#\/settings\/([^/]+)$/);
}

function appKeyFromHash(): string | undefined {
  return moduleKeyFromHash(/^#\/apps\/([^/]+)$/);
}

function moduleKeyFromHash(pattern: RegExp): string | undefined {
  const key = pattern.exec(location.hash)?.[1];
  try {
    return key === undefined ? undefined : decodeURIComponent(key);
  } catch {
    return key;
  }
}

const PASTE_NOT_CONVERTED =
  'The workbench does not edit page text: only a pasted link that matches a macro’s autoConvert pattern (manifest.yml) is added, as that macro.';

/** The whole page. */
export function WorkbenchApp(): React.JSX.Element {
  const registry = useMemo(() => new MacroRegistry(), []);
  const [site, setSite] = useState<SiteInfo>();
  const [page, setPage] = useState<PageInfo>();
  const [pageId, setPageId] = useState(pageIdFromHash);
  const [settingsKey, setSettingsKey] = useState(settingsKeyFromHash);
  const [appKey, setAppKey] = useState(appKeyFromHash);
  const [editing, setEditing] = useState(false);
  const [panel, setPanel] = useState<Panel>('engineering');
  const [configFor, setConfigFor] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const [problem, setProblem] = useState<string>();
  /** What the workbench did on the user's behalf (switched page, reset data), until the next page or action. */
  const [notice, setNotice] = useState<{ appearance: 'information' | 'success'; text: string }>();
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [hostRebuilt, setHostRebuilt] = useState(false);

  const onBuild = useCallback((report: BundleReport) => {
    if (report.errors.length > 0) return setProblem(`The ${report.bundle} bundle failed to build: ${report.errors[0]}`);
    setProblem(undefined);
    if (report.bundle === 'host' || report.bundle === 'frame-bridge') setHostRebuilt(true);
    else setGeneration((g) => g + 1);
  }, []);
  const activity = useActivityStream(onBuild);
  const engineeringMode = useEngineeringMode(generation);
  const panels = usePanels();

  /** Loads the site as the current user; a page they cannot see is replaced by another, and the page says so. */
  const loadSite = useCallback(async (leavingTitle?: string) => {
    const next = await workbenchApi.site();
    setSite(next);
    const visible = (id: string | undefined) => id !== undefined && next.pages.some((p) => p.id === id);
    const asked = pageIdFromHash();
    const fallback = fallbackPage(next);
    if (asked && !visible(asked)) {
      const me = next.users.find((u) => u.accountId === next.user)?.displayName ?? next.user;
      const shown = fallback ? `“${fallback.title}”` : 'another page';
      // The address names the page on screen, never the one that could not be shown.
      if (fallback) history.replaceState(null, '', `#/pages/${fallback.id}`);
      setNotice({
        appearance: 'information',
        text: leavingTitle
          ? `${me} cannot see “${leavingTitle}” (it is restricted), so the workbench opened ${shown} instead.`
          : `Page ${asked} does not exist or ${me} cannot see it, so the workbench opened ${shown} instead.`,
      });
    }
    setPageId((current) => {
      const wanted = asked ?? current;
      return visible(wanted) ? wanted : fallback?.id;
    });
    return next;
  }, []);
  useEffect(() => void loadSite().catch((error: Error) => setProblem(error.message)), [loadSite]);
  useEffect(() => {
    const onHash = () => (setPageId(pageIdFromHash()), setSettingsKey(settingsKeyFromHash()), setAppKey(appKeyFromHash()), setNotice(undefined));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!pageId) return;
    setConfigFor(undefined);
    workbenchApi.page(pageId).then(
      (next) => (setPage(next), setProblem(undefined)),
      (error: Error) => setProblem(error.message),
    );
  }, [pageId, generation]);
  const resources = new Map(site?.macroModules.map((m) => [m.key, m.resource]));
  const canEdit = page?.access === 'edit';
  /** The manifest's config of the macro: a custom config opens as a dialog over the page, the classic one in the side panel. */
  const configOf = (localId: string, body = page?.body) => {
    const node = body ? findMacro(body, localId) : undefined;
    const key = node ? macroModuleKey(node) : undefined;
    return site?.macroModules.find((m) => m.key === key)?.config ?? null;
  };
  const openConfig = (localId: string, body = page?.body) => {
    setConfigFor(localId);
    if (configOf(localId, body)?.kind !== 'custom') setPanel('config');
  };
  const customConfig = configFor ? configOf(configFor) : null;

  async function insertMacro(): Promise<void> {
    const module = site?.macroModules[0];
    if (!page || !module) return;
    const { localId, page: updated } = await workbenchApi.insertMacro(page.id, module.key);
    setPage(updated);
    // As in Confluence: a custom config with openOnInsert opens on insert; the classic panel always does.
    if (module.config?.kind !== 'custom' || module.config.openOnInsert) openConfig(localId, updated.body);
  }

  /** Confluence's paste-to-macro: a pasted link that matches a macro's autoConvert pattern becomes that macro. */
  async function pasteIntoPage(text: string): Promise<void> {
    if (!page) return;
    try {
      const outcome = await workbenchApi.paste(page.id, text);
      if (outcome.converted) return (setPage(outcome.page), setNotice(undefined));
      setNotice({ appearance: 'information', text: PASTE_NOT_CONVERTED });
    } catch (error) {
      setProblem(`The pasted link was not inserted: ${(error as Error).message}`);
    }
  }

  async function resetDemo(): Promise<void> {
    setConfirmingReset(false);
    try {
      await workbenchApi.reset();
    } catch (error) {
      return setProblem(`Demo data was not reset: ${(error as Error).message}`);
    }
    setEditing(false);
    setProblem(undefined);
    await loadSite();
    setGeneration((g) => g + 1);
    setNotice({ appearance: 'success', text: RESET_DONE });
  }

  async function switchUser(accountId: string): Promise<void> {
    const leaving = site?.pages.find((p) => p.id === pageId)?.title;
    await workbenchApi.setUser(accountId);
    setEditing(false);
    setProblem(undefined);
    setNotice(undefined);
    await loadSite(leaving);
    setGeneration((g) => g + 1);
  }

  const space = site?.spaces.find((s) => s.id === page?.spaceId);
  const settings = settingsKey === undefined ? undefined : site?.settingsPages.find((module) => module.key === settingsKey);
  const appPage = appKey === undefined ? undefined : site?.appPages.find((module) => module.key === appKey);
  return (
    <div className={`wb-shell${panels.open.pages ? '' : ' wb-pages-closed'}${panels.open.tools ? '' : ' wb-tools-closed'}`}>
      <TopBar site={site} panels={panels} engineeringMode={engineeringMode.state} onSwitchUser={(id) => void switchUser(id)} onReset={() => setConfirmingReset(true)} />
      <nav className="wb-sidebar" id={panelId('pages')} aria-label="Space pages" hidden={!panels.open.pages}>
        <div className="wb-space-name">{space?.name ?? 'Space'}</div>
        <ul>
          {site?.pages.map((p) => (
            <li key={p.id} className={p.id === pageId && settingsKey === undefined && appKey === undefined ? 'wb-current' : ''} style={{ paddingLeft: p.parentId ? 20 : 8 }}>
              <a href={`#/pages/${p.id}`}>{p.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="wb-page">
        {hostRebuilt ? <SectionMessage appearance="information" title="The workbench was rebuilt">Reload the page to use the new version.</SectionMessage> : null}
        {problem ? <SectionMessage appearance="error" title="Workbench problem">{problem}</SectionMessage> : null}
        {customConfig?.kind === 'custom' && configFor ? (
          <CustomConfigDialog
            key={configFor}
            localId={configFor}
            resource={customConfig.resource}
            title={customConfig.title ?? 'Macro configuration'}
            registry={registry}
            onSaved={setPage}
            onClose={() => setConfigFor(undefined)}
          />
        ) : null}
        {confirmingReset ? <ResetDialog onConfirm={() => void resetDemo()} onCancel={() => setConfirmingReset(false)} /> : null}
        {notice ? (
          <div data-testid="workbench-notice" role="status">
            <SectionMessage appearance={notice.appearance} actions={[<SectionMessageAction key="dismiss" onClick={() => setNotice(undefined)}>Dismiss</SectionMessageAction>]}>
              {notice.text}
            </SectionMessage>
          </div>
        ) : null}
        {appKey !== undefined ? (
          appPage ? (
            <SettingsView key={`${appPage.key}-${site?.user}-${generation}`} kind="app" moduleKey={appPage.key} resource={appPage.resource} title={appPage.title} />
          ) : site ? (
            <SectionMessage appearance="warning" title="No such app page">{`${appKey} is not a confluence:globalPage module of manifest.yml`}</SectionMessage>
          ) : (
            <p className="wb-muted">Loading…</p>
          )
        ) : settingsKey !== undefined ? (
          settings ? (
            <SettingsView key={`${settings.key}-${site?.user}-${generation}`} moduleKey={settings.key} resource={settings.resource} title={settings.title} />
          ) : site ? (
            <SectionMessage appearance="warning" title="No such settings page">{`${settingsKey} is not a confluence:globalSettings module of manifest.yml`}</SectionMessage>
          ) : (
            <p className="wb-muted">Loading…</p>
          )
        ) : page ? (
          <article>
            <div className="wb-breadcrumbs">{space?.name} / {page.title}</div>
            <div className="wb-title-row">
              <h1 data-testid="page-title">{page.title}</h1>
              <div className="wb-mode" role="group" aria-label="Mode">
                <Button isSelected={!editing} onClick={() => setEditing(false)} testId="mode-view">View</Button>
                <Button isSelected={editing} isDisabled={!canEdit} onClick={() => setEditing(true)} testId="mode-edit">Edit</Button>
              </div>
            </div>
            <div className="wb-byline">Version {page.version}{canEdit ? '' : ' · you can view this page but not edit it'}</div>
            <div
              className={`wb-body${editing ? ' wb-body-editing' : ''}`}
              data-testid="page-body"
              tabIndex={editing ? 0 : undefined}
              onPaste={editing ? (event) => (event.preventDefault(), void pasteIntoPage(event.clipboardData.getData('text/plain'))) : undefined}
            >
              {renderAdf(page.body.content, (_node, localId, moduleKey) => {
                const resource = resources.get(moduleKey);
                if (!resource) return <SectionMessage appearance="warning" title="Unknown macro module">{`${moduleKey} is not a macro of manifest.yml`}</SectionMessage>;
                return <MacroSlot key={`${localId}-${editing}-${generation}`} localId={localId} resource={resource} isEditing={editing} registry={registry} onEdit={openConfig} />;
              })}
              {editing ? (
                <div className="wb-insert">
                  <Button onClick={() => void insertMacro()} testId="insert-macro">+ Insert Spec Bridge macro</Button>
                  <span className="wb-muted"> or click the page and paste a record link from the engineering system</span>
                </div>
              ) : null}
            </div>
          </article>
        ) : (
          <p className="wb-muted">Loading…</p>
        )}
      </main>
      <aside className="wb-side" id={panelId('tools')} aria-label="Workbench panels" hidden={!panels.open.tools}>
        <div className="wb-tabs" role="tablist">
          {(['config', 'engineering', 'activity'] as const).map((name) => (
            <button key={name} role="tab" id={`wb-tab-${name}`} aria-controls="wb-tab-panel" aria-selected={panel === name} className={panel === name ? 'wb-tab wb-tab-on' : 'wb-tab'} onClick={() => setPanel(name)} data-testid={`tab-${name}`}>
              {name === 'config' ? 'Macro config' : name === 'engineering' ? 'Engineering' : `Activity (${activity.length})`}
            </button>
          ))}
        </div>
        <div className="wb-side-body" id="wb-tab-panel" role="tabpanel" aria-labelledby={`wb-tab-${panel}`}>
          {panel === 'config' ? (
            configFor && page && customConfig?.kind !== 'custom' ? (
              <ConfigPanel localId={configFor} page={page} registry={registry} onSaved={setPage} onClose={() => setConfigFor(undefined)} />
            ) : (
              <p className="wb-muted">Switch to Edit and press a macro's Edit button (or insert a macro) to configure it. A macro with a custom configuration opens it as a dialog over the page.</p>
            )
          ) : null}
          {panel === 'engineering' ? <EngineeringPanel key={generation} mode={engineeringMode} pageSpecIds={specIdsOnPage(page?.body)} /> : null}
          {panel === 'activity' ? <ActivityPanel entries={activity} /> : null}
        </div>
      </aside>
    </div>
  );
}
