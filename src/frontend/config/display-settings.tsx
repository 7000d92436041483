/**
 * How the macro shows its specs: layout, the table's columns and parameter columns (offered only with the table
 * layout, the one layout that has columns) and how long data counts as fresh.
 */
import { CheckboxGroup, Label, RadioGroup, Stack, Text, TextArea, Textfield } from '@forge/react';
import React from 'react';
import { COLUMN_HEADINGS, DEFAULT_COLUMNS } from '../../shared/labels';
import type { Layout, MacroConfigV2, TableColumn } from '../../shared/resolver-contract';

const LAYOUT_OPTIONS: { name: string; label: string; value: Layout }[] = [
  { name: 'layout', label: 'Card: one specification in detail', value: 'card' },
  { name: 'layout', label: 'Table: several specifications, one row each', value: 'table' },
  { name: 'layout', label: 'Parameters: the parameter table of one specification', value: 'parameters' },
];

const COLUMN_OPTIONS = (Object.entries(COLUMN_HEADINGS) as [TableColumn, string][]).map(([value, label]) => ({ label, value }));

/** The layout a draft shows: its own, else what the macro would pick (card for one spec, table otherwise). */
export function layoutOf(draft: MacroConfigV2): Layout {
  return draft.layout ?? (draft.specs.length === 1 ? 'card' : 'table');
}

/** Props: the draft and how to change it. */
export interface DisplaySettingsProps {
  draft: MacroConfigV2;
  onChange: (next: MacroConfigV2) => void;
}

/** Layout, table columns, parameter columns and freshness. */
export function DisplaySettings({ draft, onChange }: DisplaySettingsProps): React.JSX.Element {
  const layout = layoutOf(draft);
  return (
    <Stack space="space.150">
      <Stack space="space.050">
        <Label labelFor="layout">Layout</Label>
        <RadioGroup
          name="layout"
          options={LAYOUT_OPTIONS}
          value={layout}
          onChange={(event: { target?: { value?: string } }) => onChange({ ...draft, layout: (event?.target?.value ?? layout) as Layout })}
        />
      </Stack>
      {layout === 'table' ? (
        <Stack space="space.050">
          <Label labelFor="columns">Table columns</Label>
          <CheckboxGroup
            name="columns"
            options={COLUMN_OPTIONS}
            value={draft.columns ?? [...DEFAULT_COLUMNS]}
            onChange={(values: string[]) => onChange({ ...draft, columns: values as TableColumn[] })}
          />
          <Label labelFor="parameter-columns">Parameter columns</Label>
          <TextArea
            id="parameter-columns"
            name="parameterColumns"
            value={draft.parameterColumns ?? ''}
            onChange={(event: { target?: { value?: string } }) => onChange({ ...draft, parameterColumns: event?.target?.value ?? '' })}
          />
          <Text>Parameter names separated by commas, such as Bore diameter, Radial runout; each becomes a column showing that parameter of every spec (at most 8).</Text>
        </Stack>
      ) : null}
      <Stack space="space.050">
        <Label labelFor="freshness-minutes">Freshness (minutes)</Label>
        <Textfield
          id="freshness-minutes"
          name="freshnessMinutes"
          placeholder="Site default"
          value={draft.freshnessMinutes ?? ''}
          onChange={(event: { target?: { value?: string } }) => onChange({ ...draft, freshnessMinutes: event?.target?.value ?? '' })}
        />
        <Text>How long data counts as fresh before Spec Bridge checks the engineering system again. Leave empty for the site default.</Text>
      </Stack>
    </Stack>
  );
}
