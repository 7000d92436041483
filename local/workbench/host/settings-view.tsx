/**
 * An admin page of the app (`confluence:globalSettings`), where Confluence shows it: in the site's settings, in place
 * of a page. Its UI Kit bundle runs in a frame like a macro's; the frame's context and `invoke` calls are the admin
 * page's (local/workbench/server/settings-routes.ts), made as the signed-in user.
 */
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import React, { useEffect, useRef, useState } from 'react';
import { ForgeDocView } from '../renderer';
import type { ForgeDoc } from '../renderer/forge-doc';
import { createEventBus } from './event-bus';
import { connectFrame } from './frame-host';
import { workbenchApi } from './workbench-api';

const bus = createEventBus();
let frames = 0;

/** Props of the view of one admin page. */
export interface SettingsViewProps {
  moduleKey: string;
  resource: string;
  title: string;
}

/** The admin page; remount it (new key) to restart the app, e.g. for another user. */
export function SettingsView({ moduleKey, resource, title }: SettingsViewProps): React.JSX.Element {
  const iframe = useRef<HTMLIFrameElement>(null);
  const [frameId] = useState(() => `settings-${++frames}`);
  const [tree, setTree] = useState<ForgeDoc>();
  const [appError, setAppError] = useState<string>();

  useEffect(
    () =>
      connectFrame(iframe.current!, {
        frameId,
        localId: moduleKey,
        isEditing: false,
        bus,
        target: {
          context: () => workbenchApi.settingsContext(moduleKey),
          invoke: (functionKey, payload) => workbenchApi.invokeSettings(moduleKey, functionKey, payload),
        },
        onTree: setTree,
        onAppError: setAppError,
      }),
    [frameId, moduleKey],
  );

  return (
    <article className="wb-settings" data-testid="settings-page" data-module-key={moduleKey}>
      {/* The app draws its own title; Confluence adds only its settings navigation around the page. */}
      <div className="wb-breadcrumbs">Confluence settings / Apps / {title}</div>
      <iframe
        ref={iframe}
        className="wb-macro-frame"
        title={`${title} settings (runs the app; hidden)`}
        sandbox="allow-scripts"
        aria-hidden="true"
        tabIndex={-1}
        src={`/__workbench/frame?resource=${encodeURIComponent(resource)}&frame=${frameId}`}
      />
      {appError ? <SectionMessage appearance="error" title="App error">{appError}</SectionMessage> : null}
      {tree ? <ForgeDocView doc={tree} /> : <Spinner size="medium" label={`Starting ${title}`} />}
    </article>
  );
}
