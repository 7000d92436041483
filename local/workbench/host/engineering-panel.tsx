/**
 * The sample engineering system's records: pick one, change its revision, status or a parameter's
 * nominal, tolerance or actual value, and Publish. Publishing goes through the system's admin seam,
 * which sends a signed change notice to the app's web trigger, so open macros update live.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import React, { useEffect, useState } from 'react';
import type { SpecParameter, SpecRecord } from '../../../src/shared/spec-record';
import { LIFECYCLE_STATUSES } from '../../../src/shared/spec-record';
import { EngineeringModeSwitch, type useEngineeringMode } from './engineering-mode-switch';
import { parameterFields, parametersFromFields, type ParameterFields } from './parameter-fields';
import { workbenchApi } from './workbench-api';

interface Draft {
  revision: string;
  status: SpecRecord['status'];
  parameters: ParameterFields[];
}

function draftOf(spec: SpecRecord): Draft {
  return { revision: spec.revision, status: spec.status, parameters: spec.parameters.map(parameterFields) };
}

/** The engineering panel. */
export function EngineeringPanel({ mode }: { mode: ReturnType<typeof useEngineeringMode> }): React.JSX.Element {
  const [specs, setSpecs] = useState<SpecRecord[]>([]);
  const [selected, setSelected] = useState<string>();
  const [draft, setDraft] = useState<Draft>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const spec = specs.find((s) => s.id === selected);

  async function load(keep?: string): Promise<void> {
    const all = await workbenchApi.specs();
    setSpecs(all);
    const id = keep ?? all[0]?.id;
    setSelected(id);
    const current = all.find((s) => s.id === id);
    setDraft(current ? draftOf(current) : undefined);
  }
  useEffect(() => void load().catch((error: Error) => setOutcome({ ok: false, text: error.message })), []);

  async function publish(): Promise<void> {
    if (!spec || !draft) return;
    try {
      const parameters: SpecParameter[] = parametersFromFields(draft.parameters);
      const saved = await workbenchApi.updateSpec(spec.id, { revision: draft.revision, status: draft.status, parameters });
      setOutcome({ ok: true, text: `Published ${saved.id} Rev ${saved.revision}; the change notice is on its way to the app.` });
      await load(saved.id);
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    }
  }

  const setParameter = (index: number, change: Partial<ParameterFields>) =>
    setDraft((d) => d && { ...d, parameters: d.parameters.map((p, i) => (i === index ? { ...p, ...change } : p)) });

  return (
    <div className="wb-engineering" data-testid="engineering-panel">
      <Heading size="small">Engineering system (sample)</Heading>
      <EngineeringModeSwitch mode={mode} />
      <label className="wb-field">
        Record
        <select data-testid="eng-spec" value={selected ?? ''} onChange={(e) => void (setSelected(e.target.value), setDraft(draftOf(specs.find((s) => s.id === e.target.value)!)), setOutcome(undefined))}>
          {specs.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} · Rev {s.revision} · {s.title}
            </option>
          ))}
        </select>
      </label>
      {spec && draft ? (
        <>
          <div className="wb-row">
            <label className="wb-field">
              Revision
              <input data-testid="eng-revision" value={draft.revision} onChange={(e) => setDraft({ ...draft, revision: e.target.value })} />
            </label>
            <label className="wb-field">
              Status
              <select data-testid="eng-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as SpecRecord['status'] })}>
                {LIFECYCLE_STATUSES.map((status) => (
                  <option key={status}>{status}</option>
                ))}
              </select>
            </label>
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
                    <input aria-label={`${p.name} nominal`} value={p.nominal} onChange={(e) => setParameter(i, { nominal: e.target.value })} />
                  </td>
                  <td>
                    <span className="wb-muted">{p.toleranceType} </span>
                    {p.toleranceKeys.map((key, k) => (
                      <input key={key} aria-label={`${p.name} tolerance ${key}`} title={key} value={p.toleranceValues[k]} onChange={(e) => setParameter(i, { toleranceValues: p.toleranceValues.map((v, j) => (j === k ? e.target.value : v)) })} />
                    ))}
                  </td>
                  <td>
                    <input aria-label={`${p.name} actual`} value={p.actual} onChange={(e) => setParameter(i, { actual: e.target.value })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="wb-actions">
            <Button appearance="primary" onClick={() => void publish()} testId="eng-publish">
              Publish
            </Button>
            <Button onClick={() => setDraft(draftOf(spec))}>Discard</Button>
          </div>
        </>
      ) : null}
      {outcome ? <SectionMessage appearance={outcome.ok ? 'success' : 'error'}>{outcome.text}</SectionMessage> : null}
    </div>
  );
}
