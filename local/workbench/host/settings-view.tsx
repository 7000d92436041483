/**
 * An admin page of the app (`confluence:globalSettings`), where Confluence shows it: in the site's settings, in place
 * of a page. Its UI Kit bundle runs in a frame like a macro's; the frame's context and `invoke` calls are the admin
 * page's (local/workbench/server/settings-routes.ts), made as the signed-in user. Its `permissions.egress.set` opens
 * Atlassian's consent dialog over the page (host/egress-consent.ts).
 */
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import React, { useEffect, useRef, useState } from 'react';
import { ForgeDocView } from '../renderer';
import type { ForgeDoc } from '../renderer/forge-doc';
import { EgressConsentDialog } from './egress-consent-dialog';
import { egressPermissions, type EgressConsentRequest } from './egress-consent';
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
  /** `app`: a `confluence:globalPage` (Confluence's Apps menu) instead of an admin page. */
  kind?: 'settings' | 'app';
}

/** The admin page; remount it (new key) to restart the app, e.g. for another user. */
export function SettingsView({ moduleKey, resource, title, kind = 'settings' }: SettingsViewProps): React.JSX.Element {
  const iframe = useRef<HTMLIFrameElement>(null);
  const [frameId] = useState(() => `settings-${++frames}`);
  const [tree, setTree] = useState<ForgeDoc>();
  const [appError, setAppError] = useState<string>();
  const [consent, setConsent] = useState<EgressConsentRequest & { answer: (allow: boolean) => void }>();

  useEffect(() => {
    let open: ((allow: boolean) => void) | undefined;
    const ask = (request: EgressConsentRequest) =>
      new Promise<boolean>((resolve) => {
        open?.(false); // one dialog at a time: a second request replaces the first, which is declined
        const answer = (allow: boolean) => {
          if (open !== answer) return;
          open = undefined;
          setConsent(undefined);
          resolve(allow);
        };
        open = answer;
        setConsent({ ...request, answer });
      });
    const disconnect = connectFrame(iframe.current!, {
      frameId,
      localId: moduleKey,
      isEditing: false,
      bus,
      target: {
        context: () => (kind === 'app' ? workbenchApi.appPageContext(moduleKey) : workbenchApi.settingsContext(moduleKey)),
        invoke: (functionKey, payload) =>
          kind === 'app' ? workbenchApi.invokeAppPage(moduleKey, functionKey, payload) : workbenchApi.invokeSettings(moduleKey, functionKey, payload),
      },
      onTree: setTree,
      onAppError: setAppError,
      permissions: egressPermissions(workbenchApi, ask),
    });
    // Leaving the page with the dialog open answers it "Don't allow", as closing Atlassian's dialog would.
    return () => (open?.(false), disconnect());
  }, [frameId, moduleKey, kind]);

  return (
    <article className="wb-settings" data-testid={kind === 'app' ? 'app-page' : 'settings-page'} data-module-key={moduleKey}>
      {/* The app draws its own title; Confluence adds only its settings navigation around the page. */}
      <div className="wb-breadcrumbs">{kind === 'app' ? `Apps / ${title}` : `Confluence settings / Apps / ${title}`}</div>
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
      {consent ? <EgressConsentDialog key={consent.consentId} appName={title} egresses={consent.egresses} onAnswer={consent.answer} /> : null}
    </article>
  );
}
