/**
 * The macro's custom configuration dialog: find specs and add them, order, remove and pin them,
 * choose how they are shown, see what the macro will say, then Save (`view.submit`) or Cancel
 * (`view.close`) — Confluence closes the dialog either way, as with its own macros.
 * The dialog starts from the saved config migrated to version 2 by the backend (`checkConfig`), so
 * macros saved with the classic config panel open with their specs already picked.
 */
import { Button, ButtonGroup, Heading, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import React, { useEffect, useRef, useState } from 'react';
import type { MacroConfigV2, SpecSummary } from '../../shared/resolver-contract';
import { SpecFinder } from '../spec-finder';
import { checkConfig, closeDialog, saveConfig } from './config-client';
import { DisplaySettings } from './display-settings';
import { addPick, movePick, pinPick, removePick } from './draft';
import { ConfigPreview } from './config-preview';
import { PickedSpecs } from './picked-specs';

type Loaded = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; draft: MacroConfigV2; problems: string[] };

/** A draft is checked once typing pauses this long, not once per keystroke (each check is a function invocation). */
const CHECK_AFTER_MS = 300;

/** The dialog. */
export function ConfigDialog(): React.JSX.Element {
  const [state, setState] = useState<Loaded>({ kind: 'loading' });
  const [summaries, setSummaries] = useState<ReadonlyMap<string, SpecSummary>>(new Map());
  const [saveError, setSaveError] = useState<string>();
  const checks = useRef(0);
  const pendingCheck = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    void checkConfig().then((result) => {
      if (!result.ok) return setState({ kind: 'failed', message: result.message });
      setSummaries(new Map((result.value.known ?? []).map((summary) => [summary.id, summary])));
      setState({ kind: 'ready', draft: result.value.config, problems: result.value.problems });
    });
    return () => clearTimeout(pendingCheck.current);
  }, []);

  if (state.kind === 'loading') return <Spinner label="Loading the configuration" />;
  if (state.kind === 'failed') return <SectionMessage appearance="error" title="The configuration could not be opened"><Text>{state.message}</Text></SectionMessage>;
  const { draft, problems } = state;

  const change = (next: MacroConfigV2) => {
    setState({ kind: 'ready', draft: next, problems });
    const check = ++checks.current;
    clearTimeout(pendingCheck.current);
    pendingCheck.current = setTimeout(() => {
      void checkConfig(next).then((result) => {
        // Only the answer to the latest draft may replace the problems shown.
        if (result.ok && check === checks.current) setState({ kind: 'ready', draft: next, problems: result.value.problems });
      });
    }, CHECK_AFTER_MS);
  };
  const add = (item: SpecSummary) => {
    setSummaries(new Map(summaries).set(item.id, item));
    change(addPick(draft, item.id));
  };
  const save = async () => {
    setSaveError(undefined);
    try {
      await saveConfig(draft);
    } catch {
      setSaveError('The configuration was not saved. Try again in a moment.');
    }
  };

  return (
    <Stack space="space.300">
      <Text>These settings are saved with the page and visible to everyone who can view it. Do not enter secrets.</Text>
      <Stack space="space.100">
        <Heading as="h3" size="small">Specifications</Heading>
        <SpecFinder pickedIds={draft.specs.map((pick) => pick.id)} onAdd={add} />
        <PickedSpecs
          specs={draft.specs}
          summaries={summaries}
          onMove={(index, by) => change(movePick(draft, index, by))}
          onRemove={(index) => change(removePick(draft, index))}
          onPin={(index, revision) => change(pinPick(draft, index, revision))}
        />
      </Stack>
      <Stack space="space.100">
        <Heading as="h3" size="small">Display</Heading>
        <DisplaySettings draft={draft} onChange={change} />
      </Stack>
      <ConfigPreview draft={draft} problems={problems} />
      {saveError ? <SectionMessage appearance="error"><Text>{saveError}</Text></SectionMessage> : null}
      <ButtonGroup>
        <Button appearance="primary" onClick={() => void save()}>
          Save
        </Button>
        <Button appearance="subtle" onClick={() => void closeDialog()}>
          Cancel
        </Button>
      </ButtonGroup>
    </Stack>
  );
}
