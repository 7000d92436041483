/**
 * The macro's config panel (ForgeReconciler.addConfig). Only components and props Forge supports in
 * macro config: each field has a `name` (the saved key, parsed by domain/macro-config.ts) and a
 * `defaultValue`; there is no onChange. Config is stored in plaintext with the page.
 */
import { CheckboxGroup, Label, RadioGroup, TextArea, Textfield } from '@forge/react';
import React from 'react';
import { COLUMN_HEADINGS, DEFAULT_COLUMNS } from '../shared/labels';
import type { Layout, TableColumn } from '../shared/resolver-contract';

const LAYOUT_OPTIONS: { name: string; label: string; value: Layout }[] = [
  { name: 'layout', label: 'Card: one specification in detail', value: 'card' },
  { name: 'layout', label: 'Table: several specifications, one row each', value: 'table' },
  { name: 'layout', label: 'Parameters: the parameter table of one specification', value: 'parameters' },
];

const COLUMN_OPTIONS = (Object.entries(COLUMN_HEADINGS) as [TableColumn, string][]).map(([value, label]) => ({ label, value }));

// In macro config a Label takes children only (no labelFor); the generated type still requires labelFor.
const ConfigLabel = Label as unknown as (props: { children: React.ReactNode }) => React.JSX.Element;

/** The config fields with their labels. */
export function ConfigForm(): React.JSX.Element {
  return (
    <>
      <ConfigLabel>These settings are saved with the page and visible to everyone who can view it. Do not enter secrets.</ConfigLabel>
      <ConfigLabel>Spec ids (separated by commas, spaces or new lines)</ConfigLabel>
      <ConfigLabel>
        To pin a spec to a revision, add @ and the revision, e.g. BOLT-2001@B; other specs always show their latest
        revision. Revisions are case-sensitive, written as in the engineering system.
      </ConfigLabel>
      <TextArea name="specIds" placeholder="SHAFT-1042, BOLT-2001@B" />
      <ConfigLabel>Layout</ConfigLabel>
      <RadioGroup name="layout" options={LAYOUT_OPTIONS} defaultValue="card" />
      <ConfigLabel>Table columns (table layout)</ConfigLabel>
      <CheckboxGroup name="columns" options={COLUMN_OPTIONS} defaultValue={[...DEFAULT_COLUMNS]} />
      <ConfigLabel>
        Parameter columns (table layout): parameter names separated by commas, such as Bore diameter, Radial runout;
        each becomes a column showing that parameter of every spec
      </ConfigLabel>
      <TextArea name="parameterColumns" />
      <ConfigLabel>Refresh interval in minutes (empty: the site default)</ConfigLabel>
      <Textfield name="ttlMinutes" placeholder="10" />
      <ConfigLabel>Pinned revision of the first spec only (empty: its latest; to pin any spec, use ID@REV above)</ConfigLabel>
      <Textfield name="pinnedRevision" placeholder="C" />
    </>
  );
}
