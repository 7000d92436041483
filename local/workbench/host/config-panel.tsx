/**
 * The macro config side panel, as Confluence's editor shows it: the app's `MacroConfig` tree with
 * uncontrolled fields starting from the saved config. Save writes the config into the page body
 * (server side) and then tells the macro's frame FORGE_CORE_MACRO_CONFIG_CHANGED.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import React, { useState } from 'react';
import { collectConfig, MacroConfigFields } from '../renderer';
import { findMacro, macroConfig } from '../server/macro-locator';
import { useMacroEntry, type MacroRegistry } from './macro-registry';
import { workbenchApi, type PageInfo } from './workbench-api';

/** Props of the config panel. */
export interface ConfigPanelProps {
  localId: string;
  page: PageInfo;
  registry: MacroRegistry;
  onSaved: (page: PageInfo) => void;
  onClose: () => void;
}

/** The config panel of one macro. */
export function ConfigPanel({ localId, page, registry, onSaved, onClose }: ConfigPanelProps): React.JSX.Element {
  const entry = useMacroEntry(registry, localId);
  const node = findMacro(page.body, localId);
  const config = node ? macroConfig(node) : undefined;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  async function save(form: HTMLFormElement): Promise<void> {
    if (!entry?.configDoc || !form.reportValidity()) return;
    setSaving(true);
    setError(undefined);
    try {
      const values = collectConfig(entry.configDoc, new FormData(form));
      onSaved(await workbenchApi.saveConfig(localId, values));
      entry.emit('FORGE_CORE_MACRO_CONFIG_CHANGED', { config: values });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setSaving(false);
    }
  }

  if (!node) return <SectionMessage appearance="warning" title="This macro is no longer on the page">Close this panel and pick another macro.</SectionMessage>;
  return (
    <div className="wb-config-panel" data-testid="config-panel">
      <Heading size="small">Spec Bridge · configuration</Heading>
      <p className="wb-muted">Macro {localId}</p>
      {!entry?.configDoc ? (
        <Spinner size="medium" label="Waiting for the app's config form" />
      ) : (
        <form
          key={JSON.stringify(config ?? null)}
          className="wb-config-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save(event.currentTarget);
          }}
        >
          <MacroConfigFields doc={entry.configDoc} config={config} />
          {error ? <SectionMessage appearance="error" title="Not saved">{error}</SectionMessage> : null}
          <div className="wb-actions">
            <Button type="submit" appearance="primary" isLoading={saving} testId="config-save">
              Save
            </Button>
            <Button onClick={onClose}>Close</Button>
          </div>
        </form>
      )}
    </div>
  );
}
