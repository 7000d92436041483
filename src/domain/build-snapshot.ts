import { createHash } from 'node:crypto';
import type { MacroSettings, SpecProblemCode, SpecView } from '../shared/resolver-contract';
import { fetchedLater } from './cache-entry';
import { SNAPSHOT_MAX_BYTES, SNAPSHOT_SCHEMA_VERSION, type MacroSnapshot, type SnapshotSpec } from './snapshot';

/** Builds the content-property snapshot of what one macro shows. */
export function buildSnapshot(input: {
  pageId: string;
  localId: string;
  settings: MacroSettings;
  specs: SpecView[];
  nowIso: string;
}): MacroSnapshot {
  const specs: SnapshotSpec[] = input.specs.map((view) => ({
    id: view.id,
    ...(view.record ? { record: view.record } : {}),
    ...(view.fetchedAt ? { fetchedAt: view.fetchedAt } : {}),
    ...(view.problem ? { problem: view.problem } : {}),
    ...(view.problem?.code === 'withdrawn' ? { withdrawn: true } : {}),
    ...(view.pinned
      ? { pinned: { revision: view.pinned.revision, latestRevision: view.pinned.latestRevision, availability: view.pinned.availability ?? 'shown' } }
      : {}),
  }));
  return finish({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    pageId: input.pageId,
    localId: input.localId,
    layout: input.settings.layout,
    columns: input.settings.columns,
    ...(input.settings.parameterColumns?.length ? { parameterColumns: input.settings.parameterColumns } : {}),
    ...(input.settings.pinnedRevision ? { pinnedRevision: input.settings.pinnedRevision } : {}),
    ttlSeconds: input.settings.ttlSeconds,
    specs,
    writtenAt: input.nowIso,
    contentHash: '',
    truncated: false,
  });
}

/** Problems that say a spec must not show a record: the stored one is not kept as last-known-good data. */
const DEFINITIVE = new Set<SpecProblemCode>(['withdrawn', 'not_found', 'not_allowed']);

/**
 * Combines the snapshot already stored with a new one (concurrent writers, reordered notices): a
 * stored spec is kept only when it was fetched later than the new one (never by the record's own
 * timestamps; a fetch time in the future is not believed), or as last-known-good data when the new
 * one has none because the engineering system is failing.
 * `nowMs` is the time of the merge, after the stored one was read — not the new snapshot's `writtenAt`:
 * a snapshot built before a later fetch started would take that fetch for one in the future and replace it.
 */
export function mergeSnapshots(stored: MacroSnapshot | undefined, next: MacroSnapshot, nowMs: number): MacroSnapshot {
  if (!stored) return next;
  const previous = new Map(stored.specs.map((s) => [s.id, s]));
  const specs = next.specs.map((spec) => {
    const old = previous.get(spec.id);
    if (!old?.record) return spec;
    // A spec that is gone, or that the site's allow-list now refuses (§29), keeps nothing of the stored record.
    if (!spec.record) return spec.problem && DEFINITIVE.has(spec.problem.code) ? spec : { ...old, problem: spec.problem };
    return fetchedLater(fetchTime(old), fetchTime(spec), nowMs) ? old : spec;
  });
  return finish({ ...next, specs });
}

function fetchTime(spec: SnapshotSpec): { fetchedAt: number } {
  const at = spec.fetchedAt === undefined ? Number.NaN : Date.parse(spec.fetchedAt);
  return { fetchedAt: Number.isFinite(at) ? at : Number.NEGATIVE_INFINITY };
}

/**
 * Hash of what the snapshot displays, to skip unchanged writes. When it was written or fetched is
 * left out: a revalidation that finds the same record must not rewrite the property.
 */
export function hashSnapshotContent(snapshot: MacroSnapshot): string {
  const { writtenAt: _writtenAt, contentHash: _hash, truncated: _truncated, trimmedSpecIds: _trimmed, sequence: _sequence, signature: _signature, ...content } = snapshot;
  const displayed = { ...content, specs: content.specs.map(({ fetchedAt: _fetchedAt, ...spec }) => spec) };
  // The prefix changed when snapshots became signed (§13), so every macro's next view rewrites (and signs) its snapshot once.
  return createHash('sha256').update(`signed-v1\n${JSON.stringify(displayed)}`).digest('base64url').slice(0, 32);
}

/** Byte size of the snapshot as stored (JSON, UTF-8). */
export function snapshotBytes(snapshot: MacroSnapshot): number {
  return Buffer.byteLength(JSON.stringify(snapshot));
}

/**
 * Trims a snapshot to fit Confluence's 32 KB property limit, deliberately: first parameters are
 * dropped from the largest records, then whole records (id, problem and fetch time stay), and the
 * snapshot is marked truncated with the ids that lost detail. Linear in the snapshot's size: it is
 * serialised once, then the size is kept by subtracting what each step removes (50 records of 64 KiB
 * took 3–6 s when it was serialised again per step, on the consumer's path).
 */
export function trimSnapshot(snapshot: MacroSnapshot, maxBytes = SNAPSHOT_MAX_BYTES - 512): MacroSnapshot {
  if (snapshotBytes(snapshot) <= maxBytes) return snapshot;
  const specs = snapshot.specs.map((s) => ({ ...s }));
  const trimmed = new Set<string>();
  const current = (): MacroSnapshot => ({ ...snapshot, specs, truncated: true, trimmedSpecIds: [...trimmed] });
  const recordBytes = new Map(specs.map((spec) => [spec, spec.record ? jsonBytes(spec.record) : 0]));
  const bySize = [...specs].sort((a, b) => (recordBytes.get(b) ?? 0) - (recordBytes.get(a) ?? 0));
  let size = snapshotBytes(current());
  const list = (id: string) => {
    if (trimmed.has(id)) return;
    trimmed.add(id);
    size += jsonBytes(id) + 1;
  };
  for (const spec of bySize) {
    if (size <= maxBytes) break;
    if (spec.record && spec.record.parameters.length > 0) {
      size -= jsonBytes(spec.record.parameters) - 2;
      spec.record = { ...spec.record, parameters: [] };
      list(spec.id);
    }
  }
  for (const spec of bySize) {
    if (size <= maxBytes) break;
    if (spec.record) {
      size -= jsonBytes(spec.record) + '"record":,'.length;
      delete spec.record;
      list(spec.id);
    }
  }
  // The kept size is exact but for one separator per listed id (counted high); the stored size is checked once more.
  for (const spec of bySize) {
    if (snapshotBytes(current()) <= maxBytes) break;
    if (spec.record) {
      delete spec.record;
      list(spec.id);
    }
  }
  return current();
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function finish(snapshot: MacroSnapshot): MacroSnapshot {
  const trimmed = trimSnapshot({ ...snapshot, truncated: false, trimmedSpecIds: undefined });
  const clean = trimmed.trimmedSpecIds?.length ? trimmed : { ...trimmed, truncated: false, trimmedSpecIds: undefined };
  const { trimmedSpecIds, ...rest } = clean;
  const result: MacroSnapshot = { ...rest, ...(trimmedSpecIds ? { trimmedSpecIds } : {}) };
  return { ...result, contentHash: hashSnapshotContent(result) };
}
