/**
 * The sample engineering system's records: pick one, see where it is documented in Confluence, change its revision,
 * status or a parameter's nominal, tolerance or actual value, and Publish. Publishing goes through the system's admin seam,
 * which sends a signed change notice to the app's web trigger, so open macros update live.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import React, { useEffect, useState } from 'react';
import type { SpecParameter, SpecRecord } from '../../../src/shared/spec-record';
import { LIFECYCLE_STATUSES } from '../../../src/shared/spec-record';
import { DocumentedIn } from './documented-in';
import { EngineeringModeSwitch, type useEngineeringMode } from './engineering-mode-switch';
import { fieldProblems, readableFieldError, TOLERANCE_KEY_LABELS } from './field-messages';
import { parameterFields, parametersFromFields, type ParameterFields } from './parameter-fields';
import { workbenchApi } from './workbench-api';

interface Draft {
  revision: string;
  status: SpecRecord['status'];
  parameters: ParameterFields[];
}

interface Choice<T extends string = string> {
  label: string;
  value: T;
}

const specOption = (s: SpecRecord): Choice => ({ value: s.id, label: `${s.id} · Rev ${s.revision} · ${s.title}` });
const STATUS_OPTIONS: Choice<SpecRecord['status']>[] = LIFECYCLE_STATUSES.map((status) => ({ value: status, label: status }));

/** The record list: the records the page shows first, under their own heading. */
function recordGroups(onPage: SpecRecord[], others: SpecRecord[]): { label: string; options: Choice[] }[] {
  if (onPage.length === 0) return [{ label: 'Records', options: others.map(specOption) }];
  return [
    { label: 'On this page', options: onPage.map(specOption) },
    { label: 'Other records', options: others.map(specOption) },
  ];
}

function draftOf(spec: SpecRecord): Draft {
  return { revision: spec.revision, status: spec.status, parameters: spec.parameters.map(parameterFields) };
}

/** The record to open on: the first one the current page shows, else the first record. */
function preferredSpec(specs: SpecRecord[], pageSpecIds: string[]): string | undefined {
  return pageSpecIds.find((id) => specs.some((s) => s.id === id)) ?? specs[0]?.id;
}

