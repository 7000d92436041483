/**
 * A failed admin call, shown next to the action that made it: a refused field (`invalid_input`) as a short line,
 * anything else as an error message with Retry. (`forbidden` never gets here: the page shows only its own message.)
 */
import { Button, SectionMessage, Stack, Text } from '@forge/react';
import React, { useState } from 'react';
import type { ResolverResult } from '../../shared/resolver-contract';

export type Failure = Extract<ResolverResult<unknown>, { ok: false }>;

interface Attempt {
  at: string;
  failure: Failure;
  retry: () => void;
}

export function CallFailure({ failure, onRetry }: { failure: Failure; onRetry?: () => void }): React.JSX.Element {
  if (failure.code === 'invalid_input') return <Text color="color.text.danger">{failure.message}</Text>;
  return (
    <SectionMessage appearance="error">
      <Stack space="space.100">
        <Text>{failure.message}</Text>
        {onRetry ? <Button onClick={onRetry}>Retry</Button> : null}
      </Stack>
    </SectionMessage>
  );
}

/**
 * Runs a section's actions one at a time and remembers the last failure with the action it belongs to (`at`), so
 * the section shows it beside that action and Retry repeats it.
 */
export function useActions(): {
  busy: string | undefined;
  run: <T>(at: string, action: () => Promise<ResolverResult<T>>, onOk: (value: T) => void) => Promise<void>;
  failureAt: (at: string) => React.JSX.Element | null;
  fail: (at: string, message: string) => void;
} {
  const [attempt, setAttempt] = useState<Attempt>();
  const [busy, setBusy] = useState<string>();
  const run = async <T,>(at: string, action: () => Promise<ResolverResult<T>>, onOk: (value: T) => void): Promise<void> => {
    setAttempt(undefined);
    setBusy(at);
    const result = await action();
    setBusy(undefined);
    if (result.ok) return onOk(result.value);
    setAttempt({ at, failure: result, retry: () => void run(at, action, onOk) });
  };
  const fail = (at: string, message: string) => setAttempt({ at, failure: { ok: false, code: 'invalid_input', message }, retry: () => undefined });
  const failureAt = (at: string) => (attempt?.at === at ? <CallFailure failure={attempt.failure} onRetry={attempt.retry} /> : null);
  return { busy, run, failureAt, fail };
}
