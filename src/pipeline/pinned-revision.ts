import { pinnedRevisionFor } from '../domain/macro-config';
import { diffParameters } from '../domain/parameter-diff';
import type { SpecRecord } from '../shared/spec-record';
import type { MacroSettings, PinnedRevisionInfo, SpecProblem, SpecView } from '../shared/resolver-contract';
import type { PipelineDeps } from './pipeline-deps';

/** What reading the pinned revision gave: the record, "no such revision", nothing now, or a record of another revision (or spec). */
type PinnedRead =
  | { kind: 'found'; record: SpecRecord }
  | { kind: 'not_found' }
  | { kind: 'absent' }
  | { kind: 'mismatch'; answered: SpecRecord };

/**
 * Shows each pinned spec at its pinned revision (an `ID@REV` pin, or the "Pinned revision" field for the
 * first spec) with what changed since, and says when the pin cannot be honoured. Old revisions are
 * immutable, so they are cached without expiry concerns. Revisions are compared exactly as written:
 * the engineering system decides what a revision is, so `b` is asked for as `b`, and its 404 means
 * "Rev b does not exist". When a revision cannot be provided the latest record is shown, never
 * labelled as the pinned one. An answer that is not the revision asked for is neither cached nor
 * shown as the pinned revision: the reader sees the latest record and a problem saying so.
 */
export async function applyPinnedRevision(deps: PipelineDeps, specs: SpecView[], settings: MacroSettings, sourceDown: boolean): Promise<SpecView[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const pinned = pinnedRevisionFor(settings, spec.id);
      return pinned && spec.record ? pinSpec(deps, spec, spec.record, pinned, sourceDown) : spec;
    }),
  );
}

async function pinSpec(deps: PipelineDeps, spec: SpecView, latest: SpecRecord, pinned: string, sourceDown: boolean): Promise<SpecView> {
  const info = (availability: PinnedRevisionInfo['availability'], changes: PinnedRevisionInfo['changes']): PinnedRevisionInfo => ({
    revision: pinned,
    latestRevision: latest.revision,
    changes,
    availability,
  });
  if (latest.revision === pinned) return { ...spec, pinned: info('shown', []) };
  const read = await readRevision(deps, latest.id, pinned, sourceDown);
  switch (read.kind) {
    case 'found':
      return { ...spec, record: read.record, pinned: info('shown', diffParameters(read.record.parameters, latest.parameters)) };
    case 'not_found':
      return { ...spec, pinned: info('not_found', null) };
    case 'absent':
      return { ...spec, pinned: info('unreadable', null) };
    case 'mismatch':
      return { ...spec, ...(spec.problem ? {} : { problem: mismatchProblem(latest, pinned, read.answered) }), pinned: info('unreadable', null) };
  }
}

async function readRevision(deps: PipelineDeps, specId: string, revision: string, sourceDown: boolean): Promise<PinnedRead> {
  const cached = await deps.store.readRevision(specId, revision);
  if (cached && isRevision(cached, specId, revision)) return { kind: 'found', record: cached };
  if (sourceDown) return { kind: 'absent' };
  const fetched = await deps.source.fetchRevision(specId, revision);
  if (fetched.kind === 'not_found') return { kind: 'not_found' };
  if (fetched.kind === 'failed') {
    deps.log.warn('could not read the pinned revision', { specId, revision, error: fetched.message });
    return { kind: 'absent' };
  }
  if (!isRevision(fetched.record, specId, revision)) {
    deps.log.warn('engineering answered another revision than the one asked for', { specId, asked: revision, answeredId: fetched.record.id, answered: fetched.record.revision });
    return { kind: 'mismatch', answered: fetched.record };
  }
  await deps.store.writeRevision(fetched.record);
  return { kind: 'found', record: fetched.record };
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