/** The engineering panel; `pageSpecIds` are the records the current page shows (listed first, opened first). */
export function EngineeringPanel({ mode, pageSpecIds }: { mode: ReturnType<typeof useEngineeringMode>; pageSpecIds: string[] }): React.JSX.Element {
  const [specs, setSpecs] = useState<SpecRecord[]>([]);
  const [chosen, setChosen] = useState<string>();
  const [edit, setEdit] = useState<{ id: string; draft: Draft }>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string | string[] }>();
  // Until someone picks a record, the panel follows the page: it opens on a record the page shows.
  const selected = chosen ?? preferredSpec(specs, pageSpecIds);
  const spec = specs.find((s) => s.id === selected);
  const draft = spec && (edit?.id === spec.id ? edit.draft : draftOf(spec));
  const setDraft = (next: Draft) => spec && setEdit({ id: spec.id, draft: next });
  const onPage = specs.filter((s) => pageSpecIds.includes(s.id));
  const others = specs.filter((s) => !pageSpecIds.includes(s.id));

  async function load(): Promise<void> {
    setSpecs(await workbenchApi.specs());
    setEdit(undefined);
  }
  useEffect(() => void load().catch((error: Error) => setOutcome({ ok: false, text: error.message })), []);

  async function publish(): Promise<void> {
    if (!spec || !draft) return;
    const problems = fieldProblems(draft.parameters);
    if (problems.length > 0) return setOutcome({ ok: false, text: problems });
    try {
      const parameters: SpecParameter[] = parametersFromFields(draft.parameters);
      const saved = await workbenchApi.updateSpec(spec.id, { revision: draft.revision, status: draft.status, parameters });
      setOutcome({ ok: true, text: `Published ${saved.id} Rev ${saved.revision}; the change notice is on its way to the app.` });
      setChosen(saved.id);
      await load();
    } catch (error) {
      setOutcome({ ok: false, text: readableFieldError((error as Error).message, draft.parameters) });
    }
  }

  const setParameter = (index: number, change: Partial<ParameterFields>) =>
    draft && setDraft({ ...draft, parameters: draft.parameters.map((p, i) => (i === index ? { ...p, ...change } : p)) });

  return (
    <div className="wb-engineering" data-testid="engineering-panel">
      <Heading size="small">Engineering system (sample)</Heading>
      <EngineeringModeSwitch mode={mode} />
      <div className="wb-field">
        <label htmlFor="eng-spec-input">Record</label>
        <Select<Choice>
          inputId="eng-spec-input"
          testId="eng-spec"
          spacing="compact"
          options={recordGroups(onPage, others)}
          value={spec ? specOption(spec) : null}
          onChange={(choice) => choice && void (setChosen(choice.value), setEdit(undefined), setOutcome(undefined))}
        />
      </div>
      {spec ? <DocumentedIn key={spec.id} specId={spec.id} /> : null}
      {spec && draft ? (
        <>
          <div className="wb-row">
            <label className="wb-field">
              Revision
              <Textfield testId="eng-revision" isCompact value={draft.revision} onChange={(e) => setDraft({ ...draft, revision: e.currentTarget.value })} />
            </label>
            <div className="wb-field wb-status">
              <label htmlFor="eng-status-input">Status</label>
              <Select<Choice<SpecRecord['status']>>
                inputId="eng-status-input"
                testId="eng-status"
                spacing="compact"
                options={STATUS_OPTIONS}
                value={STATUS_OPTIONS.find((option) => option.value === draft.status) ?? null}
                onChange={(choice) => choice && setDraft({ ...draft, status: choice.value })}
              />
            </div>
          </div>
          <table className="wb-param-table">
            <thead>
              <tr>
                <th>Parameter</th>
                <th>Nominal</th>
                <th>Tolerance</th>
                <th>Actual</th>
              </tr>
            </thead>
            <tbody>
              {draft.parameters.map((p, i) => (
                <tr key={p.name}>
                  <td>
                    {p.name} <span className="wb-muted">{p.unit}</span>
                  </td>
                  <td>
                    <Textfield isCompact width={72} aria-label={`${p.name} nominal`} value={p.nominal} onChange={(e) => setParameter(i, { nominal: e.currentTarget.value })} />
                  </td>
                  <td>
                    <div className="wb-muted">{p.toleranceType}</div>
                    <div className="wb-tol-row">
                    {p.toleranceKeys.map((key, k) => (
                      <label key={key} className="wb-tol">
                        <span>{TOLERANCE_KEY_LABELS[key] ?? key}</span>
                        <Textfield isCompact width={64} aria-label={`${p.name} tolerance ${key}`} value={p.toleranceValues[k]} onChange={(e) => setParameter(i, { toleranceValues: p.toleranceValues.map((v, j) => (j === k ? e.currentTarget.value : v)) })} />
                      </label>
                    ))}
                    </div>
                  </td>
                  <td>
                    <Textfield isCompact width={72} aria-label={`${p.name} actual`} value={p.actual} onChange={(e) => setParameter(i, { actual: e.currentTarget.value })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="wb-actions">
            <Button appearance="primary" onClick={() => void publish()} testId="eng-publish">
              Publish
            </Button>
            <Button onClick={() => setEdit(undefined)}>Discard</Button>
          </div>
        </>
      ) : null}
      {outcome ? (
        <div data-testid="eng-outcome">
          <SectionMessage appearance={outcome.ok ? 'success' : 'error'} title={outcome.ok ? undefined : 'Not published'}>
            {Array.isArray(outcome.text) ? outcome.text.map((line) => <p key={line}>{line}</p>) : outcome.text}
          </SectionMessage>
        </div>
      ) : null}
    </div>
  );
}
