/**
 * A macro's custom configuration (manifest `config: { resource, ... }`), as Confluence shows it: a modal
 * dialog running the config resource's UI Kit bundle in its own frame. The app saves with
 * `view.submit({ config })` — the workbench writes that config into the page body, tells the macro's
 * frame FORGE_CORE_MACRO_CONFIG_CHANGED and closes the dialog — or leaves with `view.close()`.
 * There is no Save button of the host's own: in a custom config the app's buttons are the only ones.
 */
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import React, { useEffect, useRef, useState } from 'react';
import { ForgeDocView } from '../renderer';
import type { ForgeDoc } from '../renderer/forge-doc';
import { createEventBus } from './event-bus';
import { connectFrame } from './frame-host';
import type { MacroRegistry } from './macro-registry';
import { workbenchApi, type PageInfo } from './workbench-api';

const bus = createEventBus();
let dialogs = 0;

/** Props of the dialog of one macro. */
export interface CustomConfigDialogProps {
  localId: string;
  resource: string;
  title: string;
  registry: MacroRegistry;
  onSaved: (page: PageInfo) => void;
  onClose: () => void;
}

/** What `view.submit` was given: Forge saves its `config` object as the macro's config. */
function submittedConfig(payload: unknown): Record<string, unknown> {
  const config = (payload as { config?: unknown } | null | undefined)?.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('view.submit needs { config: { ... } } in a macro config');
  return config as Record<string, unknown>;
}

/** The dialog; it closes itself through `onClose`. */
export function CustomConfigDialog({ localId, resource, title, registry, onSaved, onClose }: CustomConfigDialogProps): React.JSX.Element {
  const iframe = useRef<HTMLIFrameElement>(null);
  const [frameId] = useState(() => `config-${++dialogs}`);
  const [tree, setTree] = useState<ForgeDoc>();
  const [appError, setAppError] = useState<string>();
  const latest = useRef({ onSaved, onClose });
  latest.current = { onSaved, onClose };

  useEffect(
    () =>
      connectFrame(iframe.current!, {
        frameId,
        localId,
        // Confluence marks the config dialog's context `extension.macro.isConfiguring`; whether it also sets `isEditing`
        // there is not documented, and the app accepts either (src/handlers/macro-context.ts).
        isEditing: true,
        isConfiguring: true,
        bus,
        onTree: setTree,
        onAppError: setAppError,
        dialog: {
          async submit(payload) {
            const config = submittedConfig(payload);
            latest.current.onSaved(await workbenchApi.saveConfig(localId, config));
            registry.get(localId)?.emit('FORGE_CORE_MACRO_CONFIG_CHANGED', { config });
            latest.current.onClose();
          },
          close: () => latest.current.onClose(),
        },
      }),
    [frameId, localId, registry],
  );

  return (
    <div className="wb-dialog-backdrop">
      <div className="wb-dialog" role="dialog" aria-modal="true" aria-label={title} data-testid="config-dialog">
        <Heading size="medium">{title}</Heading>
        <iframe
          ref={iframe}
          className="wb-macro-frame"
          title={`${title} configuration (runs the app; hidden)`}
          sandbox="allow-scripts"
          aria-hidden="true"
          tabIndex={-1}
          src={`/__workbench/frame?resource=${encodeURIComponent(resource)}&frame=${frameId}`}
        />
        {appError ? <SectionMessage appearance="error" title="App error">{appError}</SectionMessage> : null}
        {tree ? <ForgeDocView doc={tree} /> : <Spinner size="medium" label="Starting the configuration" />}
      </div>
    </div>
  );
}
