/**
 * One macro on the page: a sandboxed, invisible iframe running the app's real UI Kit bundle, and
 * the ForgeDoc it reconciles, rendered here with Atlaskit (the way Confluence renders UI Kit).
 */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import React, { Component, useEffect, useRef, useState, type ReactNode } from 'react';
import { ForgeDocView } from '../renderer';
import type { ForgeDoc } from '../renderer/forge-doc';
import { createEventBus } from './event-bus';
import { connectFrame } from './frame-host';
import type { MacroRegistry } from './macro-registry';

const bus = createEventBus();
let frames = 0;

class RenderBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return <SectionMessage appearance="error" title="The workbench could not render this macro's UI">{this.state.error.message}</SectionMessage>;
  }
}

/** Props of a macro slot. */
export interface MacroSlotProps {
  localId: string;
  resource: string;
  isEditing: boolean;
  registry: MacroRegistry;
  onEdit: (localId: string) => void;
}

/** A macro slot; remount it (new key) to restart the app. */
export function MacroSlot({ localId, resource, isEditing, registry, onEdit }: MacroSlotProps): React.JSX.Element {
  const iframe = useRef<HTMLIFrameElement>(null);
  const [frameId] = useState(() => `macro-${++frames}`);
  const [tree, setTree] = useState<ForgeDoc>();
  const [appError, setAppError] = useState<string>();

  useEffect(() => {
    let configDoc: ForgeDoc | undefined;
    const emit = (event: string, payload?: unknown) => bus.emit(event, payload, frameId);
    registry.set(localId, { emit });
    const disconnect = connectFrame(iframe.current!, {
      frameId,
      localId,
      isEditing,
      bus,
      onTree(doc) {
        if (doc.type === 'MacroConfig') {
          configDoc = doc;
          registry.set(localId, { configDoc, emit });
        } else setTree(doc);
      },
      onAppError: (message) => setAppError(message),
    });
    return () => {
      disconnect();
      registry.set(localId, undefined);
    };
  }, [frameId, localId, isEditing, registry]);

  return (
    <div className={`wb-macro${isEditing ? ' wb-macro-editing' : ''}`} data-local-id={localId} data-testid="macro">
      {isEditing ? (
        <div className="wb-macro-toolbar">
          <span>Spec Bridge</span>
          <Button spacing="compact" onClick={() => onEdit(localId)} testId="macro-edit">
            Edit
          </Button>
        </div>
      ) : null}
      <iframe
        ref={iframe}
        className="wb-macro-frame"
        title={`Spec Bridge macro ${localId} (runs the app; hidden)`}
        sandbox="allow-scripts"
        aria-hidden="true"
        tabIndex={-1}
        src={`/__workbench/frame?resource=${encodeURIComponent(resource)}&frame=${frameId}`}
      />
      {appError ? <div className="wb-macro-error">App error: {appError}</div> : null}
      <RenderBoundary>{tree ? <ForgeDocView doc={tree} /> : <Spinner size="medium" label="Starting the macro" />}</RenderBoundary>
    </div>
  );
}
