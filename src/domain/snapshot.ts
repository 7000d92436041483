/**
 * The content-property snapshot of one macro instance: what that macro shows, written to
 * Confluence as last-known-good data for export (adfExport), search and outages.
 * Stored under the key `spec-bridge.snapshot.<localId>` (see confluence/content-properties.ts).
 */
import type { Layout, PinnedAvailability, SpecProblemCode, TableColumn } from '../shared/resolver-contract';
import type { SpecRecord } from '../shared/spec-record';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Confluence rejects content-property values over 32 KB; snapshots are trimmed below this. */
export const SNAPSHOT_MAX_BYTES = 32 * 1024;

export interface SnapshotSpec {
  id: string;
  /** The displayed record; absent when the spec had no data (problem says why). */
  record?: SpecRecord;
  /** ISO time this record was fetched from the engineering system. */
  fetchedAt?: string;
  problem?: { code: SpecProblemCode; message: string };
  /** True when the engineering system reported the spec deleted (spec.deleted). */
  withdrawn?: boolean;
  /** The spec's pin as shown (absent in snapshots written before per-spec pins: the envelope's pinnedRevision applies). */
  pinned?: SnapshotPin;
}

export interface SnapshotPin {
  revision: string;
  latestRevision: string;
  availability: PinnedAvailability;
}

export interface MacroSnapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  pageId: string;
  localId: string;
  layout: Layout;
  columns: TableColumn[];
  /** The table's parameter columns (MacroSettings.parameterColumns); absent when none, so older snapshots keep their hash. */
  parameterColumns?: string[];
  /** The config's "Pinned revision" field (first spec only), as older snapshots carry it. */
  pinnedRevision?: string;
  /**
   * How long the records count as fresh (the macro's TTL when written, the deployment's default when the config sets
   * none): the macro paints the snapshot as current only within it (§19). Absent in snapshots written before.
   */
  ttlSeconds?: number;
  specs: SnapshotSpec[];
  /** ISO time the snapshot was built. */
  writtenAt: string;
  /** Hash of the displayed data (excludes writtenAt) so unchanged data is not rewritten. */
  contentHash: string;
  /** True when the snapshot was trimmed to fit SNAPSHOT_MAX_BYTES; trimmedSpecIds lists what lost detail. */
  truncated: boolean;
  trimmedSpecIds?: string[];
  /** Counts the app's writes of this property (the verified stored one + 1); signed, so an old copy cannot pass for a newer one. */
  sequence?: number;
  /** Ed25519 signature of the stored snapshot (docs/decisions.md §13); absent when the app has no signing key. */
  signature?: SnapshotSignature;
}

export interface SnapshotSignature {
  /** Key id in src/shared/snapshot-keys.ts. */
  keyId: string;
  /** base64 Ed25519 signature of snapshotSigningPayload(). */
  sig: string;
}
