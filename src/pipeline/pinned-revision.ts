import { diffParameters } from '../domain/parameter-diff';
import type { SpecRecord } from '../shared/spec-record';
import type { MacroSettings, SpecProblem, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/** What reading the pinned revision gave: the record, nothing, or a record of another revision (or spec). */
type PinnedRead = { kind: 'found'; record: SpecRecord } | { kind: 'absent' } | { kind: 'mismatch'; answered: SpecRecord };

/**
 * When the author pinned a revision of the macro's first spec and a newer one exists, shows the
 * pinned record with what changed since. Old revisions are immutable, so they are cached without
 * expiry concerns; when the engineering system cannot provide one, only the newer revision is named.
 * An answer that is not the revision asked for is neither cached nor shown as the pinned revision:
 * the reader sees the latest record and a problem saying so.
 */
export async function applyPinnedRevision(deps: PipelineDeps, specs: SpecView[], settings: MacroSettings, sourceDown: boolean): Promise<SpecView[]> {
  const pinned = settings.pinnedRevision;
  const first = specs[0];
  if (!pinned || !first?.record || first.record.revision === pinned) return specs;
  const latest = first.record;
  const read = await readRevision(deps, latest.id, pinned, sourceDown);
  const old = read.kind === 'found' ? read.record : undefined;
  const view: SpecView = {
    ...first,
    ...(old ? { record: old } : {}),
    ...(read.kind === 'mismatch' && !first.problem ? { problem: mismatchProblem(latest, pinned, read.answered) } : {}),
    pinned: { revision: pinned, latestRevision: latest.revision, changes: old ? diffParameters(old.parameters, latest.parameters) : null },
  };
  return [view, ...specs.slice(1)];
}

async function readRevision(deps: PipelineDeps, specId: string, revision: string, sourceDown: boolean): Promise<PinnedRead> {
  const cached = await deps.store.readRevision(specId, revision);
  if (cached && isRevision(cached, specId, revision)) return { kind: 'found', record: cached };
  if (sourceDown) return { kind: 'absent' };
  const fetched = await deps.source.fetchRevision(specId, revision);
  if (!fetched) return { kind: 'absent' };
  if (!isRevision(fetched, specId, revision)) {
    deps.log.warn('engineering answered another revision than the one asked for', { specId, asked: revision, answeredId: fetched.id, answered: fetched.revision });
    return { kind: 'mismatch', answered: fetched };
  }
  await deps.store.writeRevision(fetched);
  return { kind: 'found', record: fetched };
}

/** What the reader is told when the engineering system answered another record than the pinned revision. */
function mismatchProblem(latest: SpecRecord, pinned: string, answered: SpecRecord): SpecProblem {
  const what = answered.id === latest.id ? `Rev ${answered.revision}` : `${answered.id} Rev ${answered.revision}`;
  return {
    code: 'invalid_record',
    message:
      `The engineering system answered ${what} when asked for the pinned Rev ${pinned} of ${latest.id}, ` +
      `so Rev ${pinned} cannot be shown; this is the latest revision, Rev ${latest.revision}.`,
  };
}

/** True when `record` is revision `revision` of spec `specId` — the only record that may stand for it. */
function isRevision(record: SpecRecord, specId: string, revision: string): boolean {
  return record.id === specId && record.revision === revision;
}
