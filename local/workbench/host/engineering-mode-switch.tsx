/**
 * Normal / Slow / Erroring / Outage for the sample engineering system, so anyone can watch readers get slow,
 * failing and stale states. The mode lives on the server (a fault rule); the page shows it in the engineering panel
 * and, while it is not Normal, in the top bar.
 */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import React, { useCallback, useEffect, useState } from 'react';
import { workbenchApi, type EngineeringModeState } from './workbench-api';

/** The current mode from the server, and a setter that asks the server to change it. */
export function useEngineeringMode(generation: number) {
  const [state, setState] = useState<EngineeringModeState>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => void workbenchApi.engineeringMode().then(setState, (error: Error) => setProblem(error.message)), [generation]);
  const setMode = useCallback((mode: string) => {
    setProblem(undefined);
    workbenchApi.setEngineeringMode(mode).then(setState, (error: Error) => setProblem(error.message));
  }, []);
  return { state, problem, setMode };
}

/** The top bar's reminder while the engineering system is not Normal. */
export function EngineeringModeBadge({ state }: { state?: EngineeringModeState }): React.JSX.Element | null {
  const current = state?.modes.find((m) => m.name === state.mode);
  if (!current || current.name === 'normal') return null;
  return (
    <span data-testid="eng-mode-badge" title={current.description}>
      <Lozenge appearance={current.name === 'slow' ? 'moved' : 'removed'} isBold>
        Engineering system: {current.label}
      </Lozenge>
    </span>
  );
}

/** The switch in the engineering panel, with what the current mode does. */
export function EngineeringModeSwitch({ mode }: { mode: ReturnType<typeof useEngineeringMode> }): React.JSX.Element {
  const { state, problem, setMode } = mode;
  const current = state?.modes.find((m) => m.name === state.mode);
  return (
    <section className="wb-eng-mode" aria-label="Engineering system service">
      <div className="wb-field" id="eng-mode-label">Service</div>
      <div className="wb-mode" role="group" aria-labelledby="eng-mode-label">
        {state?.modes.map((m) => (
          <Button key={m.name} isSelected={m.name === state.mode} onClick={() => setMode(m.name)} testId={`eng-mode-${m.name}`}>
            {m.label}
          </Button>
        ))}
      </div>
      {current ? (
        <div data-testid="eng-mode-status" role="status">
          {current.name === 'normal' ? (
            <span className="wb-muted">{current.description}</span>
          ) : (
            <SectionMessage appearance={current.name === 'slow' ? 'warning' : 'error'} title={`${current.label} mode is on`}>
              {current.description} Readers keep the last known data; press Refresh on a macro to see what they see. Choose Normal to restore service.
            </SectionMessage>
          )}
        </div>
      ) : null}
      {problem ? <SectionMessage appearance="error">{problem}</SectionMessage> : null}
    </section>
  );
}
