import { diffParameters } from '../domain/parameter-diff';
import type { SpecRecord } from '../shared/spec-record';
import type { MacroSettings, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/**
 * When the author pinned a revision of the macro's first spec and a newer one exists, shows the
 * pinned record with what changed since. Old revisions are immutable, so they are cached without
 * expiry concerns; when the engineering system cannot provide one, only the newer revision is named.
 */
export async function applyPinnedRevision(deps: PipelineDeps, specs: SpecView[], settings: MacroSettings, sourceDown: boolean): Promise<SpecView[]> {
  const pinned = settings.pinnedRevision;
  const first = specs[0];
  if (!pinned || !first?.record || first.record.revision === pinned) return specs;
  const latest = first.record;
  const old = await readRevision(deps, latest.id, pinned, sourceDown);
  const view: SpecView = {
    ...first,
    ...(old ? { record: old } : {}),
    pinned: { revision: pinned, latestRevision: latest.revision, changes: old ? diffParameters(old.parameters, latest.parameters) : null },
  };
  return [view, ...specs.slice(1)];
}

async function readRevision(deps: PipelineDeps, specId: string, revision: string, sourceDown: boolean): Promise<SpecRecord | undefined> {
  const cached = await deps.store.readRevision(specId, revision);
  if (cached || sourceDown) return cached;
  const fetched = await deps.source.fetchRevision(specId, revision);
  if (fetched) await deps.store.writeRevision(fetched);
  return fetched;
}
