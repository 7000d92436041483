/** Mounts the macro with one scripted getSpecs answer and waits until it has rendered it. */
import { expect } from 'vitest';
import type { MacroViewModel, ResolverResult } from '../../src/shared/resolver-contract';
import { findByType } from './forge-doc';
import { waitFor } from './harness';
import type { MountedMacro } from './mount-macro';
import { mountMacro } from './mount-macro';
import { ok } from './view-model-factory';

/** Renders `view` (or a failed answer) and returns the mounted macro once loading is over. */
export async function renderView(answer: MacroViewModel | ResolverResult<MacroViewModel>): Promise<MountedMacro> {
  const result = 'ok' in answer ? answer : ok(answer);
  const mounted = await mountMacro((h) => {
    h.resolver = () => result;
  });
  await waitFor(() => expect(findByType(mounted.harness.root, 'Spinner')).toHaveLength(0));
  return mounted;
}
